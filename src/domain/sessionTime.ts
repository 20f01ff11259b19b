/** Reading stored session times fast: hundreds of sessions per case file are placed in periods on every check. */
import { DateTime } from 'luxon';
import { reportingPeriodOf } from './periods';

/**
 * A stored timestamp read in `zone`. Hot paths use this rather than toOrgZone, which checks the zone's
 * name on every call and so dominated the time taken over a case file's hundreds of sessions.
 */
export function atInZone(iso: string, zone: string): DateTime<true> {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new RangeError(`"${iso}" cannot be read as a date-time in ${zone}: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt;
}

/** The moment a stored ISO timestamp (always with an offset) stands for, without any time-zone work. */
export function millisOf(iso: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`"${iso}" is not an ISO 8601 date-time`);
  return millis;
}

/** Period bounds by zone, kept across calls: every case file's sessions fall in the same few periods. */
const periodBounds = new Map<string, { id: string; start: number; end: number }[]>();

/**
 * The id of the period a moment (epoch milliseconds) falls in, in `zone`. Each period is worked out once
 * (building one takes several time-zone look-ups) and later moments are placed by comparing numbers.
 */
export function periodIdLookup(zone: string): (millis: number) => string {
  let known = periodBounds.get(zone);
  if (!known) {
    known = [];
    periodBounds.set(zone, known);
  }
  const bounds = known;
  return (millis) => {
    let hit = bounds.find((p) => millis >= p.start && millis < p.end);
    if (!hit) {
      const period = reportingPeriodOf(DateTime.fromMillis(millis, { zone }), zone);
      hit = { id: period.id, start: period.start.toMillis(), end: period.end.toMillis() };
      bounds.push(hit);
    }
    return hit.id;
  };
}
