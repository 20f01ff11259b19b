/**
 * Corrections to a case file after it was saved: its own fields, a session's fields, a client's place on it.
 * Each takes only the fields the user changed (a patch), so applied to the latest stored copy after a
 * colleague's write it keeps their changes to the other fields; each writes one audit entry naming every
 * field with its old and new value.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AttendanceProfileSchema, ReasonForAssistanceSchema, type CaseClient, type CaseFile, type ReasonForAssistance } from './caseFile';
import { CodeSchema } from './common';
import { checkAttendanceProfile, originOf } from './attendanceProfile';
import { checkCaseFileName, checkOverview, closedPeriodProblem, touched, type ChangeContext } from './caseFileOperations';
import { formatAuDate, formatDuration } from './dateFormat';
import { findOutletActivity, type Organisation } from './organisation';
import { fail, ok, type Outcome } from './outcome';
import { isPeriodOpen, reportingPeriodOf } from './periods';
import type { Problem } from './problem';
import { checkDuration, checkFreeText, checkIdentifierHasNoPersonalInfo, checkReasons, checkSessionDateNotFuture, checkUnidentifiedCount } from './rules';
import type { Session } from './session';

export const CaseFilePatchSchema = z
  .object({
    name: z.string(),
    outletActivityId: z.number().int().nonnegative(),
    clientAttendanceProfileCode: AttendanceProfileSchema.nullable(),
    overview: z.string(),
    /** Null reopens a closed case file. */
    endDate: z.iso.date().nullable(),
  })
  .partial();
export type CaseFilePatch = z.infer<typeof CaseFilePatchSchema>;

export const SessionPatchSchema = z
  .object({
    sessionId: z.string(),
    /** ISO with offset. */
    startsAt: z.string(),
    durationMinutes: z.number().int(),
    unidentifiedParticipants: z.number().int(),
  })
  .partial();
export type SessionPatch = z.infer<typeof SessionPatchSchema>;

export const CaseClientPatchSchema = z
  .object({
    referralSourceCode: CodeSchema.nullable(),
    reasons: z.array(ReasonForAssistanceSchema),
    /** Null: the client has not left. */
    exitReasonCode: CodeSchema.nullable(),
  })
  .partial();
export type CaseClientPatch = z.infer<typeof CaseClientPatchSchema>;

/**
 * The fields of `edited` whose value differs from `shown` (what the user saw when they started): only these
 * are written, so a colleague's change to any other field since then is kept.
 */
export function changedFields<T extends Record<string, unknown>>(shown: T, edited: Partial<T>): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(edited) as (keyof T)[]) {
    if (JSON.stringify(edited[key] ?? null) !== JSON.stringify(shown[key] ?? null)) patch[key] = edited[key];
  }
  return patch;
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (Array.isArray(value)) return value.map((r: ReasonForAssistance) => (r.isPrimary ? `${r.code} (main)` : r.code)).join(', ') || 'none';
  return `"${String(value)}"`;
}

function describeChanges(before: Record<string, unknown>, patch: Record<string, unknown>): string {
  return Object.keys(patch)
    .map((k) => `${k} ${show(before[k])} → ${show(patch[k])}`)
    .join('; ');
}

function nothingChanged(): Outcome<never> {
  return fail({ code: 'edit.nothingChanged', field: 'fields', message: 'Nothing was changed: every value is as it was.' });
}

function firstProblems(...candidates: (Problem | null | undefined)[]): Problem[] {
  return candidates.filter((p): p is Problem => Boolean(p));
}

/** The date of the case file's latest session, in the organisation's zone; a case cannot end before it. */
function lastSessionDate(cf: CaseFile, zone: string): string | undefined {
  return cf.sessions
    .map((s) => DateTime.fromISO(s.startsAt, { zone }).toISODate()!)
    .sort()
    .at(-1);
}

/** A case closes on or after its last session, and not in the future. */
export function checkEndDate(cf: CaseFile, endDate: string, now: DateTime, zone: string): Problem | null {
  const today = now.setZone(zone).toISODate()!;
  const last = lastSessionDate(cf, zone);
  const shown = formatAuDate(DateTime.fromISO(endDate));
  if (endDate > today)
    return { code: 'endDate.future', field: 'endDate', message: `The end date ${shown} is in the future. Close a case file on or after its last day.` };
  if (last && endDate < last) {
    return {
      code: 'endDate.beforeLastSession',
      field: 'endDate',
      message: `The end date ${shown} is before the case file's last session (${formatAuDate(DateTime.fromISO(last))}).`,
    };
  }
  return null;
}

