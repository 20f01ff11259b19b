/**
 * Turning a group activity run in the activity-management system into DEX case-file data: the sessions
 * somebody attended become sessions, the people who attended become case clients and session participants.
 * Booked-but-absent people received no service, so they are never transferred.
 */
import { DateTime } from 'luxon';
import type { Activity, ActivitySession, RollEntry } from './activity';
import { CASE_FILE_NAME_MAX, CASE_FILE_OVERVIEW_MAX, type CaseFile, type TransferRecord } from './caseFile';
import { unusedCaseFileName, type NamedCaseFile } from './caseFileName';
import { addCaseClients, addSessions, closedPeriodProblem, createCaseFile, touched, type ChangeContext, type NewCaseFileInput } from './caseFileOperations';
import { checkAttendanceProfile } from './attendanceProfile';
import type { Organisation } from './organisation';
import { fail, ok, type Outcome } from './outcome';
import { FORBIDDEN_FREE_TEXT_CHARACTERS } from './rules';
import { computeSlk } from './slk';

/** A client record an attendee was matched to. */
export type MatchedClient = { clientId: string; givenName: string; familyName: string };

/**
 * How an attendee is looked up among the matched clients: the source system's client id when it has one,
 * otherwise the person's SLK, which is how DEX itself links records without names.
 */
export function attendeeKey(entry: Pick<RollEntry, 'clientId' | 'givenName' | 'familyName' | 'birthDate' | 'gender'>): string {
  if (entry.clientId) return `id:${entry.clientId}`;
  return `slk:${computeSlk({ familyName: entry.familyName, givenName: entry.givenName, birthDate: entry.birthDate, sex: entry.gender })}`;
}

export type PlannedSession = { sessionKey: string; startsAt: string; durationMinutes: number; clientIds: string[] };

export type TransferPlan = {
  /** Oldest first. */
  sessions: PlannedSession[];
  /** Distinct clients, in the order they first attended. */
  clients: MatchedClient[];
  /** Session-client entries: one per attendee per session. */
  participants: number;
  /** Roll entries of people booked for a session who did not come. */
  absentBookings: number;
  sessionsWithoutAttendance: number;
  /** Sessions dated after today: DEX accepts only sessions already held. */
  sessionsNotYetHeld: number;
  /** Sessions dated in a reporting period DEX has closed: transferred only for the organisation's own records. */
  sessionsInClosedPeriods: number;
  /** Attendees with no client record, so they cannot be transferred. */
  unmatched: { givenName: string; familyName: string }[];
};

function dayIsAfterToday(startsAt: DateTime, now: DateTime, zone: string): boolean {
  return startsAt.setZone(zone).startOf('day').toMillis() > now.setZone(zone).startOf('day').toMillis();
}

function byStart(a: ActivitySession, b: ActivitySession): number {
  return DateTime.fromISO(a.startsAt).toMillis() - DateTime.fromISO(b.startsAt).toMillis() || a.sessionKey.localeCompare(b.sessionKey);
}

function transferredKeys(cf: CaseFile): Set<string> {
  return new Set(cf.sessions.map((s) => s.sourceSessionKey).filter((k): k is string => Boolean(k)));
}

/**
 * What a transfer would write: the attended, already-held sessions (those not yet in `into`, when adding to
 * an existing case file) with their matched attendees, and what is left out and why. Sessions are recognised
 * by the source system's key rather than by date, so a roll marked late for an older session is still picked
 * up by the next transfer.
 */
export function planTransfer(
  activity: Activity,
  matched: ReadonlyMap<string, MatchedClient>,
  when: Pick<ChangeContext, 'now' | 'zone'>,
  into?: CaseFile,
): TransferPlan {
  const done = into ? transferredKeys(into) : new Set<string>();
  const plan: TransferPlan = {
    sessions: [],
    clients: [],
    participants: 0,
    absentBookings: 0,
    sessionsWithoutAttendance: 0,
    sessionsNotYetHeld: 0,
    sessionsInClosedPeriods: 0,
    unmatched: [],
  };
  const seenClients = new Set<string>();
  const seenUnmatched = new Set<string>();
  for (const session of activity.sessions.filter((s) => !done.has(s.sessionKey)).sort(byStart)) {
    if (dayIsAfterToday(DateTime.fromISO(session.startsAt, { setZone: true }), when.now, when.zone)) {
      plan.sessionsNotYetHeld++;
      continue;
    }
    plan.absentBookings += session.roll.filter((e) => e.booked && !e.attended).length;
    const attendees = session.roll.filter((e) => e.attended);
    if (attendees.length === 0) {
      plan.sessionsWithoutAttendance++;
      continue;
    }
    const clientIds: string[] = [];
    for (const entry of attendees) {
      const key = attendeeKey(entry);
      const client = matched.get(key);
      if (!client) {
        if (!seenUnmatched.has(key)) plan.unmatched.push({ givenName: entry.givenName, familyName: entry.familyName });
        seenUnmatched.add(key);
        continue;
      }
      if (clientIds.includes(client.clientId)) continue;
      clientIds.push(client.clientId);
      if (!seenClients.has(client.clientId)) plan.clients.push(client);
      seenClients.add(client.clientId);
    }
    if (clientIds.length === 0) continue;
    plan.sessions.push({ sessionKey: session.sessionKey, startsAt: session.startsAt, durationMinutes: session.durationMinutes, clientIds });
    if (closedPeriodProblem(DateTime.fromISO(session.startsAt, { setZone: true }), when)) plan.sessionsInClosedPeriods++;
    plan.participants += clientIds.length;
  }
  return plan;
}

