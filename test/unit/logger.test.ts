import assert from 'node:assert/strict';
import { createLogger, REDACTED, REDACTED_PATHS } from '../../src/logger';

function capture(level: Parameters<typeof createLogger>[0]): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(line)) };
}

describe('logger', () => {
  it('writes one JSON line per event with level, time, event and the fields', () => {
    const { lines, logger } = capture('info');
    logger.info('turn.duplicate', { activityId: 'f:1', resent: 2, dryRun: false, gone: undefined, none: null });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes('\n'));
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(
      { ...line, time: undefined },
      { level: 'info', time: undefined, event: 'turn.duplicate', activityId: 'f:1', resent: 2, dryRun: false, none: null },
    );
    assert.ok(!Number.isNaN(Date.parse(line.time as string)) && (line.time as string).endsWith('Z'));
  });

  it('leaves out events below its level', () => {
    const { lines, logger } = capture('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { event: string; level: string }).level),
      ['warn', 'error'],
    );
  });

  it('redacts a field named for a person’s details or a message’s words, keeping the rest of the line', () => {
    const { lines, logger } = capture('debug');
    logger.warn('oops', {
      givenName: 'Zelda',
      familyName: 'Quimby',
      birthDate: '1961-02-14',
      slk: 'UIMEL140219612',
      text: 'add Zelda Quimby',
      organisation: 'harbourside',
    });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const field of ['givenName', 'familyName', 'birthDate', 'slk', 'text']) assert.equal(line[field], REDACTED, field);
    assert.equal(line.organisation, 'harbourside');
    assert.doesNotMatch(lines[0]!, /Zelda|Quimby|1961|UIMEL/);
    for (const path of REDACTED_PATHS) {
      logger.info('each', { [path]: 'Personal value' });
      assert.equal((JSON.parse(lines.at(-1)!) as Record<string, unknown>)[path], REDACTED, path);
    }
  });
});