export function editCaseFile(cf: CaseFile, org: Organisation, patch: CaseFilePatch, ctx: ChangeContext): Outcome<CaseFile> {
  const p = CaseFilePatchSchema.parse(patch);
  if (Object.keys(p).length === 0) return nothingChanged();
  const found = firstProblems(
    p.name !== undefined ? (checkCaseFileName(p.name) ?? checkFreeText('name', p.name)) : null,
    p.overview !== undefined ? (checkOverview(p.overview) ?? checkFreeText('overview', p.overview)) : null,
    p.outletActivityId !== undefined && !findOutletActivity(org, p.outletActivityId)
      ? { code: 'outletActivity.unknown', field: 'outletActivityId', message: `Outlet activity ${p.outletActivityId} is not one of ${org.name}'s activities.` }
      : null,
    p.endDate ? checkEndDate(cf, p.endDate, ctx.now, ctx.zone) : null,
    p.clientAttendanceProfileCode !== undefined ? checkAttendanceProfile(originOf(cf), p.clientAttendanceProfileCode) : null,
  );
  if (found.length) return fail(...found);
  const next: CaseFile = { ...cf };
  if (p.name !== undefined) next.name = p.name.trim();
  if (p.overview !== undefined) next.overview = p.overview.trim();
  if (p.outletActivityId !== undefined) next.outletActivityId = p.outletActivityId;
  if (p.clientAttendanceProfileCode !== undefined) next.clientAttendanceProfileCode = p.clientAttendanceProfileCode ?? undefined;
  if (p.endDate !== undefined) next.endDate = p.endDate ?? undefined;
  const action = p.endDate ? 'caseFile.closed' : 'caseFile.edited';
  return ok(touched(next, ctx, action, `Case file ${cf.caseId}: ${describeChanges(cf, p)}`));
}

function sessionIndex(cf: CaseFile, sessionId: string): number | Outcome<never> {
  const index = cf.sessions.findIndex((s) => s.sessionId === sessionId);
  return index >= 0
    ? index
    : fail({
        code: 'session.unknown',
        field: 'sessionId',
        message: `There is no session ${sessionId} in this case file any more; someone may have removed or renamed it.`,
      });
}

/**
 * A new date in a reporting period DEX has closed is taken only with `ownRecordsConfirmed` (the session is then
 * kept for the organisation's own records, as when adding one); a date moved back into an open period makes
 * the session reportable again.
 */
export function editSession(
  cf: CaseFile,
  sessionId: string,
  patch: SessionPatch,
  ctx: ChangeContext,
  clientNames: { givenName: string; familyName: string }[] = [],
  ownRecordsConfirmed = false,
): Outcome<CaseFile> {
  const p = SessionPatchSchema.parse(patch);
  if (Object.keys(p).length === 0) return nothingChanged();
  const index = sessionIndex(cf, sessionId);
  if (typeof index !== 'number') return index;
  const before = cf.sessions[index]!;
  const startsAt = p.startsAt !== undefined ? DateTime.fromISO(p.startsAt, { zone: ctx.zone }) : undefined;
  const newId = p.sessionId?.trim();
  const found = firstProblems(
    newId !== undefined && cf.sessions.some((s, i) => i !== index && s.sessionId === newId)
      ? { code: 'session.idTaken', field: 'sessionId', message: `Session id ${newId} is already used in this case file.` }
      : null,
    newId !== undefined ? (checkFreeText('sessionId', newId) ?? checkIdentifierHasNoPersonalInfo(newId, clientNames, 'sessionId')) : null,
    newId === '' ? { code: 'sessionId.missing', field: 'sessionId', message: 'A session needs a session id.' } : null,
    startsAt && !startsAt.isValid ? { code: 'startsAt.invalid', field: 'startsAt', message: 'The date and time could not be read.' } : null,
    startsAt?.isValid ? checkSessionDateNotFuture(startsAt, ctx.now, ctx.zone) : null,
    startsAt?.isValid && !ownRecordsConfirmed ? closedPeriodProblem(startsAt, ctx) : null,
    p.durationMinutes !== undefined ? checkDuration(p.durationMinutes) : null,
    p.unidentifiedParticipants !== undefined ? checkUnidentifiedCount(p.unidentifiedParticipants, 'unidentifiedParticipants') : null,
  );
  if (found.length) return fail(...found);
  const after: Session = {
    ...before,
    ...(newId !== undefined ? { sessionId: newId } : {}),
    ...(startsAt ? { startsAt: startsAt.setZone(ctx.zone).toISO()!, ownRecordsOnly: closedPeriodProblem(startsAt, ctx) ? true : undefined } : {}),
    ...(p.durationMinutes !== undefined ? { durationMinutes: p.durationMinutes } : {}),
    ...(p.unidentifiedParticipants !== undefined ? { unidentifiedParticipants: p.unidentifiedParticipants } : {}),
  };
  const sessions = cf.sessions.slice();
  sessions[index] = after;
  const shown: Record<string, unknown> = { ...before, durationMinutes: formatDuration(before.durationMinutes) };
  const described: Record<string, unknown> = { ...p, ...(p.durationMinutes !== undefined ? { durationMinutes: formatDuration(p.durationMinutes) } : {}) };
  return ok(touched({ ...cf, sessions }, ctx, 'session.edited', `Session ${sessionId}: ${describeChanges(shown, described)}`));
}

