/**
 * Reading dates, times and durations that staff type into a chat, and writing them back the way
 * Australians read them. Dates are always day first (03/04/2025 is 3 April). Every function works in an
 * explicit IANA zone (the organisation's, default Australia/Sydney) and takes "now" as a parameter, so
 * results never depend on the machine's zone or clock.
 */
import { DateTime, IANAZone } from 'luxon';

export const DEFAULT_ORG_ZONE = 'Australia/Sydney';

export const MINUTES_PER_DAY = 24 * 60;

export type SessionDateTimeResult =
  | {
      ok: true;
      /**
       * In the organisation's zone. When `dateOnly` is true no time was typed and this is the start of
       * that day (00:00); no time of day is invented, so the caller decides whether to ask for one.
       */
      value: DateTime<true>;
      dateOnly: boolean;
    }
  | { ok: false; reason: string };

export type DurationResult = { ok: true; minutes: number } | { ok: false; reason: string };

export type BirthDateResult =
  | {
      ok: true;
      /** `YYYY-MM-DD`; 1 January of the year when only a year was known (DEX's convention for estimates). */
      birthDate: string;
      estimated: boolean;
    }
  | { ok: false; reason: string };

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
/** Indexed by luxon's weekday number minus one (Monday = 1). */
const WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const WEEKDAYS_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const MONTH_WORDS: Readonly<Record<string, number>> = {
  jan: 1, january: 1,
  feb: 2, february: 2,
  mar: 3, march: 3,
  apr: 4, april: 4,
  may: 5,
  jun: 6, june: 6,
  jul: 7, july: 7,
  aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  oct: 10, october: 10,
  nov: 11, november: 11,
  dec: 12, december: 12,
};

const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
  sun: 7, sunday: 7,
};

const MONTH_PATTERN = Object.keys(MONTH_WORDS).join('|');
const WEEKDAY_PATTERN = Object.keys(WEEKDAY_WORDS).join('|');

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

