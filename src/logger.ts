import pino from 'pino';

/**
 * Structured logs, one JSON line per event (`{"level","time","event",...fields}`), written by pino. Callers pass
 * identifiers and counts only: client names, birth dates, SLKs and what people typed never reach a log line, so
 * the log can be shipped to any log service without becoming a privacy register. The redact paths below are a
 * second guard for a field that slips through under one of those names.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined | null>;

export type Logger = {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

export type LogSink = (line: string) => void;

/**
 * Field names that would hold a person's details or a message's words. LogFields are flat, so top-level paths
 * cover every field; wildcard paths (`*.name`) would cost four times as much per line (bench/logging.ts).
 */
export const REDACTED_PATHS: readonly string[] = [
  'givenName',
  'familyName',
  'name',
  'fullName',
  'clientName',
  'birthDate',
  'dateOfBirth',
  'slk',
  'text',
  'said',
];
export const REDACTED = '[redacted]';

export function createLogger(level: LogLevel, sink?: LogSink): Logger {
  const destination = sink
    ? { write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : // Synchronous, so the line of an event just before a crash is written.
      pino.destination({ dest: 1, sync: true });
  const log = pino(
    {
      level,
      base: undefined,
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    },
    destination,
  );
  const emit =
    (at: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      log[at]({ event, ...fields });
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('error', () => undefined);
