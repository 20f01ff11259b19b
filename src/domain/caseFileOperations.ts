import { DateTime } from 'luxon';
import type { Actor } from './common';
import { CASE_FILE_NAME_MAX, CASE_FILE_OVERVIEW_MAX, CaseFileSchema, type CaseClient, type CaseFile, type ReasonForAssistance } from './caseFile';
import type { Organisation } from './organisation';
import { findOutletActivity } from './organisation';
import { fail, ok, type Outcome } from './outcome';
import type { Problem } from './problem';
import {
  checkDuration,
  checkFreeText,
  checkIdentifierHasNoPersonalInfo,
  checkMoneyBusinessWorkshopApplies,
  checkReasons,
  checkReferrals,
  checkSessionDatePlausible,
  checkSessionPeriodOpen,
  checkUnidentifiedCount,
} from './rules';
import { SessionSchema, type Participant, type Session, type SessionDetails } from './session';
import { generateSessionId } from './identifiers';
import { additions, applyListChange, conflictProblems, diffList, sameJson, type AppliedListChange, type Keyed, type ListChange } from './listChange';

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
  return checkLength('name', 'The case file name', name, 1, CASE_FILE_NAME_MAX);
}

export function checkOverview(overview: string): Problem | null {
  return checkLength('overview', 'The overview', overview, 0, CASE_FILE_OVERVIEW_MAX);
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
      : {
          code: 'outletActivity.unknown',
          field: 'outletActivityId',
          message: `Outlet activity ${input.outletActivityId} is not one of ${org.name}'s activities.`,
        },
    checkUnidentifiedCount(input.totalUnidentifiedClients),
    checkFreeText('name', input.name),
    checkFreeText('overview', input.overview, 'multiline'),
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
  return ok(
    touched(
      { ...cf, clients: [...cf.clients, ...added] },
      ctx,
      'caseClients.added',
      `Added ${added.length} client(s): ${added.map((a) => a.clientId).join(', ')}`,
    ),
  );
}

/** A case file's clients as a list keyed by client; what counts is the referral source, reasons and exit reason. */
export const CASE_CLIENTS: Keyed<CaseClient> = {
  key: (c) => c.clientId,
  same: (a, b) => sameJson(caseClientTerms(a), caseClientTerms(b)),
};

function caseClientTerms(c: CaseClient): unknown {
  return { referralSourceCode: c.referralSourceCode, exitReasonCode: c.exitReasonCode, reasons: [...c.reasons].sort((x, y) => x.code.localeCompare(y.code)) };
}

/**
 * Applies one person's change to the case file's clients (see `listChange`): a client a colleague added
 * meanwhile with the same answers is no change; with different answers it is a `list.conflict` and
 * nothing is written. A changed client keeps when and by whom they were first added.
 */