function assertValid(dt: DateTime): DateTime<true> {
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
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Why a day/month/year is not a real date, in words a user can act on; null when it is real. */
function impossibleDateReason(d: CalendarDate, typed: string): string | null {
  if (d.month < 1 || d.month > 12) {
    return `"${typed}" has month ${d.month}, which does not exist. Dates are day first, e.g. 15/10/2025 for 15 October 2025.`;
  }
  const max = daysInMonth(d.year, d.month);
  if (d.day < 1 || d.day > max) {
    return `"${typed}" is not a real date: ${MONTHS_LONG[d.month - 1]} ${d.year} has ${max} days.`;
  }
  return null;
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function isoDateOf(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function dayOfWeek(d: CalendarDate): number {
  return DateTime.utc(d.year, d.month, d.day).weekday;
}

/** A date as typed, before a missing year is filled in. */
interface TypedDate {
  day: number;
  month: number;
  year: number | null;
  /** The year was typed with two digits, e.g. 15/10/25. */
  shortYear: boolean;
  /** A weekday typed alongside the date ("Wed 15 Oct 2025"), to be checked against the date. */
  weekday: number | null;
}

function readYear(text: string | undefined): { year: number | null; shortYear: boolean } {
  if (text === undefined || text === '') {
    return { year: null, shortYear: false };
  }
  if (text.length === 2) {
    return { year: 2000 + Number(text), shortYear: true };
  }
  return { year: Number(text), shortYear: false };
}

/**
 * Recognises an explicit calendar date: day-first numeric (15/10/2025, 15-10-25, 15.10.2025, 15/10),
 * ISO (2025-10-15, also 2025/10/15 because a four-digit first part can only be a year), or a month name
 * (15 Oct 2025, Wed 15 October, 15th of October 2025). Returns null when the text is none of these.
 */
function readExplicitDate(text: string): TypedDate | null {
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (iso) {
    return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), shortYear: false, weekday: null };
  }
  const numeric = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(text);
  if (numeric) {
    return { day: Number(numeric[1]), month: Number(numeric[2]), ...readYear(numeric[3]), weekday: null };
  }
  const worded = new RegExp(
    `^(?:(${WEEKDAY_PATTERN})\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_PATTERN})(?:\\s+(\\d{4}|\\d{2}))?$`,
  ).exec(text);
  if (worded) {
    return {
      day: Number(worded[2]),
      month: MONTH_WORDS[worded[3] ?? ''] ?? 0,
      ...readYear(worded[4]),
      weekday: worded[1] === undefined ? null : (WEEKDAY_WORDS[worded[1]] ?? null),
    };
  }
  return null;
}

/**
 * Turns a typed date into a real one, or a reason. A date typed without a year is taken as its most
 * recent occurrence on or before today, because the dates staff enter are of sessions already held.
 */
function resolveTypedDate(typed: TypedDate, today: CalendarDate, original: string): CalendarDate | string {
  let date: CalendarDate;
  if (typed.year === null) {
    let found: CalendarDate | null = null;
    for (let year = today.year; year > today.year - 8 && found === null; year--) {
      const candidate = { year, month: typed.month, day: typed.day };
      if (impossibleDateReason(candidate, original) === null && compareDates(candidate, today) <= 0) {
        found = candidate;
      }
    }
    if (found === null) {
      return impossibleDateReason({ year: today.year, month: typed.month, day: typed.day }, original)
        ?? `"${original}" is not a real date.`;
    }
    date = found;
  } else {
    date = { year: typed.year, month: typed.month, day: typed.day };
    const reason = impossibleDateReason(date, original);
    if (reason !== null) {
      return reason;
    }
  }
  if (typed.weekday !== null && dayOfWeek(date) !== typed.weekday) {
    return `${formatCalendarDate(date)} is a ${WEEKDAYS_LONG[dayOfWeek(date) - 1]}, not a ${WEEKDAYS_LONG[typed.weekday - 1]}. Check the date.`;
  }
  return date;
}

function formatCalendarDate(d: CalendarDate): string {
  return `${d.day} ${MONTHS_SHORT[d.month - 1]} ${d.year}`;
}

interface TimeOfDay {
  hour: number;
  minute: number;
}

const TIME_FORMS = [
  { pattern: '(\\d{1,2})(?:[:.](\\d{2}))?\\s*([ap])\\.?m\\.?', twelveHour: true },
  { pattern: '(\\d{1,2}):(\\d{2})', twelveHour: false },
  { pattern: '(noon|midday)', twelveHour: false },
] as const;

const TIME_AT_END = TIME_FORMS.map((f) => ({ ...f, re: new RegExp(`(?:^|\\s)(?:at\\s+)?${f.pattern}$`) }));
const TIME_AT_START = TIME_FORMS.map((f) => ({ ...f, re: new RegExp(`^(?:at\\s+)?${f.pattern}(?=\\s|$)`) }));

function readTime(groups: RegExpExecArray, twelveHour: boolean): TimeOfDay | string {
  if (groups[1] === 'noon' || groups[1] === 'midday') {
    return { hour: 12, minute: 0 };
  }
  const hour = Number(groups[1]);
  const minute = Number(groups[2] ?? '0');
  const valid = twelveHour ? hour >= 1 && hour <= 12 && minute <= 59 : hour <= 23 && minute <= 59;
  if (!valid) {
    return `"${groups[0].trim()}" is not a time of day. Use a form like 10am, 2:30pm or 14:30.`;
  }
  return twelveHour ? { hour: (hour % 12) + (groups[3] === 'p' ? 12 : 0), minute } : { hour, minute };
}

/**
 * Splits a time of day off the end or the start of the text ("today 10am", "10am today"). Accepts 10am,
 * 10 am, 2:30pm, 2.30 p.m., 14:30, noon and midday, optionally preceded by "at". A time needs a colon or
 * am/pm, so a bare number such as the year in "15 Oct 2025" is never mistaken for one.
 */
function splitTime(text: string): { datePart: string; time: TimeOfDay | null } | string {
  for (const form of TIME_AT_END) {
    const m = form.re.exec(text);
    if (m) {
      const time = readTime(m, form.twelveHour);
      return typeof time === 'string' ? time : { datePart: text.slice(0, m.index).trim(), time };
    }
  }
  for (const form of TIME_AT_START) {
    const m = form.re.exec(text);
    if (m) {
      const time = readTime(m, form.twelveHour);
      return typeof time === 'string' ? time : { datePart: text.slice(m[0].length).trim(), time };
    }
  }
  return { datePart: text, time: null };
}

function calendarDateOf(dt: DateTime<true>): CalendarDate {
  return { year: dt.year, month: dt.month, day: dt.day };
}

/**
 * Dates relative to today: today, yesterday, tomorrow, a weekday name ("tue": the most recent Tuesday,
 * today included) or "last" plus a weekday ("last tuesday": the most recent Tuesday before today, so
 * on a Tuesday it is a week ago). Returns null when the text is none of these.
 */
function readRelativeDate(text: string, today: DateTime<true>): CalendarDate | null {
  if (text === '' || text === 'today') {
    return calendarDateOf(today);
  }
  if (text === 'yesterday') {
    return calendarDateOf(today.minus({ days: 1 }));
  }
  if (text === 'tomorrow') {
    return calendarDateOf(today.plus({ days: 1 }));
  }
  const weekdayMatch = new RegExp(`^(last\\s+|this\\s+)?(${WEEKDAY_PATTERN})$`).exec(text);
  if (weekdayMatch) {
    const target = WEEKDAY_WORDS[weekdayMatch[2] ?? ''] ?? 1;
    const strictlyBefore = (weekdayMatch[1] ?? '').startsWith('last');
    let back = (today.weekday - target + 7) % 7;
    if (back === 0 && strictlyBefore) {
      back = 7;
    }
    return calendarDateOf(today.minus({ days: back }));
  }
  return null;
}

function cleanTyped(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function atTimeInZone(
  date: CalendarDate,
  time: TimeOfDay | null,
  zone: string,
): { ok: true; value: DateTime<true>; dateOnly: boolean } | { ok: false; reason: string } {
  const dt = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time?.hour ?? 0, minute: time?.minute ?? 0 },
    { zone },
  );
  if (!dt.isValid) {
    return { ok: false, reason: `${formatCalendarDate(date)} could not be used as a date.` };
  }
  const valid = dt as DateTime<true>;
  // On the night clocks go forward, the skipped hour does not exist; luxon would quietly move the time an
  // hour later, which would record a session at a time nobody typed.
  if (time !== null && (valid.hour !== time.hour || valid.minute !== time.minute)) {
    return {
      ok: false,
      reason: `${formatTime(time.hour, time.minute)} on ${formatCalendarDate(date)} does not exist in local time: clocks go forward an hour that night. Check the time.`,
    };
  }
  return { ok: true, value: valid, dateOnly: time === null };
}

