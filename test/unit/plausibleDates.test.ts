import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseBirthDateOrYear } from '../../src/domain/birthDates';
import { earliestSessionDate } from '../../src/domain/periods';
import { checkSessionDatePlausible } from '../../src/domain/rules';

const zone = 'Australia/Sydney';
const at = (iso: string) => DateTime.fromISO(iso, { zone });

describe('plausible dates', () => {
  it('records sessions from the start of the last closed reporting period to today', () => {
    assert.equal(earliestSessionDate(at('2025-10-20T10:00'), zone).toISODate(), '2025-01-01', 'H2 open alone: back to the start of H1');
    assert.equal(earliestSessionDate(at('2026-01-20T10:00'), zone).toISODate(), '2025-01-01', 'in January H2 2025 is still open: back to H1 2025');
    assert.equal(earliestSessionDate(at('2026-01-31T10:00'), zone).toISODate(), '2025-07-01');
    const now = at('2025-10-20T10:00');
    for (const iso of ['0000-01-01', '0001-01-01', '1800-01-01', '1900-01-01', '1970-01-01', '2024-12-31']) {
      assert.equal(checkSessionDatePlausible(at(iso), now, zone)?.code, 'sessionDate.tooEarly', iso);
    }
    assert.equal(checkSessionDatePlausible(at('2025-01-01T00:00'), now, zone), null);
    assert.equal(checkSessionDatePlausible(at('2025-10-21'), now, zone)?.code, 'sessionDate.future');
  });

  it('refuses a date of birth before 1900 even when the age limit would allow it', () => {
    const now = at('2015-06-01T10:00');
    const r = parseBirthDateOrYear('31/12/1899', now, zone);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /before 1900/);
    assert.equal(parseBirthDateOrYear('about 1899', now, zone).ok, false);
    assert.equal(parseBirthDateOrYear('1/1/1900', now, zone).ok, true);
  });
});
