/**
 * Reading the session dates and times staff type into a chat: day first (15/10/2025), month names, ISO, today,
 * yesterday, weekdays, with an optional time of day. "Now" is a parameter, so results never depend on the
 * machine's clock.
 */
import { DateTime } from 'luxon';
import {
  type CalendarDate,
  calendarDateOf,
  compareDates,
  DEFAULT_ORG_ZONE,
  dayOfWeek,
  formatCalendarDate,
  formatTime,
  impossibleDateReason,
  MONTH_PATTERN,
  MONTH_WORDS,
  toOrgZone,
  WEEKDAY_PATTERN,
  WEEKDAY_WORDS,
  WEEKDAYS_LONG,
} from './calendar';

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

/** A date as typed, before a missing year is filled in. */
export interface TypedDate {
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
export function readExplicitDate(text: string): TypedDate | null {
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (iso) {
    return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), shortYear: false, weekday: null };
  }
  const numeric = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(text);
  if (numeric) {
    return { day: Number(numeric[1]), month: Number(numeric[2]), ...readYear(numeric[3]), weekday: null };
  }
  const worded = new RegExp(`^(?:(${WEEKDAY_PATTERN})\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_PATTERN})(?:\\s+(\\d{4}|\\d{2}))?$`).exec(text);
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
export function resolveTypedDate(typed: TypedDate, today: CalendarDate, original: string): CalendarDate | string {
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
      return impossibleDateReason({ year: today.year, month: typed.month, day: typed.day }, original) ?? `"${original}" is not a real date.`;
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

export function cleanTyped(text: string): string {
  return text.trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
}

function atTimeInZone(
  date: CalendarDate,
  time: TimeOfDay | null,
  zone: string,
): { ok: true; value: DateTime<true>; dateOnly: boolean } | { ok: false; reason: string } {
  const dt = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: time?.hour ?? 0, minute: time?.minute ?? 0 }, { zone });
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
export function parseSessionDateTime(text: string, now: DateTime, zone: string = DEFAULT_ORG_ZONE): SessionDateTimeResult {
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
