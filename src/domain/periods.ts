/**
 * DEX reporting periods: 1 January – 30 June, due by midnight 30 July; 1 July – 31 December, due by
 * midnight 30 January of the next year.
 *
 * Two clocks are involved, and `reportingPeriod` below is the one place that applies them:
 * - **Which period a session belongs to** is decided by its calendar date in the organisation's zone: a
 *   Perth session at 11 pm on 31 December belongs to July–December, though it is already 1 January in
 *   Sydney. Staff record the date the session happened where it happened.
 * - **When a period closes** is the same instant for everyone: DSS closes DEX at the end of 30 July / 30
 *   January in Australian eastern time (Australia/Sydney: AEDT, UTC+11, on 30 January; AEST, UTC+10, on 30
 *   July), so the deadline is 13:00 UTC on 30 January and 14:00 UTC on 30 July whatever the organisation's
 *   zone. A Perth organisation's period closes at 9 pm (10 pm in July) on 30 January/July, Perth time.
 *
 * "Midnight 30 July" is read as the end of 30 July: data is accepted all through 30 July (eastern time)
 * and the period closes at 00:00 on 31 July. Every boundary is built from a calendar date in its zone, so
 * daylight saving never shifts it.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_ORG_ZONE, toOrgZone } from './calendar';

export type Half = 1 | 2;

export interface ReportingPeriod {
  /** '2025-H1' for January–June 2025, '2025-H2' for July–December 2025. */
  id: string;
  year: number;
  half: Half;
  /** '1 Jan – 30 Jun 2025'. */
  label: string;
  zone: string;
  /** Inclusive: 00:00 on the first day of the period. */
  start: DateTime<true>;
  /** Exclusive: 00:00 on the day after the last day of the period (the next period's `start`). */
  end: DateTime<true>;
  /** The last calendar day on which data is accepted (30 July or 30 January), at 00:00 eastern time. */
  dueDate: DateTime<true>;
  /** Exclusive: the first instant at which data is no longer accepted, 00:00 eastern time on the day after `dueDate`. */
  deadline: DateTime<true>;
}

/** DSS's deadlines are in Australian eastern time for every organisation. */
export const DEADLINE_ZONE = 'Australia/Sydney';

function startOfDay(year: number, month: number, day: number, zone: string): DateTime<true> {
  return toOrgZone(DateTime.fromObject({ year, month, day }, { zone }), zone);
}

/**
 * The period for a year and half: its bounds in the organisation's zone (which sessions belong to it),
 * its due date and deadline in eastern time (when DEX stops taking them). Every other function here derives
 * from this one, so status, the "what is due" list and readiness cannot disagree.
 */
export function reportingPeriod(year: number, half: Half, zone: string = DEFAULT_ORG_ZONE): ReportingPeriod {
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    throw new RangeError(`Reporting period year must be a whole number from 1 to 9998, got ${year}`);
  }
  const start = startOfDay(year, half === 1 ? 1 : 7, 1, zone);
  const end = half === 1 ? startOfDay(year, 7, 1, zone) : startOfDay(year + 1, 1, 1, zone);
  const dueDate = half === 1 ? startOfDay(year, 7, 30, DEADLINE_ZONE) : startOfDay(year + 1, 1, 30, DEADLINE_ZONE);
  const deadline = dueDate.plus({ days: 1 }).startOf('day');
  return {
    id: `${year}-H${half}`,
    year,
    half,
    label: `${half === 1 ? '1 Jan – 30 Jun' : '1 Jul – 31 Dec'} ${year}`,
    zone,
    start,
    end,
    dueDate,
    deadline,
  };
}

/**
 * The period containing a date or moment. A string is read as ISO 8601: with an offset it is an instant;
 * without one ('2025-06-30' or '2025-06-30T23:30') it is local time in the zone.
 */
export function reportingPeriodOf(date: DateTime | string, zone: string = DEFAULT_ORG_ZONE): ReportingPeriod {
  const parsed = typeof date === 'string' ? DateTime.fromISO(date, { zone }) : date;
  if (typeof date === 'string' && !parsed.isValid) {
    throw new RangeError(`"${date}" is not an ISO 8601 date or date-time`);
  }
  const local = toOrgZone(parsed, zone);
  return reportingPeriod(local.year, local.month <= 6 ? 1 : 2, zone);
}

