import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { readStartsAt } from '../../dialogs/sessionFieldAnswers';

const ZONE = 'Australia/Sydney';
const now = DateTime.fromISO('2025-11-19T14:00', { zone: ZONE });
const read = (typed: string) => readStartsAt(typed, now, ZONE);

describe('a session date typed in words', () => {
  const cases: [string, string][] = [
    ['on the 3rd of November at 10:30am', '2025-11-03T10:30:00.000+11:00'],
    ['last wed at 10', '2025-11-12T10:00:00.000+11:00'],
    ['the 10th', '2025-11-10T00:00:00.000+11:00'],
    ['monday arvo', '2025-11-17T00:00:00.000+11:00'],
    ['15/10/2025 2:30pm', '2025-10-15T14:30:00.000+11:00'],
  ];
  for (const [typed, iso] of cases) {
    it(`reads "${typed}"`, () => {
      const r = read(typed);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value, iso);
    });
  }

  it('keeps the DEX rules: not in the future, and a numeric date that does not exist is explained, not guessed', () => {
    const future = read('next friday 10am');
    assert.ok(!future.ok && /in the future/.test(future.message), JSON.stringify(future));
    const impossible = read('31/02/2025');
    assert.ok(!impossible.ok && /February 2025 has 28 days/.test(impossible.message), JSON.stringify(impossible));
    assert.ok(!read('banana').ok);
  });
});
