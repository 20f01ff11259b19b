/** Reading the length of a session as staff type it: "1h 30m", "90 min", "1.5 hours", "1:30". */
import { MINUTES_PER_DAY } from './calendar';
import { formatDuration } from './dateFormat';

export type DurationResult = { ok: true; minutes: number } | { ok: false; reason: string };

const HOUR_UNITS = 'h|hr|hrs|hour|hours';
const MINUTE_UNITS = 'm|min|mins|minute|minutes';
const NUMBER = '\\d+(?:\\.\\d+)?';
const DURATION_PATTERN = new RegExp(`^(?:(${NUMBER})\\s*(?:${HOUR_UNITS}))?\\s*(?:and\\s+)?(?:(${NUMBER})\\s*(${MINUTE_UNITS})?)?$`);
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
