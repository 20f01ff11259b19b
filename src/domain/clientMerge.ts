/**
 * Merging two client records that are one person (they share an SLK): every case file and session of the one
 * given up moves to the one kept, so nothing either record was part of is lost. The record given up is kept,
 * marked as merged, so its id still resolves for anything that names it.
 */
import { touched, type ChangeContext } from './caseFileOperations';
import { CaseFileSchema, type CaseClient, type CaseFile } from './caseFile';
import { fail, ok, type Outcome } from './outcome';
import type { Participant } from './session';

function union<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))];
}

/** One case-client entry for the person: the kept one's answers first, the other's filling what it lacks. */
function mergeCaseClient(kept: CaseClient, other: CaseClient): CaseClient {
  const reasons = union(
    kept.reasons,
    other.reasons.map((r) => ({ ...r, isPrimary: kept.reasons.some((k) => k.isPrimary) ? false : r.isPrimary })),
    (r) => r.code,
  );
  return {
    ...kept,
    referralSourceCode: kept.referralSourceCode ?? other.referralSourceCode,
    exitReasonCode: kept.exitReasonCode ?? other.exitReasonCode,
    reasons,
    // biome-ignore lint/complexity/useMathMinMax: ISO date-time strings, where the earlier sorts first; Math.min wants numbers.
    addedAt: kept.addedAt < other.addedAt ? kept.addedAt : other.addedAt,
  };
}

function mergeParticipant(kept: Participant, other: Participant): Participant {
  // Someone there as a client in either record was there as a client.
  const participationCode = kept.participationCode === 'CLIENT' || other.participationCode === 'CLIENT' ? 'CLIENT' : 'SUPPORT';
  return { ...kept, participationCode, referrals: union(kept.referrals, other.referrals, (r) => `${r.typeCode}:${[...r.purposeCodes].sort().join(',')}`) };
}

/** The case file with `fromId` replaced by `intoId` everywhere: on the case and in every session. */
export function mergeClientInCaseFile(cf: CaseFile, fromId: string, intoId: string, ctx: ChangeContext): Outcome<CaseFile> {
  if (fromId === intoId) return fail({ code: 'merge.sameClient', field: 'clientId', message: 'A client cannot be merged into themselves.' });
  const from = cf.clients.find((c) => c.clientId === fromId);
  const inSessions = cf.sessions.some((s) => s.participants.some((p) => p.clientId === fromId));
  if (!from && !inSessions) return fail({ code: 'merge.nothingToMove', field: 'clientId', message: `Client ${fromId} is not on this case file.` });
  const into = cf.clients.find((c) => c.clientId === intoId);
  let clients = cf.clients.filter((c) => c.clientId !== fromId);
  if (from)
    clients = into
      ? clients.map((c) => (c.clientId === intoId ? mergeCaseClient(c, from) : c))
      : cf.clients.map((c) => (c.clientId === fromId ? { ...c, clientId: intoId } : c));
  let moved = 0;
  const sessions = cf.sessions.map((s) => {
    const other = s.participants.find((p) => p.clientId === fromId);
    if (!other) return s;
    moved += 1;
    const kept = s.participants.find((p) => p.clientId === intoId);
    const participants = kept
      ? s.participants.filter((p) => p.clientId !== fromId).map((p) => (p.clientId === intoId ? mergeParticipant(p, other) : p))
      : s.participants.map((p) => (p.clientId === fromId ? { ...p, clientId: intoId } : p));
    return { ...s, participants };
  });
  const next = CaseFileSchema.parse({ ...cf, clients, sessions });
  return ok(touched(next, ctx, 'clients.merged', `Client ${fromId} merged into ${intoId}: the case file entry and ${moved} session(s) moved`));
}
