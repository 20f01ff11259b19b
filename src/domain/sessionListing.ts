import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CaseFile } from './caseFile';
import { sessionsNewestFirst } from './caseFileOperations';
import { formatAuDate, formatAuDateTime, formatDuration } from './dateFormat';
import type { Session } from './session';

/**
 * When a session was held, the way staff read it. A date typed without a time is stored at midnight
 * (DEX records only the date), so a midnight start is shown as the date alone rather than "12:00 am".
 */
export function sessionWhen(session: Pick<Session, 'startsAt'>, zone: string): string {
  const start = DateTime.fromISO(session.startsAt, { setZone: true });
  const local = start.setZone(zone);
  const full = formatAuDateTime(local);
  // The date part of the same wording ("Mon 20 Oct 2025"), so dated-only and timed sessions read alike.
  return local.hour === 0 && local.minute === 0 ? full.slice(0, full.indexOf(',')) : full;
}

export function participantCount(n: number): string {
  return n === 1 ? '1 participant' : `${n} participants`;
}

export type SessionListing = { sessionId: string; label: string; description: string };

/** The case file's sessions for a pick list: most recent first, with when, id, length and who is in it. */
export function sessionListings(cf: CaseFile, zone: string): SessionListing[] {
  return sessionsNewestFirst(cf).map((s) => ({
    sessionId: s.sessionId,
    label: `${sessionWhen(s, zone)} · ${s.sessionId}`,
    description: `${formatDuration(s.durationMinutes)}, ${participantCount(s.participants.length)}`,
  }));
}

/** The session held most recently, which is what "last session" or "latest session" means. */
export function latestSession(cf: CaseFile): Session | undefined {
  return sessionsNewestFirst(cf)[0];
}

/** A session as a sentence names it: the latest, the one held last week, or the one held on a day. */
export const SessionReference = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latest') }),
  z.object({ kind: z.literal('lastWeek') }),
  z.object({ kind: z.literal('date'), date: z.iso.date() }),
]);
export type SessionReference = z.infer<typeof SessionReference>;

/**
 * The session a reference names in a case file, in the organisation's zone: the latest one held on that day
 * or in the week before this one (Monday to Sunday). Undefined when none was held then, so the user picks.
 */
export function sessionReferred(cf: CaseFile, ref: SessionReference, now: DateTime, zone: string): Session | undefined {
  if (ref.kind === 'latest') return latestSession(cf);
  const local = (s: Session) => DateTime.fromISO(s.startsAt, { setZone: true }).setZone(zone);
  const [from, to] =
    ref.kind === 'date'
      ? [DateTime.fromISO(ref.date, { zone }).startOf('day'), DateTime.fromISO(ref.date, { zone }).endOf('day')]
      : [now.setZone(zone).startOf('week').minus({ weeks: 1 }), now.setZone(zone).startOf('week').minus({ milliseconds: 1 })];
  return sessionsNewestFirst(cf).find((s) => local(s) >= from && local(s) <= to);
}

/** Sessions kept for the organisation's own records (entered after their period closed), which DEX never receives. */
export function notReportedSessions(cf: CaseFile): { sessionId: string; label: string }[] {
  return cf.sessions
    .filter((s) => s.ownRecordsOnly)
    .map((s) => ({ sessionId: s.sessionId, label: `Session ${s.sessionId} (${formatAuDate(DateTime.fromISO(s.startsAt, { setZone: true }))})` }));
}

/** The details that are usually the same from one session of a case file to the next. */
export const USUALLY_REPEATED = ['serviceTypeId', 'serviceSettingCode', 'topicCode'] as const;
export type RepeatedDetails = Partial<Pick<Session['details'], (typeof USUALLY_REPEATED)[number]>>;

/**
 * What the session held before this one recorded for the usually-repeated details, offered as a
 * proposal for the fields this session has not recorded yet. Nothing is proposed for a field the
 * session already has, and nothing at all when there is no earlier session with such details.
 */
export function proposalFromPreviousSession(sessions: readonly Session[], sessionId: string): { from: Session; details: RepeatedDetails } | undefined {
  const session = sessions.find((s) => s.sessionId === sessionId);
  if (!session) return undefined;
  const at = (s: Session) => DateTime.fromISO(s.startsAt).toMillis();
  const earlier = sessions
    .filter((s) => s !== session && at(s) <= at(session) && USUALLY_REPEATED.some((f) => s.details[f] !== undefined))
    .sort((a, b) => at(b) - at(a))[0];
  if (!earlier) return undefined;
  const details: RepeatedDetails = {};
  for (const f of USUALLY_REPEATED)
    if (session.details[f] === undefined && earlier.details[f] !== undefined) Object.assign(details, { [f]: earlier.details[f] });
  return Object.keys(details).length ? { from: earlier, details } : undefined;
}
