import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  currentReportingPeriod,
  daysUntilDeadline,
  isPeriodOpen,
  nextReportingPeriod,
  openReportingPeriods,
  previousReportingPeriod,
  reportingPeriod,
  reportingPeriodById,
  reportingPeriodOf,
} from '../../src/domain/periods';

const SYDNEY = 'Australia/Sydney';
const sydney = (iso: string): DateTime => DateTime.fromISO(iso, { zone: SYDNEY });
const utc = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'utc' });

describe('reporting periods', () => {
  describe('shape', () => {
    it('describes January–June with an exclusive end and a deadline at the end of 30 July (AEST)', () => {
      const p = reportingPeriod(2025, 1);
      assert.equal(p.id, '2025-H1');
      assert.equal(p.label, '1 Jan – 30 Jun 2025');
      assert.equal(p.start.toISO(), '2025-01-01T00:00:00.000+11:00');
      assert.equal(p.end.toISO(), '2025-07-01T00:00:00.000+10:00');
      assert.equal(p.dueDate.toISODate(), '2025-07-30');
      assert.equal(p.deadline.toISO(), '2025-07-31T00:00:00.000+10:00');
      assert.equal(p.deadline.toUTC().toISO(), '2025-07-30T14:00:00.000Z');
    });

    it('describes July–December with its deadline at the end of 30 January next year (AEDT)', () => {
      const p = reportingPeriod(2025, 2);
      assert.equal(p.id, '2025-H2');
      assert.equal(p.label, '1 Jul – 31 Dec 2025');
      assert.equal(p.start.toISO(), '2025-07-01T00:00:00.000+10:00');
      assert.equal(p.end.toISO(), '2026-01-01T00:00:00.000+11:00');
      assert.equal(p.dueDate.toISODate(), '2026-01-30');
      assert.equal(p.deadline.toISO(), '2026-01-31T00:00:00.000+11:00');
      assert.equal(p.deadline.toUTC().toISO(), '2026-01-30T13:00:00.000Z');
    });

    it('finds a period by id, and refuses ids of another form', () => {
      assert.equal(reportingPeriodById('2025-H2')?.label, '1 Jul – 31 Dec 2025');
      assert.equal(reportingPeriodById('2025-h1')?.id, '2025-H1');
      assert.equal(reportingPeriodById('2025-H3'), null);
      assert.equal(reportingPeriodById('H1 2025'), null);
    });

    it('steps to the previous and next period across a year end', () => {
      assert.equal(previousReportingPeriod(reportingPeriod(2026, 1)).id, '2025-H2');
      assert.equal(previousReportingPeriod(reportingPeriod(2025, 2)).id, '2025-H1');
      assert.equal(nextReportingPeriod(reportingPeriod(2025, 2)).id, '2026-H1');
      assert.equal(nextReportingPeriod(reportingPeriod(2025, 1)).id, '2025-H2');
    });
  });

  describe('which period a moment is in', () => {
    it('puts 30 June 23:59 Sydney in H1 and 1 July 00:00 in H2', () => {
      assert.equal(reportingPeriodOf(sydney('2025-06-30T23:59:59')).id, '2025-H1');
      assert.equal(reportingPeriodOf(sydney('2025-07-01T00:00')).id, '2025-H2');
    });

    it('uses the date in Sydney, not in UTC', () => {
      // 13:30 UTC on 30 June is 23:30 in Sydney: still 30 June.
      assert.equal(reportingPeriodOf(utc('2025-06-30T13:30')).id, '2025-H1');
      // 14:30 UTC on 30 June is 00:30 on 1 July in Sydney.
      assert.equal(reportingPeriodOf(utc('2025-06-30T14:30')).id, '2025-H2');
      // 13:30 UTC on 31 December is 00:30 on 1 January in Sydney (AEDT, UTC+11).
      assert.equal(reportingPeriodOf(utc('2025-12-31T13:30')).id, '2026-H1');
    });

    it('reads ISO strings: with an offset as an instant, without one as Sydney local time', () => {
      assert.equal(reportingPeriodOf('2025-06-30T13:30:00Z').id, '2025-H1');
      assert.equal(reportingPeriodOf('2025-06-30T14:30:00Z').id, '2025-H2');
      assert.equal(reportingPeriodOf('2025-06-30').id, '2025-H1');
      assert.equal(reportingPeriodOf('2025-06-30T23:30').id, '2025-H1');
      assert.throws(() => reportingPeriodOf('30/06/2025'), RangeError);
    });

    it('follows the organisation zone when one is given', () => {
      // 15:30 UTC on 30 June: 01:30 on 1 July in Sydney, 23:30 on 30 June in Perth.
      assert.equal(reportingPeriodOf(utc('2025-06-30T15:30')).id, '2025-H2');
      assert.equal(reportingPeriodOf(utc('2025-06-30T15:30'), 'Australia/Perth').id, '2025-H1');
      assert.throws(() => reportingPeriodOf(utc('2025-06-30T15:30'), 'Mars/Olympus'), RangeError);
    });

    it('currentReportingPeriod takes now as given', () => {
      assert.equal(currentReportingPeriod(sydney('2025-10-16T11:00')).id, '2025-H2');
      assert.equal(currentReportingPeriod(utc('2025-12-31T13:30')).id, '2026-H1');
    });
  });

  describe('open and closed', () => {
    const h1 = reportingPeriod(2025, 1);
    const h2 = reportingPeriod(2025, 2);

    it('keeps H1 open through 30 July and closes it at 31 July 00:00 Sydney', () => {
      assert.equal(isPeriodOpen(h1, sydney('2025-07-30T23:59:59')), true);
      assert.equal(isPeriodOpen(h1, sydney('2025-07-31T00:00')), false);
    });

    it('closes H1 on a UTC instant that is still 30 July in UTC but 31 July in Sydney', () => {
      assert.equal(isPeriodOpen(h1, utc('2025-07-30T13:59:59')), true);
      assert.equal(isPeriodOpen(h1, utc('2025-07-30T14:30')), false);
    });

    it('keeps H2 open through 30 January and closes it at 31 January 00:00 Sydney (daylight time)', () => {
      assert.equal(isPeriodOpen(h2, sydney('2026-01-30T23:59:59')), true);
      assert.equal(isPeriodOpen(h2, sydney('2026-01-31T00:00')), false);
      assert.equal(isPeriodOpen(h2, utc('2026-01-30T12:59:59')), true);
      assert.equal(isPeriodOpen(h2, utc('2026-01-30T13:00')), false);
    });

    it('is not open before it starts', () => {
      assert.equal(isPeriodOpen(h2, sydney('2025-06-30T23:59')), false);
      assert.equal(isPeriodOpen(h2, sydney('2025-07-01T00:00')), true);
    });

    it('lists both periods while the previous one is still open', () => {
      assert.deepEqual(
        openReportingPeriods(sydney('2025-07-15T09:00')).map((p) => p.id),
        ['2025-H1', '2025-H2'],
      );
      assert.deepEqual(
        openReportingPeriods(sydney('2025-07-31T00:00')).map((p) => p.id),
        ['2025-H2'],
      );
      assert.deepEqual(
        openReportingPeriods(sydney('2026-01-30T17:00')).map((p) => p.id),
        ['2025-H2', '2026-H1'],
      );
      assert.deepEqual(
        openReportingPeriods(sydney('2025-10-16T11:00')).map((p) => p.id),
        ['2025-H2'],
      );
    });
  });

  describe('daysUntilDeadline (calendar days left, counting today)', () => {
    const h1 = reportingPeriod(2025, 1);
    const h2 = reportingPeriod(2025, 2);

    it('is 1 all through the due date, 0 from the deadline and negative afterwards', () => {
      assert.equal(daysUntilDeadline(h1, sydney('2025-07-29T12:00')), 2);
      assert.equal(daysUntilDeadline(h1, sydney('2025-07-30T00:00')), 1);
      assert.equal(daysUntilDeadline(h1, sydney('2025-07-30T23:59:59')), 1);
      assert.equal(daysUntilDeadline(h1, sydney('2025-07-31T00:00')), 0);
      assert.equal(daysUntilDeadline(h1, sydney('2025-08-01T09:00')), -1);
    });

    it('agrees with isPeriodOpen about the deadline', () => {
      for (const iso of ['2025-07-30T23:59:59', '2025-07-31T00:00']) {
        const now = sydney(iso);
        assert.equal(daysUntilDeadline(h1, now) > 0, isPeriodOpen(h1, now), iso);
      }
    });

    it('counts the 30 January due date the same way', () => {
      assert.equal(daysUntilDeadline(h2, sydney('2026-01-30T08:00')), 1);
      assert.equal(daysUntilDeadline(h2, sydney('2026-01-31T00:00')), 0);
    });

    it('counts by the Sydney date of a UTC instant', () => {
      // 14:30 UTC on 29 July is 00:30 on 30 July in Sydney: the last day.
      assert.equal(daysUntilDeadline(h1, utc('2025-07-29T14:30')), 1);
      assert.equal(daysUntilDeadline(h1, utc('2025-07-29T13:30')), 2);
    });

    it('is not thrown off when daylight saving ends (first Sunday of April: 6 April 2025)', () => {
      // 5 April → 30 July: 25 + 31 + 30 + 30 = 116 days apart, so 117 days left counting 5 April.
      assert.equal(daysUntilDeadline(h1, sydney('2025-04-05T23:30')), 117);
      // 6 April is 25 hours long in Sydney; both ends of it are the same calendar day.
      assert.equal(daysUntilDeadline(h1, sydney('2025-04-06T00:30')), 116);
      assert.equal(daysUntilDeadline(h1, sydney('2025-04-06T23:30')), 116);
      assert.equal(daysUntilDeadline(h1, sydney('2025-04-07T00:00')), 115);
    });

    it('is not thrown off when daylight saving starts (first Sunday of October: 5 October 2025)', () => {
      // 4 October → 30 January: 27 + 30 + 31 + 30 = 118 days apart, so 119 left counting 4 October.
      assert.equal(daysUntilDeadline(h2, sydney('2025-10-04T23:30')), 119);
      // 5 October is 23 hours long in Sydney.
      assert.equal(daysUntilDeadline(h2, sydney('2025-10-05T00:30')), 118);
      assert.equal(daysUntilDeadline(h2, sydney('2025-10-05T23:30')), 118);
      assert.equal(daysUntilDeadline(h2, sydney('2025-10-06T00:00')), 117);
    });
  });

  describe('daylight-saving changes inside a period', () => {
    it('keeps period boundaries at local midnight on both sides of a change', () => {
      const h2 = reportingPeriod(2025, 2);
      // Starts in standard time (+10:00) and ends in daylight time (+11:00): 184 calendar days, 1 hour short.
      assert.equal(h2.end.diff(h2.start, 'hours').hours, 184 * 24 - 1);
      const h1 = reportingPeriod(2025, 1);
      assert.equal(h1.end.diff(h1.start, 'hours').hours, 181 * 24 + 1);
    });

    it('places moments around the clock changes in the right period', () => {
      assert.equal(reportingPeriodOf(sydney('2025-04-06T02:30')).id, '2025-H1');
      assert.equal(reportingPeriodOf(sydney('2025-10-05T03:30')).id, '2025-H2');
    });
  });

  describe('organisations outside eastern time', () => {
    // Each row: zone, local time of the deadline instant (end of 30 Jan / 30 Jul in Sydney).
    const jan: [string, string][] = [
      ['Australia/Perth', '2026-01-30T21:00'],
      ['Australia/Darwin', '2026-01-30T22:30'],
      ['Australia/Brisbane', '2026-01-30T23:00'],
      ['Australia/Adelaide', '2026-01-30T23:30'],
      ['Australia/Sydney', '2026-01-31T00:00'],
    ];
    const jul: [string, string][] = [
      ['Australia/Perth', '2025-07-30T22:00'],
      ['Australia/Darwin', '2025-07-30T23:30'],
      ['Australia/Adelaide', '2025-07-30T23:30'],
      ['Australia/Brisbane', '2025-07-31T00:00'],
      ['Australia/Sydney', '2025-07-31T00:00'],
    ];
    for (const [rows, year, half] of [
      [jan, 2025, 2],
      [jul, 2025, 1],
    ] as const) {
      for (const [zone, closes] of rows) {
        it(`${zone}: ${half === 2 ? 'July–December' : 'January–June'} closes at ${closes} local time, the eastern deadline`, () => {
          const period = reportingPeriod(year, half, zone);
          const deadline = DateTime.fromISO(closes, { zone });
          assert.equal(period.deadline.toMillis(), deadline.toMillis());
          const before = deadline.minus({ minutes: 1 });
          const after = deadline.plus({ minutes: 1 });
          assert.equal(isPeriodOpen(period, before), true, 'open one minute before');
          assert.equal(daysUntilDeadline(period, before), 1, 'the last day one minute before');
          assert.equal(isPeriodOpen(period, deadline), false, 'closed at the deadline');
          assert.equal(daysUntilDeadline(period, deadline), 0);
          assert.equal(isPeriodOpen(period, after), false);
          assert.equal(daysUntilDeadline(period, after), 0);
          // A day and a half earlier there are 2 days left, counted to the same instant.
          assert.equal(daysUntilDeadline(period, deadline.minus({ hours: 36 })), 2);
          assert.deepEqual(
            openReportingPeriods(before, zone).map((p) => p.id),
            [period.id, nextReportingPeriod(period).id],
          );
          assert.deepEqual(
            openReportingPeriods(after, zone).map((p) => p.id),
            [nextReportingPeriod(period).id],
          );
        });
      }
    }

    it('tells a Perth organisation at 10:30 pm on 30 January that the period has closed', () => {
      const now = DateTime.fromISO('2026-01-30T22:30', { zone: 'Australia/Perth' });
      const h2 = reportingPeriod(2025, 2, 'Australia/Perth');
      assert.equal(isPeriodOpen(h2, now), false);
      assert.equal(daysUntilDeadline(h2, now), 0);
      assert.deepEqual(
        openReportingPeriods(now, 'Australia/Perth').map((p) => p.id),
        ['2026-H1'],
      );
    });

    it('places a session by its date where the organisation is, whatever the date in Sydney', () => {
      // 11 pm on 31 December in Perth is 2 am on 1 January in Sydney.
      const perthSession = DateTime.fromISO('2025-12-31T23:00', { zone: 'Australia/Perth' });
      assert.equal(reportingPeriodOf(perthSession, 'Australia/Perth').id, '2025-H2');
      assert.equal(reportingPeriodOf(perthSession, 'Australia/Sydney').id, '2026-H1');
      // 11:45 pm on 30 June in Adelaide is 00:15 on 1 July in Sydney.
      assert.equal(reportingPeriodOf(DateTime.fromISO('2025-06-30T23:45', { zone: 'Australia/Adelaide' }), 'Australia/Adelaide').id, '2025-H1');
    });

    it('keeps period bounds in the organisation zone and the deadline in eastern time', () => {
      const h2 = reportingPeriod(2025, 2, 'Australia/Perth');
      assert.equal(h2.start.toISO(), '2025-07-01T00:00:00.000+08:00');
      assert.equal(h2.end.toISO(), '2026-01-01T00:00:00.000+08:00');
      assert.equal(h2.deadline.toUTC().toISO(), '2026-01-30T13:00:00.000Z');
      assert.equal(h2.dueDate.toISODate(), '2026-01-30');
    });
  });
});
