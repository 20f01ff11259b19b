import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseCsv, type CsvRecord } from '../src/importing/csv';
import { createLogger, type LogFields, type Logger, type LogSink } from '../src/logger';

/**
 * The libraries that replaced hand-written code (pino for logs, csv-parse for attendance rolls), measured beside
 * the hand-written versions they replaced, which are read from the commit before the change
 * (docs/architecture.md, "Libraries"). Usage: npx tsx bench/libraries.ts [--lines 100000] [--rows 20000]
 */

const HAND_WRITTEN_AT = '06d1413';
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const LINES = option('--lines', 100_000);
const ROWS = option('--rows', 20_000);

const root = path.join(__dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-libraries-'));
function handWritten<T>(file: string): T {
  const target = path.join(dir, path.basename(file));
  writeFileSync(target, execFileSync('git', ['show', `${HAND_WRITTEN_AT}:${file}`], { cwd: root, encoding: 'utf8' }));
  return require(target) as T;
}

function median(label: string, runs: number, unit: string, work: () => number): void {
  work();
  const figures: number[] = [];
  for (let r = 0; r < runs; r++) figures.push(work());
  figures.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(40)} median ${figures[Math.floor(runs / 2)]!.toFixed(2)} ${unit}  (best ${figures[0]!.toFixed(2)}, worst ${figures.at(-1)!.toFixed(2)}; ${runs} runs)`,
  );
}

// ---------------------------------------------------------------- logging
const fields: LogFields = {
  organisation: 'harbourside-community',
  conversation: 'a:1Xy2-conversation',
  activityId: 'f:123456789',
  resent: 2,
  dryRun: false,
};
let last = '';
const keep: LogSink = (line) => {
  last = line;
};
const perLine = (logger: Logger) => (): number => {
  const started = performance.now();
  for (let i = 0; i < LINES; i++) logger.info('turn.duplicate', fields);
  return ((performance.now() - started) * 1000) / LINES;
};
const oldLogger = handWritten<{ createLogger: typeof createLogger }>('src/logger.ts');
console.log(`logging, ${LINES} lines a run, to a sink that keeps the last line:`);
median('  hand-written JSON.stringify', 5, 'µs/line', perLine(oldLogger.createLogger('info', keep)));
median('  pino with redact paths', 5, 'µs/line', perLine(createLogger('info', keep)));
median('  pino, event below the level', 5, 'µs/line', perLine(createLogger('warn', keep)));
console.log(`  a line: ${last}`);

// ---------------------------------------------------------------- CSV
const row = (i: number): string =>
  `A-${i % 50},"Knitting circle, Parramatta",HCS-PARRAMATTA,K-${i},14/10/2025,10:00,60,C-${i},Mary,O'Brien,01/01/1950,FEMALE,yes,yes`;
const roll = [
  'activity_id,activity_name,outlet_id,session_key,date,start_time,duration_minutes,client_id,given_name,family_name,birth_date,gender,booked,attended',
  ...Array.from({ length: ROWS }, (_, i) => row(i)),
].join('\r\n');
const oldCsv = handWritten<{ parseCsv: typeof parseCsv }>('src/importing/csv.ts');
const same = (a: CsvRecord[], b: CsvRecord[]): boolean => JSON.stringify(a) === JSON.stringify(b);
if (!same(oldCsv.parseCsv(roll), parseCsv(roll))) throw new Error('the two CSV readers disagree on the roll');
const perFile = (parse: (text: string) => CsvRecord[]) => (): number => {
  const started = performance.now();
  parse(roll);
  return performance.now() - started;
};
console.log(`CSV, an attendance roll of ${ROWS} rows (${(roll.length / 1e6).toFixed(1)} MB), both readers giving the same records:`);
median('  hand-written reader', 7, 'ms/file', perFile(oldCsv.parseCsv));
median('  csv-parse', 7, 'ms/file', perFile(parseCsv));
rmSync(dir, { recursive: true, force: true });
