/** Reading a client's date of birth, or the year alone when that is all that is known (DEX's estimated birth date). */
import type { DateTime } from 'luxon';
import { type CalendarDate, calendarDateOf, compareDates, DEFAULT_ORG_ZONE, formatCalendarDate, isoDateOf, toOrgZone } from './calendar';
import { cleanTyped, readExplicitDate, resolveTypedDate } from './typedDates';

export type BirthDateResult =
  | {
      ok: true;
      /** `YYYY-MM-DD`; 1 January of the year when only a year was known (DEX's convention for estimates). */
      birthDate: string;
      estimated: boolean;
    }
  | { ok: false; reason: string };

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
    return {
      ok: false,
      reason: `A date of birth before ${EARLIEST_BIRTH_YEAR} (${estimated ? birth.year : formatCalendarDate(birth)}) cannot be right. Check the year.`,
    };
  }
  if (ageOn(birth, today) > MAX_AGE_YEARS) {
    return {
      ok: false,
      reason: `A date of birth of ${estimated ? birth.year : formatCalendarDate(birth)} means an age over ${MAX_AGE_YEARS}. Check the year.`,
    };
  }
  return { ok: true, birthDate: isoDateOf(birth), estimated };
}