export function changeCaseClients(cf: CaseFile, change: ListChange<CaseClient>, ctx: ChangeContext): Outcome<CaseFile> {
  const found = [...change.added, ...change.changed.map((c) => c.to)].flatMap((c) => {
    const problem = checkReasons(c.reasons);
    return problem ? [{ ...problem, item: c.clientId }] : [];
  });
  if (found.length) return fail(...found);
  const applied = applyListChange(cf.clients, change, CASE_CLIENTS);
  if (applied.conflicts.length) return fail(...conflictProblems('clientId', applied.conflicts));
  const { added, changed, removed } = applied;
  if (added.length + changed.length + removed.length === 0) return ok(cf);
  const firstAdded = new Map(cf.clients.map((c) => [c.clientId, c]));
  const clients = applied.list.map((c) => {
    const before = firstAdded.get(c.clientId);
    return before ? { ...c, addedAt: before.addedAt, addedBy: before.addedBy } : c;
  });
  const detail = [
    added.length ? `Added ${added.length} client(s): ${added.map((c) => c.clientId).join(', ')}` : '',
    changed.length ? `changed ${changed.map((c) => c.clientId).join(', ')}` : '',
    removed.length ? `removed ${removed.map((c) => c.clientId).join(', ')}` : '',
  ].filter(Boolean);
  return ok(touched({ ...cf, clients }, ctx, added.length ? 'caseClients.added' : 'caseClients.changed', detail.join('; ')));
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
      checkSessionDatePlausible(s.startsAt, ctx.now, ctx.zone),
      checkUnidentifiedCount(s.unidentifiedParticipants, 'unidentifiedParticipants'),
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

/** Participants are one list per session, keyed by client; role and referrals are the item's value. */
export const PARTICIPANTS: Keyed<Participant> = { key: (p) => p.clientId, same: sameJson };

/**
 * Applies one person's change to a session's participants: who they ticked that the card showed unticked
 * is added, who they unticked that it showed ticked is taken out, a changed role or referral is set; anyone
 * else stays as stored, so a colleague's assignment made meanwhile is never undone. When the colleague
 * changed the same person, nothing is written and each such person is a `list.conflict` problem.
 */
export function assignParticipants(cf: CaseFile, sessionId: string, change: ListChange<Participant>, ctx: ChangeContext): Outcome<CaseFile> {
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const incoming = [...change.added, ...change.changed.map((c) => c.to)];
  const found = problems(
    ...incoming.map((p) =>
      onCase.has(p.clientId)
        ? null
        : { code: 'participant.notOnCase', field: 'clientId', message: `Client ${p.clientId} must be added to the case file before joining a session.` },
    ),
    ...incoming.map((p) => checkReferrals(p.referrals)),
  );
  if (found.length) return fail(...found);
  let applied: AppliedListChange<Participant> | undefined;
  const result = withSession(cf, sessionId, (s) => {
    applied = applyListChange(s.participants, change, PARTICIPANTS);
    return ok({ ...s, participants: applied.list });
  });
  if (!result.ok) return result;
  if (applied!.conflicts.length) return fail(...conflictProblems('clientId', applied!.conflicts));
  const { added, changed, removed } = applied!;
  if (added.length + changed.length + removed.length === 0) return ok(cf);
  const list = (ps: Participant[]) => ps.map((p) => `${p.clientId} (${p.participationCode})`).join(', ');
  const detail = [
    added.length ? `assigned ${list(added)}` : '',
    changed.length ? `changed ${list(changed)}` : '',
    removed.length ? `removed ${removed.map((p) => p.clientId).join(', ')}` : '',
  ].filter(Boolean);
  return ok(touched(result.value, ctx, 'participants.assigned', `Session ${sessionId}: ${detail.join('; ')}`));
}

/**
 * A new session and who came to it, as one change: the session is added, then its participants are assigned
 * under the same rules as assigning them later (clients of the case file only, referrals checked). Either
 * both are written or neither, and one save's operation id covers both, so a retried save applies nothing twice.
 */
export function addSessionWithParticipants(
  cf: CaseFile,
  session: NewSession,
  participants: Participant[],
  ctx: ChangeContext,
  clientNames: { givenName: string; familyName: string }[] = [],
): Outcome<CaseFile> {
  const added = addSessions(cf, [session], ctx, clientNames);
  if (!added.ok || participants.length === 0) return added;
  const sessionId = added.value.sessions.at(-1)!.sessionId;
  return assignParticipants(added.value, sessionId, additions(participants), ctx);
}

export function updateSessionDetails(cf: CaseFile, org: Organisation, sessionId: string, patch: SessionDetails, ctx: ChangeContext): Outcome<CaseFile> {
  const activity = findOutletActivity(org, cf.outletActivityId);
  if (patch.serviceTypeId !== undefined && activity && !activity.serviceTypeIds.includes(patch.serviceTypeId)) {
    return fail({
      code: 'serviceType.notForActivity',
      field: 'serviceTypeId',
      message: `Service type ${patch.serviceTypeId} is not valid for ${activity.name}.`,
    });
  }
  const workshop = activity ? checkMoneyBusinessWorkshopApplies(activity, patch.moneyBusinessWorkshopCode) : null;
  if (workshop) return fail(workshop);
  const result = withSession(cf, sessionId, (s) => ok({ ...s, details: { ...s.details, ...patch } }));
  if (!result.ok) return result;
  const changedFields = Object.keys(patch).join(', ') || 'nothing';
  return ok(touched(result.value, ctx, 'sessionDetails.updated', `Session ${sessionId}: changed ${changedFields}`));
}

type DetailItem = { key: string; value: unknown };
const DETAIL_ITEMS: Keyed<DetailItem> = { key: (i) => i.key, same: (a, b) => sameJson(a.value, b.value) };

function detailItems(details: SessionDetails): DetailItem[] {
  return Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value }));
}

/**
 * Sets the detail fields this person changed relative to what they were shown (`shown`), each field an
 * item of a list: a field a colleague set differently meanwhile is a `list.conflict` and nothing is
 * written; a field already holding the wanted value is no change, so a retried save writes nothing.
 */
export function changeSessionDetails(
  cf: CaseFile,
  org: Organisation,
  sessionId: string,
  shown: SessionDetails,
  wanted: SessionDetails,
  ctx: ChangeContext,
): Outcome<CaseFile> {
  const session = cf.sessions.find((s) => s.sessionId === sessionId);
  if (!session) return fail({ code: 'session.unknown', field: 'sessionId', message: `There is no session ${sessionId} in this case file.` });
  const submitted = detailItems({ ...shown, ...wanted });
  const applied = applyListChange(detailItems(session.details), { ...diffList(detailItems(shown), submitted, DETAIL_ITEMS), removed: [] }, DETAIL_ITEMS);
  if (applied.conflicts.length) return fail(...conflictProblems('details', applied.conflicts));
  const patch = Object.fromEntries([...applied.added, ...applied.changed].map((i) => [i.key, i.value])) as SessionDetails;
  if (Object.keys(patch).length === 0) return ok(cf);
  return updateSessionDetails(cf, org, sessionId, patch, ctx);
}

/** Sessions newest first, the order staff look for them in. */
export function sessionsNewestFirst(cf: CaseFile): Session[] {
  return cf.sessions.slice().sort((a, b) => DateTime.fromISO(b.startsAt).toMillis() - DateTime.fromISO(a.startsAt).toMillis());
}
