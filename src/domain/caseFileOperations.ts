import { DateTime } from 'luxon';
import type { Actor } from './common';
import { CaseFileSchema, type CaseClient, type CaseFile, type ReasonForAssistance } from './caseFile';
import type { Organisation } from './organisation';
import { findOutletActivity } from './organisation';
import { fail, ok, type Outcome } from './outcome';
import type { Problem } from './problem';
import {
  checkDuration,
  checkFreeText,
  checkIdentifierHasNoPersonalInfo,
  checkReasons,
  checkReferrals,
  checkSessionDateNotFuture,
  checkSessionPeriodOpen,
  checkUnidentifiedCount,
} from './rules';
import { SessionSchema, type Participant, type Session, type SessionDetails } from './session';
import { generateSessionId } from './identifiers';

export type ChangeContext = { actor: Actor; now: DateTime; zone: string };

function problems(...candidates: (Problem | null | undefined)[]): Problem[] {
  return candidates.filter((p): p is Problem => Boolean(p));
}

/** Stamps who changed the case file and why; every operation ends here so the audit trail is never skipped. */
export function touched(cf: CaseFile, ctx: ChangeContext, action: string, detail: string): CaseFile {
  const at = ctx.now.toISO()!;
  return {
    ...cf,
    updatedAt: at,
    updatedBy: ctx.actor,
    audit: [...cf.audit, { at, by: ctx.actor, action, detail: detail.slice(0, 500) }],
  };
}

function checkLength(field: string, what: string, value: string, min: number, max: number): Problem | null {
  const length = value.trim().length;
  if (length < min) return { code: `${field}.missing`, field, message: `${what} is required.` };
  if (length > max) return { code: `${field}.tooLong`, field, message: `${what} can be at most ${max} characters (it has ${length}).` };
  return null;
}

export function checkCaseFileName(name: string): Problem | null {
  return checkLength('name', 'The case file name', name, 1, 200);
}

export function checkOverview(overview: string): Problem | null {
  return checkLength('overview', 'The overview', overview, 0, 2000);
}

export type NewCaseFileInput = {
  organisationId: string;
  caseFileId: string;
  caseId: string;
  name: string;
  overview: string;
  outletActivityId: number;
  clientAttendanceProfileCode?: CaseFile['clientAttendanceProfileCode'];
  totalUnidentifiedClients: number;
};

export function createCaseFile(org: Organisation, input: NewCaseFileInput, ctx: ChangeContext): Outcome<CaseFile> {
  const found = problems(
    findOutletActivity(org, input.outletActivityId)
      ? null
      : { code: 'outletActivity.unknown', field: 'outletActivityId', message: `Outlet activity ${input.outletActivityId} is not one of ${org.name}'s activities.` },
    checkUnidentifiedCount(input.totalUnidentifiedClients),
    checkFreeText('name', input.name),
    checkFreeText('overview', input.overview),
    checkFreeText('caseId', input.caseId),
    checkCaseFileName(input.name),
    checkOverview(input.overview),
    checkLength('caseId', 'The DEX case id', input.caseId, 1, 50),
  );
  if (found.length) return fail(...found);
  const at = ctx.now.toISO()!;
  const cf = CaseFileSchema.parse({
    ...input,
    createdAt: at,
    createdBy: ctx.actor,
    updatedAt: at,
    updatedBy: ctx.actor,
    version: 1,
  });
  return ok(touched(cf, ctx, 'caseFile.created', `Created case file ${cf.caseId}`));
}

export type NewCaseClient = {
  clientId: string;
  givenName: string;
  familyName: string;
  referralSourceCode?: string;
  reasons: ReasonForAssistance[];
};

/** Adds clients; one already on the case file is reported, not duplicated. */
export function addCaseClients(cf: CaseFile, entries: NewCaseClient[], ctx: ChangeContext): Outcome<CaseFile> {
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const found: Problem[] = [];
  const added: CaseClient[] = [];
  for (const e of entries) {
    if (onCase.has(e.clientId)) {
      found.push({ code: 'caseClient.duplicate', field: 'clientId', message: `${e.givenName} ${e.familyName} is already on this case file.` });
      continue;
    }
    const reasonProblem = checkReasons(e.reasons);
    if (reasonProblem) {
      found.push({ ...reasonProblem, message: `${e.givenName} ${e.familyName}: ${reasonProblem.message}` });
      continue;
    }
    onCase.add(e.clientId);
    added.push({
      clientId: e.clientId,
      referralSourceCode: e.referralSourceCode,
      reasons: e.reasons,
      addedAt: ctx.now.toISO()!,
      addedBy: ctx.actor,
    });
  }
  if (found.length) return fail(...found);
  return ok(touched({ ...cf, clients: [...cf.clients, ...added] }, ctx, 'caseClients.added', `Added ${added.length} client(s): ${added.map((a) => a.clientId).join(', ')}`));
}

export type NewSession = {
  sessionId?: string;
  startsAt: DateTime;
  durationMinutes: number;
  unidentifiedParticipants: number;
  sourceSessionKey?: string;
  participants?: Participant[];
  /** The user confirmed that a session dated in a closed reporting period is for the organisation's own records. */
  ownRecordsConfirmed?: boolean;
};

/**
 * Why a session dated `startsAt` cannot go to DEX (its reporting period has closed), in plain words, or null
 * when DEX still accepts it. Adding such a session needs the user's confirmation that it is for the
 * organisation's own records.
 */
