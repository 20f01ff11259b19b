/** The sessions of a case file as the readiness rules see them: each moment read once, words only when needed. */
import { DateTime } from 'luxon';
import type { CaseFile } from './caseFile';
import { formatAuDate } from './dateFormat';
import type { Session } from './session';
import { atInZone, millisOf, periodIdLookup } from './sessionTime';

/**
 * What the rules need about one session. Its moment is read once as a number; the date in words is worked
 * out only for sessions an item is about, since converting hundreds of times to a time zone is slow.
 */
export class SessionView {
  private labelText: string | undefined;

  constructor(
    readonly session: Session,
    readonly millis: number,
    readonly periodId: string,
    readonly future: boolean,
    private readonly zone: string,
  ) {}

  get local(): DateTime<true> {
    return atInZone(this.session.startsAt, this.zone);
  }

  /**
   * 'Session S-1 (13 Oct 2025)'. The date is read in the offset stored with the session, which every write
   * sets from the organisation's zone, so no time-zone rules need consulting for a label.
   */
  get label(): string {
    this.labelText ??= `Session ${this.session.sessionId} (${formatAuDate(DateTime.fromISO(this.session.startsAt, { setZone: true }))})`;
    return this.labelText;
  }
}

/** Each session of the case file, with its reporting period and whether it is dated after today. */
export function viewSessions(cf: CaseFile, zone: string, now: DateTime<true>): SessionView[] {
  const tomorrow = now.startOf('day').plus({ days: 1 }).toMillis();
  const periodIdOf = periodIdLookup(zone);
  return cf.sessions.map((session) => {
    const millis = millisOf(session.startsAt);
    return new SessionView(session, millis, periodIdOf(millis), millis >= tomorrow, zone);
  });
}