const SESSION_DATE_HINT = 'Try a form like 15/10/2025 2:30pm, 15 Oct 2025, today 10am, yesterday or Tue 10am.';

/**
 * Reads a session date, with an optional time, typed by a user.
 *
 * Without a time the result is the start of that day with `dateOnly: true`: DEX records only the session
 * date, so no default time is made up. ISO date-times with an offset ("2025-10-15T03:30Z") are converted
 * to the organisation's zone; without one they are read as local time in that zone. A time that does not
 * exist because of a daylight-saving change is refused. On the night clocks go back, a time that occurs
 * twice is taken at its first occurrence (daylight time). Whether the date is allowed (e.g. not in the
 * future) is for the validation rules, not the parser.
 */
export function parseSessionDateTime(
  text: string,
  now: DateTime,
  zone: string = DEFAULT_ORG_ZONE,
): SessionDateTimeResult {
  const today = toOrgZone(now, zone).startOf('day');
  const raw = text.trim();
  if (raw === '') {
    return { ok: false, reason: `Enter the session date. ${SESSION_DATE_HINT}` };
  }

  const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}/.exec(raw);
  if (isoDateTime) {
    const typedDate = { year: Number(isoDateTime[1]), month: Number(isoDateTime[2]), day: Number(isoDateTime[3]) };
    const reason = impossibleDateReason(typedDate, raw);
    if (reason !== null) {
      return { ok: false, reason };
    }
    const dt = DateTime.fromISO(raw, { zone });
    if (!dt.isValid) {
      return { ok: false, reason: `Could not read "${raw}" as a date and time. ${SESSION_DATE_HINT}` };
    }
    return { ok: true, value: dt as DateTime<true>, dateOnly: false };
  }

  const cleaned = cleanTyped(raw);
  const split = splitTime(cleaned);
  if (typeof split === 'string') {
    return { ok: false, reason: split };
  }
  const datePart = split.datePart.replace(/^on\s+/, '');
  if (datePart === '' && split.time === null) {
    return { ok: false, reason: `Could not read "${raw}" as a date and time. ${SESSION_DATE_HINT}` };
  }

  const relative = readRelativeDate(datePart, today);
  if (relative !== null) {
    return atTimeInZone(relative, split.time, zone);
  }
  const typed = readExplicitDate(datePart);
  if (typed === null) {
    return { ok: false, reason: `Could not read "${raw}" as a date and time. ${SESSION_DATE_HINT}` };
  }
  const resolved = resolveTypedDate(typed, calendarDateOf(today), datePart);
  if (typeof resolved === 'string') {
    return { ok: false, reason: resolved };
  }
  return atTimeInZone(resolved, split.time, zone);
}

