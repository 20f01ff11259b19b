/**
 * Copying one session's Community SCORE to later sessions of the same case file (a group scored the same way
 * each week): which targets would gain, lose or keep a score, and the copy itself.
 */
import { DateTime } from 'luxon';
import type { CaseFile } from './caseFile';
import { touched, type ChangeContext } from './caseFileOperations';
import { findSession, sameScore, sessionDate, validateCommunityScore, type CommunityScoreReference } from './communityScore';
import { LIST_CONFLICT } from './listChange';
import { fail, ok, type Outcome } from './outcome';
import type { Problem } from './problem';
import type { CommunityScore, Session } from './session';

/** Sessions held after this one, oldest first: the ones its score can be copied to. */
export function laterSessions(cf: CaseFile, sessionId: string): Session[] {
  const source = cf.sessions.find((s) => s.sessionId === sessionId);
  if (!source) return [];
  const from = DateTime.fromISO(source.startsAt).toMillis();
  return cf.sessions
    .filter((s) => s.sessionId !== sessionId && DateTime.fromISO(s.startsAt).toMillis() > from)
    .sort((a, b) => DateTime.fromISO(a.startsAt).toMillis() - DateTime.fromISO(b.startsAt).toMillis());
}

/** What a copy would do to each target: add a score, replace a different one, or nothing (already the same). */
export type ClonePlan = { add: string[]; replace: string[]; unchanged: string[] };

export type CloneOptions = {
  /** Targets whose existing, different score the person confirmed may be replaced. */
  overwrite?: readonly string[];
  /**
   * Each target's score as the person was shown it when picking (its `recordedAt`, null: none). A target
   * whose score changed since is a `list.conflict` (never overwritten unseen), unless it already holds the copy.
   */
  shown?: Readonly<Record<string, string | null>>;
};

/**
 * Checks a copy of one session's score to later sessions. A target with a different score of its own is a
 * problem unless it is listed in `overwrite`, so nobody's score is replaced without being confirmed.
 */
export function planClone(
  cf: CaseFile,
  fromSessionId: string,
  toSessionIds: readonly string[],
  ctx: Pick<ChangeContext, 'zone'>,
  options: CloneOptions = {},
): Outcome<ClonePlan> {
  const found = findSession(cf, fromSessionId);
  if (!found.ok) return found;
  const source = found.value;
  const score = source.communityScore;
  if (!score) {
    return fail({
      code: 'communityScore.sourceUnscored',
      field: 'sessionId',
      message: `The session on ${sessionDate(source, ctx.zone)} has no Community SCORE to copy.`,
    });
  }
  const targets = [...new Set(toSessionIds)];
  if (targets.length === 0)
    return fail({
      code: 'communityScore.noTargets',
      field: 'toSessionIds',
      message: 'Pick at least one later session to copy the score to.',
    });
  const later = new Set(laterSessions(cf, fromSessionId).map((s) => s.sessionId));
  const overwrite = new Set(options.overwrite ?? []);
  const plan: ClonePlan = { add: [], replace: [], unchanged: [] };
  const problems: Problem[] = [];
  for (const id of targets) {
    const target = cf.sessions.find((s) => s.sessionId === id);
    if (!target) {
      problems.push({ code: 'session.unknown', field: 'toSessionIds', message: `There is no session ${id} in this case file.` });
    } else if (!later.has(id)) {
      problems.push({
        code: 'communityScore.notLater',
        field: 'toSessionIds',
        message: `The session on ${sessionDate(target, ctx.zone)} is not after the session on ${sessionDate(source, ctx.zone)}; a score is copied only to later sessions.`,
      });
    } else if (target.communityScore && sameScore(target.communityScore, score)) {
      plan.unchanged.push(id);
    } else if (options.shown && id in options.shown && (target.communityScore?.recordedAt ?? null) !== options.shown[id]) {
      const by = target.communityScore ? ` by ${target.communityScore.recordedBy.name}` : '';
      problems.push({
        code: LIST_CONFLICT,
        field: 'toSessionIds',
        item: id,
        message: `The Community SCORE of the session on ${sessionDate(target, ctx.zone)} was ${target.communityScore ? 'changed' : 'removed'}${by} after you picked the sessions.`,
      });
    } else if (!target.communityScore) {
      plan.add.push(id);
    } else if (overwrite.has(id)) {
      plan.replace.push(id);
    } else {
      problems.push({
        code: 'communityScore.wouldOverwrite',
        field: 'toSessionIds',
        message: `The session on ${sessionDate(target, ctx.zone)} already has a different Community SCORE; confirm it by its date before it is replaced.`,
      });
    }
  }
  return problems.length ? fail(...problems) : ok(plan);
}

/** Copies one session's score to later sessions of the same case file; see `planClone` for the rules. */
export function cloneCommunityScore(
  cf: CaseFile,
  fromSessionId: string,
  toSessionIds: readonly string[],
  ctx: ChangeContext,
  reference: CommunityScoreReference,
  options: CloneOptions = {},
): Outcome<CaseFile> {
  const planned = planClone(cf, fromSessionId, toSessionIds, ctx, options);
  if (!planned.ok) return planned;
  const source = cf.sessions.find((s) => s.sessionId === fromSessionId)!.communityScore!;
  const problems = validateCommunityScore(source, cf, reference);
  if (problems.length) return fail(...problems);
  const { add, replace } = planned.value;
  if (add.length + replace.length === 0) return ok(cf);
  const copy: CommunityScore = {
    ...source,
    ratings: source.ratings.map((r) => ({ ...r })),
    recordedAt: ctx.now.toISO()!,
    recordedBy: ctx.actor,
    clonedFromSessionId: fromSessionId,
  };
  const changed = new Set([...add, ...replace]);
  const next = { ...cf, sessions: cf.sessions.map((s) => (changed.has(s.sessionId) ? { ...s, communityScore: copy } : s)) };
  const replaced = replace.length ? `; replaced the score of ${replace.join(', ')}` : '';
  return ok(touched(next, ctx, 'communityScore.cloned', `Session ${fromSessionId}: score copied to ${[...add, ...replace].join(', ')}${replaced}`));
}
