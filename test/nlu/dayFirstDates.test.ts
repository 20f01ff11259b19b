import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { createRecogniser } from '../../src/understanding/recogniser';

describe('dates in a sentence are day first', () => {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
  const said = (text: string) => {
    const u = recogniser.understand(text, now);
    assert.equal(u.kind === 'command' ? u.command : u.kind, 'addSession', text);
    return u.kind === 'command' ? u.said : {};
  };

  it('keeps no date that only reads month first ("11/28/2025"), so it is asked for, and keeps the case file', () => {
    const s = said('add session to wed seniors 11/28/2025 2pm 1h');
    assert.equal(s.when, undefined);
    assert.equal(s.caseName, 'wed seniors');
    assert.equal(s.minutes, 60);
  });

  it('reads day-first dates, and times written with a dot', () => {
    assert.deepEqual(said('add session to wed seniors 28/11/2025 2pm 1h').when, { date: '2025-11-28', time: '14:00' });
    assert.deepEqual(said('add session to wed seniors 3/11/25 10am 2 hrs').when, { date: '2025-11-03', time: '10:00' });
    assert.deepEqual(said('add a session for coffee and chat 12 nov 9.30am 90 min').when, { date: '2025-11-12', time: '09:30' });
  });
});