const HOUR_UNITS = 'h|hr|hrs|hour|hours';
const MINUTE_UNITS = 'm|min|mins|minute|minutes';
const NUMBER = '\\d+(?:\\.\\d+)?';
const DURATION_PATTERN = new RegExp(
  `^(?:(${NUMBER})\\s*(?:${HOUR_UNITS}))?\\s*(?:and\\s+)?(?:(${NUMBER})\\s*(${MINUTE_UNITS})?)?$`,
);
const DURATION_HINT = 'Use a form like 90 min, 1h 30m, 1.5 hours or 1:30.';

/**
 * Reads a session length: "1h30", "1h 30m", "1 hour 30 minutes", "90 min", "45m", "1.5 hours", "2 hrs",
 * "1:30" (hours:minutes) or a bare number, which is minutes. Fractions of an hour are rounded to the
 * nearest minute. Minutes written after hours must be under 60, which catches typos such as "1h 90".
 * The result must be more than 0 and at most 24 hours.
 */
export function parseDuration(text: string): DurationResult {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (cleaned === '') {
    return { ok: false, reason: `Enter how long the session took. ${DURATION_HINT}` };
  }
  let minutes: number;
  const clock = /^(\d{1,2}):(\d{2})$/.exec(cleaned);
  if (clock) {
    const mins = Number(clock[2]);
    if (mins > 59) {
      return { ok: false, reason: `"${text.trim()}" has ${mins} minutes after the colon; it must be under 60. ${DURATION_HINT}` };
    }
    minutes = Number(clock[1]) * 60 + mins;
  } else {
    const m = DURATION_PATTERN.exec(cleaned);
    if (!m || (m[1] === undefined && m[2] === undefined)) {
      return { ok: false, reason: `Could not read "${text.trim()}" as a length of time. ${DURATION_HINT}` };
    }
    if (m[2]?.includes('.')) {
      return {
        ok: false,
        reason: `"${text.trim()}" is read as minutes, which must be whole. For hours add the unit, e.g. 1.5 hours. ${DURATION_HINT}`,
      };
    }
    const hours = m[1] === undefined ? 0 : Number(m[1]);
    const mins = m[2] === undefined ? 0 : Number(m[2]);
    if (m[1] !== undefined && m[2] !== undefined && mins >= 60) {
      return { ok: false, reason: `"${text.trim()}" has ${mins} minutes after the hours; it must be under 60. ${DURATION_HINT}` };
    }
    minutes = Math.round(hours * 60 + mins);
  }
  if (minutes <= 0) {
    return { ok: false, reason: 'The session length must be more than 0 minutes.' };
  }
  if (minutes > MINUTES_PER_DAY) {
    return { ok: false, reason: `The session length must be at most 24 hours; "${text.trim()}" is ${formatDuration(minutes)}.` };
  }
  return { ok: true, minutes };
}

function formatTime(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
}

function inGivenZone(dt: DateTime, zone: string | undefined): DateTime<true> {
  return zone === undefined ? assertValid(dt) : toOrgZone(dt, zone);
}

/**
 * '15 Oct 2025'. Month names are spelt here rather than taken from the runtime's locale data, whose
 * en-AU forms change between ICU versions (e.g. 'Sep' became 'Sept').
 * With `zone`, the date is first converted to that zone; otherwise the DateTime's own zone is used.
 */
export function formatAuDate(dt: DateTime, zone?: string): string {
  const d = inGivenZone(dt, zone);
  return formatCalendarDate(calendarDateOf(d));
}

/** 'Wed 15 Oct 2025, 2:30 pm'. See `formatAuDate` for `zone`. */
export function formatAuDateTime(dt: DateTime, zone?: string): string {
  const d = inGivenZone(dt, zone);
  return `${WEEKDAYS_SHORT[d.weekday - 1]} ${formatCalendarDate(calendarDateOf(d))}, ${formatTime(d.hour, d.minute)}`;
}