function withTransferRecord(cf: CaseFile, activity: Activity, plan: TransferPlan, ctx: ChangeContext): CaseFile {
  const record: TransferRecord = {
    activityId: activity.activityId,
    activityName: activity.name,
    at: ctx.now.toISO()!,
    by: ctx.actor,
    sessionsAdded: plan.sessions.length,
    participantsAdded: plan.participants,
  };
  return touched(
    { ...cf, transfers: [...cf.transfers, record] },
    ctx,
    'activity.transferred',
    `Transferred ${plan.sessions.length} session(s) and ${plan.participants} participant(s) from activity ${activity.activityId}`,
  );
}

/** `ownRecordsConfirmed`: the user confirmed that sessions of closed periods are for the organisation's own records. */
export type TransferConsent = { ownRecordsConfirmed?: boolean };

function addPlan(cf: CaseFile, activity: Activity, plan: TransferPlan, ctx: ChangeContext, consent: TransferConsent): Outcome<CaseFile> {
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const newClients = plan.clients.filter((c) => !onCase.has(c.clientId));
  const withClients = newClients.length
    ? addCaseClients(
        cf,
        newClients.map((c) => ({ ...c, reasons: [] })),
        ctx,
      )
    : ok(cf);
  if (!withClients.ok) return withClients;
  const withSessions = addSessions(
    withClients.value,
    plan.sessions.map((s) => ({
      startsAt: DateTime.fromISO(s.startsAt, { setZone: true }),
      durationMinutes: s.durationMinutes,
      unidentifiedParticipants: 0,
      sourceSessionKey: s.sessionKey,
      participants: s.clientIds.map((clientId) => ({ clientId, participationCode: 'CLIENT' as const, referrals: [] })),
      ownRecordsConfirmed: consent.ownRecordsConfirmed,
    })),
    ctx,
    plan.clients,
  );
  if (!withSessions.ok) return withSessions;
  return ok(withTransferRecord(withSessions.value, activity, plan, ctx));
}

function nothingToTransfer(activity: Activity, plan: TransferPlan): Outcome<never> {
  const why =
    plan.unmatched.length > 0
      ? 'the people who attended have no client record yet, so import the activity again to create them'
      : plan.sessionsNotYetHeld > 0 && plan.sessionsWithoutAttendance === 0
        ? 'its remaining sessions have not been held yet'
        : 'nobody has been marked as attending a session that is not already transferred';
  return fail({ code: 'transfer.nothingToTransfer', field: 'activityId', message: `There is nothing to transfer from ${activity.name}: ${why}.` });
}

export type TransferDetails = Omit<NewCaseFileInput, 'organisationId' | 'totalUnidentifiedClients' | 'clientAttendanceProfileCode'> & {
  /** Mandatory in an activity transfer, unlike a case file created by hand: see attendanceProfile.ts. */
  clientAttendanceProfileCode: NonNullable<NewCaseFileInput['clientAttendanceProfileCode']>;
};

/**
 * A new case file holding the activity's attended sessions, built as one document so it is written in one
 * insert: the case file, its clients, and every session with its participants.
 */
export function caseFileFromActivity(
  org: Organisation,
  activity: Activity,
  matched: ReadonlyMap<string, MatchedClient>,
  details: TransferDetails,
  ctx: ChangeContext,
  consent: TransferConsent = {},
): Outcome<CaseFile> {
  const plan = planTransfer(activity, matched, ctx);
  if (plan.sessions.length === 0) return nothingToTransfer(activity, plan);
  const profile = checkAttendanceProfile('transfer', details.clientAttendanceProfileCode);
  if (profile) return fail(profile);
  const created = createCaseFile(org, { ...details, organisationId: org.organisationId, totalUnidentifiedClients: 0 }, ctx);
  if (!created.ok) return created;
  return addPlan(created.value, activity, plan, ctx, consent);
}

/** Adds to a case file the activity's sessions it does not have yet, and any new attendees as case clients. */
export function addNewActivitySessions(
  cf: CaseFile,
  activity: Activity,
  matched: ReadonlyMap<string, MatchedClient>,
  ctx: ChangeContext,
  consent: TransferConsent = {},
): Outcome<CaseFile> {
  const plan = planTransfer(activity, matched, ctx, cf);
  if (plan.sessions.length === 0) return nothingToTransfer(activity, plan);
  return addPlan(cf, activity, plan, ctx, consent);
}

/** DEX refuses * & % # @ in free text; a default must never trip over a character in an activity's name. */
function dexSafe(text: string): string {
  let safe = text.replace(/&/g, ' and ');
  for (const ch of FORBIDDEN_FREE_TEXT_CHARACTERS) safe = safe.split(ch).join(' ');
  return safe.replace(/\s+/g, ' ').trim();
}

/**
 * The activity's name, as staff know the group: "Tuesday seniors group", or "Tuesday seniors group (2)" when a
 * case file already has that name. Who transferred it and when are in the case file's history, not its name.
 */
export function defaultTransferName(activityName: string, others: readonly NamedCaseFile[]): string {
  return unusedCaseFileName(dexSafe(activityName) || 'Transferred activity', others, CASE_FILE_NAME_MAX);
}

export function defaultTransferOverview(activity: Pick<Activity, 'activityId' | 'name'>): string {
  return dexSafe(`Attendance of ${activity.name} (activity ${activity.activityId}), transferred from the activity-management system.`).slice(
    0,
    CASE_FILE_OVERVIEW_MAX,
  );
}