/** The Data Exchange opened on 1 July 2014, so no reporting period of interest starts before 2014. */
export const FIRST_DEX_YEAR = 2014;

/** A reporting period id such as '2025-H2', for a year from the first DEX year to the last computable one. */
export const ReportingPeriodId = z
  .string()
  .regex(/^\d{4}-H[12]$/)
  .refine((id) => {
    const year = Number(id.slice(0, 4));
    return year >= FIRST_DEX_YEAR && year <= 9998;
  }, `a reporting period from ${FIRST_DEX_YEAR} on`);

/** The period named by an id such as '2025-H2', or null when the id is not of that form. */
export function reportingPeriodById(id: string, zone: string = DEFAULT_ORG_ZONE): ReportingPeriod | null {
  const m = /^(\d{4})-H([12])$/.exec(id.trim().toUpperCase());
  if (!m) {
    return null;
  }
  return reportingPeriod(Number(m[1]), m[2] === '1' ? 1 : 2, zone);
}

export function currentReportingPeriod(now: DateTime, zone: string = DEFAULT_ORG_ZONE): ReportingPeriod {
  return reportingPeriodOf(now, zone);
}

export function previousReportingPeriod(period: ReportingPeriod): ReportingPeriod {
  return period.half === 2 ? reportingPeriod(period.year, 1, period.zone) : reportingPeriod(period.year - 1, 2, period.zone);
}

export function nextReportingPeriod(period: ReportingPeriod): ReportingPeriod {
  return period.half === 1 ? reportingPeriod(period.year, 2, period.zone) : reportingPeriod(period.year + 1, 1, period.zone);
}

/**
 * Whether the period accepts data now: it has started and its deadline has not passed
 * (`start` ≤ now < `deadline`). A period is open for a month after it ends, so for most of July and
 * January two periods are open at once.
 */
export function isPeriodOpen(period: ReportingPeriod, now: DateTime): boolean {
  const t = now.toMillis();
  return t >= period.start.toMillis() && t < period.deadline.toMillis();
}

/** The periods accepting data now, oldest first: the previous one until its deadline, and the current one. */
export function openReportingPeriods(now: DateTime, zone: string = DEFAULT_ORG_ZONE): ReportingPeriod[] {
  const current = currentReportingPeriod(now, zone);
  const previous = previousReportingPeriod(current);
  return isPeriodOpen(previous, now) ? [previous, current] : [current];
}

/**
 * Days left to submit, counting up to the deadline instant: eastern-time calendar days counting today, so
 * on the due date itself (30 July, eastern time) it is 1, the last day; from the deadline (31 July 00:00
 * eastern) it is 0, and negative afterwards (-1 on 1 August). A result > 0 means exactly what isPeriodOpen
 * says for a started period, in every zone: at 10:30 pm on 30 January in Perth (01:30 on 31 January in
 * Sydney) it is 0. Counting calendar days means a daylight-saving change does not count a day twice.
 */
export function daysUntilDeadline(period: ReportingPeriod, now: DateTime): number {
  const today = toOrgZone(now, DEADLINE_ZONE);
  const todayUtc = DateTime.utc(today.year, today.month, today.day);
  const dueUtc = DateTime.utc(period.dueDate.year, period.dueDate.month, period.dueDate.day);
  return Math.round(dueUtc.diff(todayUtc, 'days').days) + 1;
}

/**
 * The earliest session date that can be recorded: the start of the reporting period just before the
 * oldest open one. DEX takes only sessions of open periods; a session of the period that closed last can
 * still be kept for the organisation's own records (a late entry), and anything older (1970, 1900, year 0)
 * is a mistyped year, not a session anyone can report.
 */
export function earliestSessionDate(now: DateTime, zone: string = DEFAULT_ORG_ZONE): DateTime<true> {
  return previousReportingPeriod(openReportingPeriods(now, zone)[0]!).start;
}