/**
 * A session is reported once its period's deadline has passed: DEX holds it as it was, and will not take a
 * change. One entered after its period closed was never reported (kept for the organisation's own records).
 */
export function isSessionReported(session: Pick<Session, 'startsAt' | 'ownRecordsOnly'>, now: DateTime, zone: string): boolean {
  return !session.ownRecordsOnly && !isPeriodOpen(reportingPeriodOf(session.startsAt, zone), now);
}

export function removeSession(cf: CaseFile, sessionId: string, ctx: ChangeContext): Outcome<CaseFile> {
  const index = sessionIndex(cf, sessionId);
  if (typeof index !== 'number') return index;
  const s = cf.sessions[index]!;
  const sessions = cf.sessions.filter((_, i) => i !== index);
  const people = s.participants.map((x) => `${x.clientId} (${x.participationCode})`).join(', ') || 'no participants';
  return ok(
    touched(
      { ...cf, sessions },
      ctx,
      'session.removed',
      `Removed session ${sessionId} of ${s.startsAt}: ${people}; ${s.unidentifiedParticipants} unidentified`,
    ),
  );
}

function caseClientIndex(cf: CaseFile, clientId: string): number | Outcome<never> {
  const index = cf.clients.findIndex((c) => c.clientId === clientId);
  return index >= 0 ? index : fail({ code: 'caseClient.unknown', field: 'clientId', message: `Client ${clientId} is not on this case file any more.` });
}

export function editCaseClient(cf: CaseFile, clientId: string, patch: CaseClientPatch, ctx: ChangeContext): Outcome<CaseFile> {
  const p = CaseClientPatchSchema.parse(patch);
  if (Object.keys(p).length === 0) return nothingChanged();
  const index = caseClientIndex(cf, clientId);
  if (typeof index !== 'number') return index;
  const reasons = p.reasons !== undefined ? checkReasons(p.reasons) : null;
  if (reasons) return fail(reasons);
  const before = cf.clients[index]!;
  const after: CaseClient = { ...before };
  if (p.referralSourceCode !== undefined) after.referralSourceCode = p.referralSourceCode ?? undefined;
  if (p.reasons !== undefined) after.reasons = p.reasons;
  if (p.exitReasonCode !== undefined) after.exitReasonCode = p.exitReasonCode ?? undefined;
  const clients = cf.clients.slice();
  clients[index] = after;
  return ok(touched({ ...cf, clients }, ctx, 'caseClient.edited', `Client ${clientId}: ${describeChanges(before, p)}`));
}

/**
 * Why a client cannot leave the case file, or null when they can. DEX rejects a session participant who is
 * not a client of the case, so they must first be taken out of every session; and a session already
 * reported (its period closed) cannot be changed, so a client in one stays.
 */
export function whyClientCannotBeRemoved(cf: CaseFile, clientId: string, now: DateTime, zone: string): Problem | null {
  const sessions = cf.sessions.filter((s) => s.participants.some((p) => p.clientId === clientId));
  if (sessions.length === 0) return null;
  const reported = sessions.filter((s) => isSessionReported(s, now, zone));
  const list = (xs: Session[]) =>
    xs
      .slice(0, 5)
      .map((s) => s.sessionId)
      .join(', ') + (xs.length > 5 ? ` and ${xs.length - 5} more` : '');
  if (reported.length) {
    return {
      code: 'caseClient.inReportedSession',
      field: 'clientId',
      message: `They took part in session(s) ${list(reported)}, which are in a reporting period DEX has closed, so they stay on the case file as DEX already holds them.`,
    };
  }
  return {
    code: 'caseClient.inSession',
    field: 'clientId',
    message: `They are a participant in session(s) ${list(sessions)}. Take them out of those sessions first (Assign participants), then remove them.`,
  };
}

export function removeCaseClient(cf: CaseFile, clientId: string, ctx: ChangeContext): Outcome<CaseFile> {
  const index = caseClientIndex(cf, clientId);
  if (typeof index !== 'number') return index;
  const refused = whyClientCannotBeRemoved(cf, clientId, ctx.now, ctx.zone);
  if (refused) return fail(refused);
  const clients = cf.clients.filter((_, i) => i !== index);
  return ok(touched({ ...cf, clients }, ctx, 'caseClient.removed', `Removed client ${clientId} from case file ${cf.caseId}`));
}
