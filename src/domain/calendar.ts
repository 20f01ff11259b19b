/**
 * The calendar underneath every date the bot reads or writes: the organisation's zone, real dates, month and
 * weekday names. Dates are always day first (03/04/2025 is 3 April). Every function works in an explicit IANA
 * zone (the organisation's, default Australia/Sydney), so results never depend on the machine's zone or clock.
 */
import { DateTime, IANAZone } from 'luxon';

export const DEFAULT_ORG_ZONE = 'Australia/Sydney';

export const MINUTES_PER_DAY = 24 * 60;

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
/** Indexed by luxon's weekday number minus one (Monday = 1). */
export const WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const WEEKDAYS_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const MONTH_WORDS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

export const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

export const MONTH_PATTERN = Object.keys(MONTH_WORDS).join('|');
export const WEEKDAY_PATTERN = Object.keys(WEEKDAY_WORDS).join('|');

/**
 * Converts to the organisation's zone, refusing an invalid DateTime or an unknown zone: either would
 * otherwise surface much later as a silently invalid date in a message or a record.
 */
/** Zones already checked: luxon's check builds an Intl formatter each time, too slow for a loop over sessions. */
const knownZones = new Set<string>();

export function toOrgZone(dt: DateTime, zone: string = DEFAULT_ORG_ZONE): DateTime<true> {
  if (!knownZones.has(zone)) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown time zone "${zone}"`);
    knownZones.add(zone);
  }
  return assertValid(dt).setZone(zone) as DateTime<true>;
}

export function assertValid(dt: DateTime): DateTime<true> {
  if (!dt.isValid) {
    throw new RangeError(`Invalid date/time: ${dt.invalidExplanation ?? dt.invalidReason ?? 'unknown reason'}`);
  }
  return dt as DateTime<true>;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Whether year/month/day name a day on the (proleptic Gregorian) calendar. */
export function isRealCalendarDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Why a day/month/year is not a real date, in words a user can act on; null when it is real. */
export function impossibleDateReason(d: CalendarDate, typed: string): string | null {
  if (d.month < 1 || d.month > 12) {
    return `"${typed}" has month ${d.month}, which does not exist. Dates are day first, e.g. 15/10/2025 for 15 October 2025.`;
  }
  const max = daysInMonth(d.year, d.month);
  if (d.day < 1 || d.day > max) {
    return `"${typed}" is not a real date: ${MONTHS_LONG[d.month - 1]} ${d.year} has ${max} days.`;
  }
  return null;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isoDateOf(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function dayOfWeek(d: CalendarDate): number {
  return DateTime.utc(d.year, d.month, d.day).weekday;
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${d.day} ${MONTHS_SHORT[d.month - 1]} ${d.year}`;
}

export function calendarDateOf(dt: DateTime<true>): CalendarDate {
  return { year: dt.year, month: dt.month, day: dt.day };
}

export function formatTime(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}
