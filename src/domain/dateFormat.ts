/**
 * Dates, times and lengths written back the way Australians read them: '15 Oct 2025', 'Wed 15 Oct 2025, 2:30 pm',
 * '1 h 30 min'.
 */
import { DateTime } from 'luxon';
import { assertValid, calendarDateOf, formatCalendarDate, formatTime, toOrgZone, WEEKDAYS_SHORT } from './calendar';

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