export function closedPeriodProblem(startsAt: DateTime, ctx: Pick<ChangeContext, 'now' | 'zone'>): Problem | null {
  const closed = checkSessionPeriodOpen(startsAt, ctx.now, ctx.zone);
  if (!closed) return null;
  return {
    code: closed.code,
    field: closed.field,
    message: `DEX will not accept this session. ${closed.message} It can be saved only for your organisation's own records.`,
  };
}

export function addSessions(
  cf: CaseFile,
  sessions: NewSession[],
  ctx: ChangeContext,
  clientNames: { givenName: string; familyName: string }[] = [],
): Outcome<CaseFile> {
  const taken = new Set(cf.sessions.map((s) => s.sessionId));
  const found: Problem[] = [];
  const added: Session[] = [];
  for (const s of sessions) {
    const sessionId = s.sessionId?.trim() || generateSessionId(s.startsAt.setZone(ctx.zone), taken);
    const issues = problems(
      taken.has(sessionId) ? { code: 'session.idTaken', field: 'sessionId', message: `Session id ${sessionId} is already used in this case file.` } : null,
      checkSessionDateNotFuture(s.startsAt, ctx.now, ctx.zone),
      checkUnidentifiedCount(s.unidentifiedParticipants),
      checkDuration(s.durationMinutes),
      checkFreeText('sessionId', sessionId),
      checkIdentifierHasNoPersonalInfo(sessionId, clientNames, 'sessionId'),
    );
    const closed = closedPeriodProblem(s.startsAt, ctx);
    if (closed && !s.ownRecordsConfirmed) issues.push(closed);
    if (issues.length) {
      found.push(...issues);
      continue;
    }
    taken.add(sessionId);
    added.push(
      SessionSchema.parse({
        sessionId,
        startsAt: s.startsAt.setZone(ctx.zone).toISO(),
        durationMinutes: s.durationMinutes,
        unidentifiedParticipants: s.unidentifiedParticipants,
        sourceSessionKey: s.sourceSessionKey,
        participants: s.participants ?? [],
        ...(closed ? { ownRecordsOnly: true } : {}),
      }),
    );
  }
  if (found.length) return fail(...found);
  return ok(touched({ ...cf, sessions: [...cf.sessions, ...added] }, ctx, 'sessions.added', `Added session(s) ${added.map((s) => s.sessionId).join(', ')}`));
}

function withSession(cf: CaseFile, sessionId: string, change: (s: Session) => Outcome<Session>): Outcome<CaseFile> {
  const index = cf.sessions.findIndex((s) => s.sessionId === sessionId);
  if (index < 0) return fail({ code: 'session.unknown', field: 'sessionId', message: `There is no session ${sessionId} in this case file.` });
  const changed = change(cf.sessions[index]!);
  if (!changed.ok) return changed;
  const sessions = cf.sessions.slice();
  sessions[index] = changed.value;
  return ok({ ...cf, sessions });
}

/**
 * Assigns participants; assigning someone already in the session replaces their entry (a correction), and
 * `removeClientIds` takes people out who were put in by mistake. Anyone else already in the session stays,
 * so a colleague's assignment made meanwhile is never undone.
 */
export function assignParticipants(
  cf: CaseFile,
  sessionId: string,
  participants: Participant[],
  ctx: ChangeContext,
  removeClientIds: readonly string[] = [],
): Outcome<CaseFile> {
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const found = problems(
    ...participants.map((p) =>
      onCase.has(p.clientId) ? null : { code: 'participant.notOnCase', field: 'clientId', message: `Client ${p.clientId} must be added to the case file before joining a session.` },
    ),
    ...participants.map((p) => checkReferrals(p.referrals)),
  );
  if (found.length) return fail(...found);
  const removing = new Set(removeClientIds);
  const result = withSession(cf, sessionId, (s) => {
    const incoming = new Map(participants.map((p) => [p.clientId, p]));
    const kept = s.participants.filter((p) => !incoming.has(p.clientId) && !removing.has(p.clientId));
    return ok({ ...s, participants: [...kept, ...incoming.values()] });
  });
  if (!result.ok) return result;
  const assigned = participants.map((p) => `${p.clientId} (${p.participationCode})`).join(', ');
  const removed = removeClientIds.length ? `; removed ${removeClientIds.join(', ')}` : '';
  return ok(touched(result.value, ctx, 'participants.assigned', `Session ${sessionId}: assigned ${assigned}${removed}`));
}

export function updateSessionDetails(
  cf: CaseFile,
  org: Organisation,
  sessionId: string,
  patch: SessionDetails,
  ctx: ChangeContext,
): Outcome<CaseFile> {
  const activity = findOutletActivity(org, cf.outletActivityId);
  if (patch.serviceTypeId !== undefined && activity && !activity.serviceTypeIds.includes(patch.serviceTypeId)) {
    return fail({
      code: 'serviceType.notForActivity',
      field: 'serviceTypeId',
      message: `Service type ${patch.serviceTypeId} is not valid for ${activity.name}.`,
    });
  }
  const result = withSession(cf, sessionId, (s) => ok({ ...s, details: { ...s.details, ...patch } }));
  if (!result.ok) return result;
  const changedFields = Object.keys(patch).join(', ') || 'nothing';
  return ok(touched(result.value, ctx, 'sessionDetails.updated', `Session ${sessionId}: changed ${changedFields}`));
}

/** Sessions newest first, the order staff look for them in. */
export function sessionsNewestFirst(cf: CaseFile): Session[] {
  return cf.sessions.slice().sort((a, b) => DateTime.fromISO(b.startsAt).toMillis() - DateTime.fromISO(a.startsAt).toMillis());
}
