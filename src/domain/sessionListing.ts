import { DateTime } from 'luxon';
import type { CaseFile } from './caseFile';
import { sessionsNewestFirst } from './caseFileOperations';
import { formatAuDate, formatAuDateTime, formatDuration } from './dates';
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

/** Sessions kept for the organisation's own records (entered after their period closed), which DEX never receives. */
export function notReportedSessions(cf: CaseFile): { sessionId: string; label: string }[] {
  return cf.sessions
    .filter((s) => s.ownRecordsOnly)
    .map((s) => ({ sessionId: s.sessionId, label: `Session ${s.sessionId} (${formatAuDate(DateTime.fromISO(s.startsAt, { setZone: true }))})` }));
}