/** A stored ISO instant (with its offset) as '15 Oct 2025' in the organisation's zone. */
export function formatStoredDate(iso: string, zone: string): string {
  return formatAuDate(DateTime.fromISO(iso, { setZone: true }), zone);
}

/** A stored ISO instant (with its offset) as 'Wed 15 Oct 2025, 2:30 pm' in the organisation's zone. */
export function formatStoredDateTime(iso: string, zone: string): string {
  return formatAuDateTime(DateTime.fromISO(iso, { setZone: true }), zone);
}

/** '1 h 30 min', '45 min', '2 h'. */
export function formatDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new RangeError(`A duration must be a whole number of minutes, 0 or more; got ${minutes}`);
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) {
    return `${m} min`;
  }
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const ESTIMATE_PREFIX = /^(?:about|approx\.?|approximately|around|roughly|circa|c\.|ca\.|est\.?|estimated|~)\s*/;
export const MAX_AGE_YEARS = 120;
/** No client alive was born before this; a year before it is a typing mistake. */
export const EARLIEST_BIRTH_YEAR = 1900;

function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const hadBirthday = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

const BIRTH_HINT = 'Use the full date, e.g. 3/7/1951, or just the year if only that is known, e.g. 1951 or about 1950.';

/**
 * Reads a date of birth: a full date (3/7/1951, 1951-07-03, 3 Jul 1951) or, when the exact date is not
 * known, a year ("1951", "about 1950", "c. 1950"), which becomes 1 January of that year with
 * `estimated: true` as DEX expects for estimated birth dates. Two-digit years are refused because a
 * person's birth year can be a century either way. Dates after today and ages over 120 are refused.
 */
export function parseBirthDateOrYear(text: string, now: DateTime, zone: string = DEFAULT_ORG_ZONE): BirthDateResult {
  const today = calendarDateOf(toOrgZone(now, zone));
  const cleaned = cleanTyped(text);
  if (cleaned === '') {
    return { ok: false, reason: `Enter the date of birth. ${BIRTH_HINT}` };
  }
  const withoutEstimate = cleaned.replace(ESTIMATE_PREFIX, '');
  const saysEstimate = withoutEstimate !== cleaned || withoutEstimate.endsWith('?');
  const body = withoutEstimate.replace(/\?$/, '').trim();

  let birth: CalendarDate;
  let estimated: boolean;
  if (/^\d{4}$/.test(body)) {
    birth = { year: Number(body), month: 1, day: 1 };
    estimated = true;
    if (birth.year > today.year) {
      return { ok: false, reason: `The birth year ${birth.year} is in the future.` };
    }
  } else {
    const typed = readExplicitDate(body);
    if (typed === null) {
      return { ok: false, reason: `Could not read "${text.trim()}" as a date of birth. ${BIRTH_HINT}` };
    }
    if (saysEstimate) {
      return {
        ok: false,
        reason: `For an estimated date of birth give only the year, e.g. about 1950; otherwise give the exact date, e.g. 3/7/1951.`,
      };
    }
    if (typed.year === null || typed.shortYear) {
      return { ok: false, reason: `Write the year of birth in full, e.g. 3/7/1951 rather than 3/7/51.` };
    }
    const resolved = resolveTypedDate(typed, today, body);
    if (typeof resolved === 'string') {
      return { ok: false, reason: resolved };
    }
    birth = resolved;
    estimated = false;
    if (compareDates(birth, today) > 0) {
      return { ok: false, reason: `The date of birth ${formatCalendarDate(birth)} is in the future.` };
    }
  }
  if (birth.year < EARLIEST_BIRTH_YEAR) {
    return { ok: false, reason: `A date of birth before ${EARLIEST_BIRTH_YEAR} (${estimated ? birth.year : formatCalendarDate(birth)}) cannot be right. Check the year.` };
  }
  if (ageOn(birth, today) > MAX_AGE_YEARS) {
    return {
      ok: false,
      reason: `A date of birth of ${estimated ? birth.year : formatCalendarDate(birth)} means an age over ${MAX_AGE_YEARS}. Check the year.`,
    };
  }
  return { ok: true, birthDate: isoDateOf(birth), estimated };
}
