import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseBirthDateOrYear } from '../../src/domain/birthDates';
import { formatAuDate, formatAuDateTime, formatDuration } from '../../src/domain/dateFormat';
import { parseDuration } from '../../src/domain/durations';
import { parseSessionDateTime, type SessionDateTimeResult } from '../../src/domain/typedDates';

const SYDNEY = 'Australia/Sydney';
const sydney = (iso: string): DateTime => DateTime.fromISO(iso, { zone: SYDNEY });
// Thursday 16 October 2025, 11:00 in Sydney (daylight time, UTC+11).
const NOW = sydney('2025-10-16T11:00');

function parsedOk(text: string, now: DateTime = NOW): { iso: string; dateOnly: boolean } {
  const r = parseSessionDateTime(text, now, SYDNEY);
  if (!r.ok) {
    assert.fail(`"${text}" was refused: ${r.reason}`);
  }
  return { iso: r.value.toISO(), dateOnly: r.dateOnly };
}

function reasonFor(text: string, now: DateTime = NOW): string {
  const r: SessionDateTimeResult = parseSessionDateTime(text, now, SYDNEY);
  if (r.ok) {
    assert.fail(`"${text}" was accepted as ${r.value.toISO()}`);
  }
  return r.reason;
}

describe('dates', () => {
  describe('parseSessionDateTime', () => {
    const accepted: [string, string, boolean][] = [
      ['today', '2025-10-16T00:00:00.000+11:00', true],
      ['Today', '2025-10-16T00:00:00.000+11:00', true],
      ['today 10am', '2025-10-16T10:00:00.000+11:00', false],
      ['today at 10 am', '2025-10-16T10:00:00.000+11:00', false],
      ['10am', '2025-10-16T10:00:00.000+11:00', false],
      ['yesterday 2:30pm', '2025-10-15T14:30:00.000+11:00', false],
      ['yesterday', '2025-10-15T00:00:00.000+11:00', true],
      ['tomorrow', '2025-10-17T00:00:00.000+11:00', true],
      ['15/10/2025', '2025-10-15T00:00:00.000+11:00', true],
      ['15/10/2025 2:30pm', '2025-10-15T14:30:00.000+11:00', false],
      ['15/10/25 14:30', '2025-10-15T14:30:00.000+11:00', false],
      ['15-10-2025', '2025-10-15T00:00:00.000+11:00', true],
      ['15.10.2025 2.30 p.m.', '2025-10-15T14:30:00.000+11:00', false],
      ['on 15/10/2025 at 2:30pm', '2025-10-15T14:30:00.000+11:00', false],
      ['15 Oct 2025 10am', '2025-10-15T10:00:00.000+11:00', false],
      ['15th October 2025', '2025-10-15T00:00:00.000+11:00', true],
      ['Wed 15 Oct 2025, 2:30 pm', '2025-10-15T14:30:00.000+11:00', false],
      ['15 Oct', '2025-10-15T00:00:00.000+11:00', true],
      ['15/10 noon', '2025-10-15T12:00:00.000+11:00', false],
      ['12am today', '2025-10-16T00:00:00.000+11:00', false],
      ['2:30pm yesterday', '2025-10-15T14:30:00.000+11:00', false],
      ['at 9am on tue', '2025-10-14T09:00:00.000+11:00', false],
      ['today 12pm', '2025-10-16T12:00:00.000+11:00', false],
      ['Tue 10am', '2025-10-14T10:00:00.000+11:00', false],
      ['tuesday', '2025-10-14T00:00:00.000+11:00', true],
      ['last tuesday', '2025-10-14T00:00:00.000+11:00', true],
      ['thu', '2025-10-16T00:00:00.000+11:00', true],
      ['last thursday', '2025-10-09T00:00:00.000+11:00', true],
      ['fri 9:15am', '2025-10-10T09:15:00.000+11:00', false],
      ['2025-10-15', '2025-10-15T00:00:00.000+11:00', true],
      ['2025-10-15 14:30', '2025-10-15T14:30:00.000+11:00', false],
      ['2025-10-15T14:30', '2025-10-15T14:30:00.000+11:00', false],
      ['2025-10-15T03:30:00Z', '2025-10-15T14:30:00.000+11:00', false],
      ['03/04/2025', '2025-04-03T00:00:00.000+11:00', true],
    ];
    for (const [text, iso, dateOnly] of accepted) {
      it(`reads "${text}"`, () => {
        assert.deepEqual(parsedOk(text), { iso, dateOnly });
      });
    }

    it('reads dates day first: 03/04/2025 is 3 April, not 4 March', () => {
      assert.equal(parsedOk('03/04/2025').iso.slice(0, 10), '2025-04-03');
    });

    it('takes "today" from the Sydney date of now, even when UTC is still on the day before', () => {
      // 14:00 UTC on 15 October is 01:00 on 16 October in Sydney.
      const now = DateTime.fromISO('2025-10-15T14:00:00Z', { zone: 'utc' });
      assert.equal(parsedOk('today', now).iso, '2025-10-16T00:00:00.000+11:00');
    });

    it('takes a date without a year as its most recent occurrence, not a future one', () => {
      const jan = sydney('2026-01-05T10:00');
      assert.equal(parsedOk('28 Dec', jan).iso.slice(0, 10), '2025-12-28');
      assert.equal(parsedOk('28/12', jan).iso.slice(0, 10), '2025-12-28');
      assert.equal(parsedOk('5/1', jan).iso.slice(0, 10), '2026-01-05');
    });

    it('refuses impossible dates with the reason', () => {
      assert.match(reasonFor('31/02/2025'), /not a real date: February 2025 has 28 days/);
      assert.match(reasonFor('29/02/2025 10am'), /February 2025 has 28 days/);
      assert.match(reasonFor('31 Apr 2025'), /April 2025 has 30 days/);
      assert.match(reasonFor('15/13/2025'), /month 13, which does not exist.*day first/);
      assert.match(reasonFor('2025-02-31T10:00'), /February 2025 has 28 days/);
    });

    it('accepts 29 February in a leap year', () => {
      assert.equal(parsedOk('29/02/2024').iso.slice(0, 10), '2024-02-29');
    });

    it('refuses a weekday that does not match the date', () => {
      assert.match(reasonFor('Tue 15 Oct 2025'), /15 Oct 2025 is a Wednesday, not a Tuesday/);
    });

    it('refuses times that do not exist', () => {
      assert.match(reasonFor('today 13pm'), /not a time of day/);
      assert.match(reasonFor('today 25:00'), /not a time of day/);
      assert.match(reasonFor('today 10:75'), /not a time of day/);
    });

    it('refuses a time skipped when daylight saving starts (2:30 am on 5 October 2025)', () => {
      assert.match(reasonFor('5/10/2025 2:30am'), /does not exist in local time: clocks go forward/);
      assert.equal(parsedOk('5/10/2025 3:30am').iso, '2025-10-05T03:30:00.000+11:00');
    });

    it('takes a time repeated when daylight saving ends (2:30 am on 6 April 2025) at its first occurrence', () => {
      assert.equal(parsedOk('6/4/2025 2:30am').iso, '2025-04-06T02:30:00.000+11:00');
      assert.equal(parsedOk('6/4/2025 3:30am').iso, '2025-04-06T03:30:00.000+10:00');
    });

    it('refuses text that is not a date', () => {
      assert.match(reasonFor('banana'), /Could not read "banana"/);
      assert.match(reasonFor('   '), /Enter the session date/);
      assert.match(reasonFor('next week'), /Try a form like/);
    });

    it('uses the zone it is given', () => {
      const r = parseSessionDateTime('15/10/2025 2:30pm', NOW, 'Australia/Perth');
      assert.ok(r.ok);
      assert.equal(r.value.toISO(), '2025-10-15T14:30:00.000+08:00');
    });
  });

  describe('parseDuration', () => {
    const accepted: [string, number][] = [
      ['1h30', 90],
      ['1h 30m', 90],
      ['1 h 30 min', 90],
      ['1 hour and 30 minutes', 90],
      ['90 min', 90],
      ['90', 90],
      ['1.5 hours', 90],
      ['1:30', 90],
      ['2 hrs', 120],
      ['45m', 45],
      ['45 mins', 45],
      ['1.33 hours', 80],
      ['24h', 1440],
      [' 2H ', 120],
    ];
    for (const [text, minutes] of accepted) {
      it(`reads "${text}" as ${minutes} minutes`, () => {
        assert.deepEqual(parseDuration(text), { ok: true, minutes });
      });
    }

    const refused: [string, RegExp][] = [
      ['', /Enter how long/],
      ['0', /more than 0/],
      ['0h 0m', /more than 0/],
      ['25 hours', /at most 24 hours.*25 h/],
      ['1441', /at most 24 hours/],
      ['1h 90m', /must be under 60/],
      ['1:75', /must be under 60/],
      ['1.5', /must be whole/],
      ['-5', /Could not read/],
      ['an hour', /Could not read/],
      ['30m 1h', /Could not read/],
    ];
    for (const [text, reason] of refused) {
      it(`refuses "${text}"`, () => {
        const r = parseDuration(text);
        assert.equal(r.ok, false);
        assert.match(r.ok ? '' : r.reason, reason);
      });
    }
  });

  describe('formatting', () => {
    it('formats a date as 15 Oct 2025', () => {
      assert.equal(formatAuDate(sydney('2025-10-15T14:30')), '15 Oct 2025');
      assert.equal(formatAuDate(sydney('2025-09-03T09:00')), '3 Sep 2025');
    });

    it('formats a date and time as Wed 15 Oct 2025, 2:30 pm', () => {
      assert.equal(formatAuDateTime(sydney('2025-10-15T14:30')), 'Wed 15 Oct 2025, 2:30 pm');
      assert.equal(formatAuDateTime(sydney('2025-10-15T00:05')), 'Wed 15 Oct 2025, 12:05 am');
      assert.equal(formatAuDateTime(sydney('2025-10-15T12:00')), 'Wed 15 Oct 2025, 12:00 pm');
      assert.equal(formatAuDateTime(sydney('2025-10-15T09:00')), 'Wed 15 Oct 2025, 9:00 am');
    });

    it('converts to the zone it is given before formatting', () => {
      const instant = DateTime.fromISO('2025-10-15T13:30:00Z', { zone: 'utc' });
      assert.equal(formatAuDate(instant), '15 Oct 2025');
      assert.equal(formatAuDate(instant, SYDNEY), '16 Oct 2025');
      assert.equal(formatAuDateTime(instant, SYDNEY), 'Thu 16 Oct 2025, 12:30 am');
    });

    it('reads back what it writes', () => {
      const dt = sydney('2025-10-15T14:30');
      assert.equal(parsedOk(formatAuDateTime(dt)).iso, dt.toISO());
      assert.deepEqual(parseDuration(formatDuration(90)), { ok: true, minutes: 90 });
    });

    it('formats durations', () => {
      assert.equal(formatDuration(90), '1 h 30 min');
      assert.equal(formatDuration(45), '45 min');
      assert.equal(formatDuration(120), '2 h');
      assert.equal(formatDuration(0), '0 min');
      assert.throws(() => formatDuration(1.5), RangeError);
      assert.throws(() => formatDuration(-1), RangeError);
    });

    it('refuses an invalid DateTime', () => {
      assert.throws(() => formatAuDate(DateTime.invalid('test')), RangeError);
    });
  });

  describe('parseBirthDateOrYear', () => {
    const accepted: [string, string, boolean][] = [
      ['3/7/1951', '1951-07-03', false],
      ['03/07/1951', '1951-07-03', false],
      ['1951-07-03', '1951-07-03', false],
      ['3 Jul 1951', '1951-07-03', false],
      ['1951', '1951-01-01', true],
      ['about 1950', '1950-01-01', true],
      ['approx. 1950', '1950-01-01', true],
      ['c. 1950', '1950-01-01', true],
      ['~1950', '1950-01-01', true],
      ['1950?', '1950-01-01', true],
      ['16/10/2025', '2025-10-16', false],
      ['16/10/1905', '1905-10-16', false],
      ['17/10/1904', '1904-10-17', false],
      ['1905', '1905-01-01', true],
    ];
    for (const [text, birthDate, estimated] of accepted) {
      it(`reads "${text}"`, () => {
        assert.deepEqual(parseBirthDateOrYear(text, NOW, SYDNEY), { ok: true, birthDate, estimated });
      });
    }

    const refused: [string, RegExp][] = [
      ['17/10/2025', /in the future/],
      ['2026', /in the future/],
      ['16/10/1904', /age over 120/],
      ['1904', /age over 120/],
      ['3/7/51', /year of birth in full/],
      ['3/7', /year of birth in full/],
      ['31/02/1951', /February 1951 has 28 days/],
      ['about 3/7/1951', /give only the year/],
      ['', /Enter the date of birth/],
      ['sometime', /Could not read/],
    ];
    for (const [text, reason] of refused) {
      it(`refuses "${text}"`, () => {
        const r = parseBirthDateOrYear(text, NOW, SYDNEY);
        assert.equal(r.ok, false);
        assert.match(r.ok ? '' : r.reason, reason);
      });
    }
  });
});
