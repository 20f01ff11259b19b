/**
 * Community SCORE: DEX score type GROUP, one assessment per session, rating the community domains that apply
 * from 1 (no change in capacity) to 5 (significant change), before (PRE) and after (POST) the session.
 *
 * A single end-of-session rating is stored as POST with PRE left empty. DEX.md section 6: Community SCORE
 * "may be paired pre/post, or a single end-of-session rating for one-off events", and PRE is taken near the
 * start of a service while POST is taken near the end. A rating made at the end of the session is therefore
 * the POST phase, and an export sends it as the session's one POST assessment.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CaseFile } from './caseFile';
import { touched, type ChangeContext } from './caseFileOperations';
import { formatAuDate, formatAuDateTime } from './dateFormat';
import { fail, ok, type Outcome } from './outcome';
import type { Problem } from './problem';
import { applyListChange, conflictProblems, diffList, rebaseShown, sameJson, type Keyed } from './listChange';
import type { ReferenceData } from './referenceData';
import { checkFreeText } from './rules';
import { CommunityScoreSchema, type DomainRating, type Session } from './session';

/** The parts of the reference data the Community SCORE rules read. */
export type CommunityScoreReference = Pick<ReferenceData, 'communityDomains' | 'isCommunityDomain' | 'isValidAssessedBy'>;

/** What a person records; who and when come from the change context. */
export type CommunityScoreEntry = {
  ratings: DomainRating[];
  singleRating: boolean;
  note?: string;
  /** Who assessed, when the user said; never filled in for them. */
  assessedByCode?: string;
};

export const MIN_CLIENTS_FOR_COMMUNITY_SCORE = 2;
export const MAX_SCORE_NOTE = 1000;

export type ScoreChange = 'increased' | 'same' | 'declined' | 'single';
export type DomainComparison = { domainCode: string; pre?: number; post?: number; change: ScoreChange };

function domainLabel(reference: CommunityScoreReference, code: string): string {
  return reference.communityDomains().find((d) => d.code === code)?.label ?? code;
}

function isRating(n: number | undefined): boolean {
  return n === undefined || (Number.isInteger(n) && n >= 1 && n <= 5);
}

/** DEX CM only offers Community SCORE on a case file with more than one client: it describes a group. */
/** Attendance profiles of group work, whose outcomes DEX takes as a Community SCORE. */
const GROUP_PROFILES: ReadonlySet<string> = new Set(['PSGROUP', 'COMMEVENT']);

/**
 * Whether a case file's sessions are expected to carry a Community SCORE: its attendance profile is group
 * work (a peer support group or community event), or its outlet activity is set up for group outcomes. Two or
 * more clients alone do not make a group (a couple or a family is scored per client, if at all).
 */
export function callsForCommunityScore(cf: Pick<CaseFile, 'clientAttendanceProfileCode'>, activity: { communityScore: boolean } | undefined): boolean {
  return (cf.clientAttendanceProfileCode !== undefined && GROUP_PROFILES.has(cf.clientAttendanceProfileCode)) || activity?.communityScore === true;
}

/** Sessions named before the rest are counted, in the once-per-case-file warning. */
const SESSIONS_NAMED = 3;

/** "3 sessions (S-1 (13 Oct 2025), …) have no Community SCORE …", from labels such as "Session S-1 (13 Oct 2025)". */
export function missingScoreMessage(labels: readonly string[]): string {
  const named = labels
    .slice(0, SESSIONS_NAMED)
    .map((l) => l.replace(/^Session /, ''))
    .join(', ');
  const more = labels.length > SESSIONS_NAMED ? ` and ${labels.length - SESSIONS_NAMED} more` : '';
  const what = labels.length === 1 ? `Session ${named} has` : `${labels.length} sessions (${named}${more}) have`;
  return `${what} no Community SCORE, which this group's outlet activity or attendance profile calls for, so the group's outcomes are not reported.`;
}

export function checkEnoughClientsForScore(cf: Pick<CaseFile, 'clients'>): Problem | null {
  const n = cf.clients.length;
  if (n >= MIN_CLIENTS_FOR_COMMUNITY_SCORE) return null;
  return {
    code: 'communityScore.tooFewClients',
    field: 'clients',
    message: `Community SCORE needs more than one client on the case file, because it rates a group; this case file has ${n === 0 ? 'no clients' : 'only 1 client'}. Add at least ${MIN_CLIENTS_FOR_COMMUNITY_SCORE - n} more first.`,
  };
}

/** Every rule a Community SCORE breaks on this case file, in the order a person would fix them. */
export function validateCommunityScore(entry: CommunityScoreEntry, cf: Pick<CaseFile, 'clients'>, reference: CommunityScoreReference): Problem[] {
  const found: Problem[] = [];
  const add = (p: Problem | null) => {
    if (p) found.push(p);
  };
  add(checkEnoughClientsForScore(cf));
  if (entry.ratings.length === 0) {
    add({ code: 'communityScore.noDomains', field: 'ratings', message: 'Rate at least one domain; mark the others "Not applicable".' });
  }
  const seen = new Set<string>();
  for (const r of entry.ratings) {
    const label = domainLabel(reference, r.domainCode);
    if (!reference.isCommunityDomain(r.domainCode)) {
      add({ code: 'communityScore.unknownDomain', field: 'ratings', message: `${r.domainCode} is not a Community SCORE domain.` });
      continue;
    }
    if (seen.has(r.domainCode)) {
      add({
        code: 'communityScore.duplicateDomain',
        field: 'ratings',
        message: `${label} is rated more than once; a session has one rating per domain and phase.`,
      });
      continue;
    }
    seen.add(r.domainCode);
    if (!isRating(r.pre) || !isRating(r.post)) {
      add({ code: 'communityScore.ratingOutOfRange', field: 'ratings', message: `${label}: a rating must be a whole number from 1 to 5.` });
      continue;
    }
    if (r.pre === undefined && r.post === undefined) {
      add({ code: 'communityScore.domainEmpty', field: 'ratings', message: `${label} has no rating; rate it or mark it "Not applicable".` });
    } else if (entry.singleRating && r.pre !== undefined) {
      add({
        code: 'communityScore.singleWithPre',
        field: 'ratings',
        message: `${label} has a PRE rating, but a single end-of-session rating is recorded as POST only. Move it to POST, or untick the single rating.`,
      });
    } else if (!entry.singleRating && (r.pre === undefined || r.post === undefined)) {
      const has = r.pre === undefined ? 'POST' : 'PRE';
      const missing = r.pre === undefined ? 'PRE' : 'POST';
      add({
        code: 'communityScore.unpaired',
        field: 'ratings',
        message: `${label} has a ${has} rating but no ${missing} rating. DEX wants the same domains rated before and after; add the ${missing} rating, or tick the single end-of-session rating for a one-off event.`,
      });
    }
  }
  if (entry.assessedByCode !== undefined && !reference.isValidAssessedBy(entry.assessedByCode)) {
    add({
      code: 'communityScore.assessedByUnknown',
      field: 'assessedByCode',
      message: `Assessed by: ${entry.assessedByCode} is not one of the DEX assessed-by codes.`,
    });
  }
  const note = entry.note ?? '';
  add(checkFreeText('note', note, 'multiline'));
  if (note.length > MAX_SCORE_NOTE) {
    add({ code: 'communityScore.noteTooLong', field: 'note', message: `The note can be at most ${MAX_SCORE_NOTE} characters; it has ${note.length}.` });
  }
  return found;
}

/** Per domain, whether POST is above, equal to or below PRE; 'single' when only one phase was rated. */
export function compareScore(score: { ratings: readonly DomainRating[] }): DomainComparison[] {
  return score.ratings.map(({ domainCode, pre, post }) => ({ domainCode, pre, post, change: changeBetween(pre, post) }));
}

function changeBetween(before: number | undefined, after: number | undefined): ScoreChange {
  if (before === undefined || after === undefined) return 'single';
  return after > before ? 'increased' : after < before ? 'declined' : 'same';
}

function inDomainOrder(ratings: readonly DomainRating[], reference: CommunityScoreReference): DomainRating[] {
  const order = reference.communityDomains().map((d) => d.code);
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return ratings
    .map((r) => ({ domainCode: r.domainCode, ...(r.pre !== undefined ? { pre: r.pre } : {}), ...(r.post !== undefined ? { post: r.post } : {}) }))
    .sort((a, b) => rank(a.domainCode) - rank(b.domainCode));
}

function normalisedNote(note: string | undefined): string | undefined {
  const trimmed = note?.trim();
  return trimmed ? trimmed : undefined;
}

/** Same ratings, single-rating choice, note and assessor: who recorded it and when do not count. */
export function sameScore(a: CommunityScoreEntry, b: CommunityScoreEntry): boolean {
  const key = (e: CommunityScoreEntry) =>
    JSON.stringify([
      [...e.ratings].sort((x, y) => x.domainCode.localeCompare(y.domainCode)).map((r) => [r.domainCode, r.pre ?? null, r.post ?? null]),
      e.singleRating,
      normalisedNote(e.note) ?? '',
      e.assessedByCode ?? '',
    ]);
  return key(a) === key(b);
}

/** A session's day as staff read it, for messages. */
export function sessionDate(s: Session, zone: string): string {
  return formatAuDate(DateTime.fromISO(s.startsAt, { setZone: true }), zone);
}

function describeRatings(ratings: readonly DomainRating[]): string {
  return ratings.map((r) => `${r.domainCode} ${r.pre ?? '-'}>${r.post ?? '-'}`).join(', ');
}

function replaceSession(cf: CaseFile, next: Session): CaseFile {
  return { ...cf, sessions: cf.sessions.map((s) => (s.sessionId === next.sessionId ? next : s)) };
}

export function findSession(cf: CaseFile, sessionId: string): Outcome<Session> {
  const s = cf.sessions.find((x) => x.sessionId === sessionId);
  return s ? ok(s) : fail({ code: 'session.unknown', field: 'sessionId', message: `There is no session ${sessionId} in this case file.` });
}

/**
 * A score as a list of items, so two people editing one session's score change only what each changed:
 * one item per rated domain (keyed by its code) and one for the rest of the score (key `*`).
 */
export const ScoreItemSchema = z.object({
  key: z.string(),
  pre: z.number().optional(),
  post: z.number().optional(),
  singleRating: z.boolean().optional(),
  note: z.string().optional(),
  assessedByCode: z.string().optional(),
});
export type ScoreItem = z.infer<typeof ScoreItemSchema>;
const REST = '*';
const SCORE_ITEMS: Keyed<ScoreItem> = { key: (i) => i.key, same: sameJson };

export function scoreItems(entry: CommunityScoreEntry | null | undefined): ScoreItem[] {
  if (!entry) return [];
  const note = normalisedNote(entry.note);
  return [
    ...entry.ratings.map((r) => ({ key: r.domainCode, ...(r.pre !== undefined ? { pre: r.pre } : {}), ...(r.post !== undefined ? { post: r.post } : {}) })),
    { key: REST, singleRating: entry.singleRating, assessedByCode: entry.assessedByCode, ...(note ? { note } : {}) },
  ];
}

/**
 * The score a merged item list describes. The rest item (note, assessor, single-rating choice) is taken whole when
 * there is one: an assessor or note absent from it was cleared, by this person or by whoever saved the stored score,
 * and must not come back from the person's own, older answers.
 */
function entryOfItems(items: readonly ScoreItem[], fallback: CommunityScoreEntry): CommunityScoreEntry {
  const rest = items.find((i) => i.key === REST) ?? {
    key: REST,
    singleRating: fallback.singleRating,
    assessedByCode: fallback.assessedByCode,
    note: fallback.note,
  };
  return {
    ratings: items
      .filter((i) => i.key !== REST)
      .map((i) => ({ domainCode: i.key, ...(i.pre !== undefined ? { pre: i.pre } : {}), ...(i.post !== undefined ? { post: i.post } : {}) })),
    singleRating: rest.singleRating ?? fallback.singleRating,
    ...(rest.assessedByCode ? { assessedByCode: rest.assessedByCode } : {}),
    ...(rest.note ? { note: rest.note } : {}),
  };
}

/** After a conflict was shown: the conflicting items become what is stored, the rest stays as first shown. */
export function rebaseShownScore(shown: readonly ScoreItem[], stored: CommunityScoreEntry | undefined, keys: readonly string[]): ScoreItem[] {
  return rebaseShown(shown, scoreItems(stored), keys, SCORE_ITEMS);
}

export type RecordOptions = {
  /**
   * The session's score as the person was shown it when they started (empty: there was none). Only what
   * they changed relative to it is applied to the stored score; a domain (or the note, assessor or
   * single-rating choice) someone else changed meanwhile is a `list.conflict` naming it. Without it, the
   * whole score is replaced (imports and seed data).
   */
  shown?: readonly ScoreItem[];
};

/** Records or replaces a session's Community SCORE. Saving the same score again changes nothing. */
export function recordCommunityScore(
  cf: CaseFile,
  sessionId: string,
  entry: CommunityScoreEntry,
  ctx: ChangeContext,
  reference: CommunityScoreReference,
  options: RecordOptions = {},
): Outcome<CaseFile> {
  const found = findSession(cf, sessionId);
  if (!found.ok) return found;
  const session = found.value;
  const stored = session.communityScore;
  let wanted = entry;
  if (options.shown !== undefined) {
    const applied = applyListChange(scoreItems(stored), diffList(options.shown, scoreItems(entry), SCORE_ITEMS), SCORE_ITEMS);
    if (applied.conflicts.length) {
      const by = stored ? ` by ${stored.recordedBy.name} (${formatAuDateTime(DateTime.fromISO(stored.recordedAt, { setZone: true }), ctx.zone)})` : '';
      return fail(
        ...conflictProblems('ratings', applied.conflicts).map((p) => ({
          ...p,
          message: `${p.item === REST ? 'The note, assessor or single-rating choice' : `The ${p.item} rating`} of the session on ${sessionDate(session, ctx.zone)} was changed${by} after you opened it.`,
        })),
      );
    }
    wanted = entryOfItems(applied.list, entry);
  }
  const problems = validateCommunityScore(wanted, cf, reference);
  if (problems.length) return fail(...problems);
  if (stored && sameScore(stored, wanted)) return ok(cf);
  const ratings = inDomainOrder(wanted.ratings, reference);
  const note = normalisedNote(wanted.note);
  const score = CommunityScoreSchema.parse({
    ratings,
    singleRating: wanted.singleRating,
    ...(note ? { note } : {}),
    ...(wanted.assessedByCode ? { assessedByCode: wanted.assessedByCode } : {}),
    recordedAt: ctx.now.toISO()!,
    recordedBy: ctx.actor,
  });
  return ok(
    touched(
      replaceSession(cf, { ...session, communityScore: score }),
      ctx,
      stored ? 'communityScore.updated' : 'communityScore.recorded',
      `Session ${sessionId}: ${wanted.singleRating ? 'single rating ' : ''}${describeRatings(ratings)}${wanted.assessedByCode ? `, assessed by ${wanted.assessedByCode}` : ''}`,
    ),
  );
}

export type TrendPoint = { sessionId: string; startsAt: string; pre?: number; post?: number };
export type TrendEnd = { sessionId: string; startsAt: string; phase: 'PRE' | 'POST'; rating: number };
export type DomainTrend = { domainCode: string; points: TrendPoint[]; first: TrendEnd; latest: TrendEnd; change: ScoreChange };

/**
 * How one domain moved across the case file: from the first scored session's starting point (its PRE, or
 * its single rating) to the latest scored session's end point (its POST). Undefined when never scored.
 */
export function domainTrend(cf: CaseFile, domainCode: string): DomainTrend | undefined {
  const points: TrendPoint[] = cf.sessions
    .flatMap((s) => {
      const r = s.communityScore?.ratings.find((x) => x.domainCode === domainCode);
      return r && (r.pre !== undefined || r.post !== undefined) ? [{ sessionId: s.sessionId, startsAt: s.startsAt, pre: r.pre, post: r.post }] : [];
    })
    .sort((a, b) => DateTime.fromISO(a.startsAt).toMillis() - DateTime.fromISO(b.startsAt).toMillis());
  if (points.length === 0) return undefined;
  const firstPoint = points[0]!;
  const lastPoint = points[points.length - 1]!;
  const first: TrendEnd =
    firstPoint.pre !== undefined
      ? { sessionId: firstPoint.sessionId, startsAt: firstPoint.startsAt, phase: 'PRE', rating: firstPoint.pre }
      : { sessionId: firstPoint.sessionId, startsAt: firstPoint.startsAt, phase: 'POST', rating: firstPoint.post! };
  const latest: TrendEnd =
    lastPoint.post !== undefined
      ? { sessionId: lastPoint.sessionId, startsAt: lastPoint.startsAt, phase: 'POST', rating: lastPoint.post }
      : { sessionId: lastPoint.sessionId, startsAt: lastPoint.startsAt, phase: 'PRE', rating: lastPoint.pre! };
  const onePhaseOnly = points.length === 1 && (firstPoint.pre === undefined || firstPoint.post === undefined);
  return { domainCode, points, first, latest, change: onePhaseOnly ? 'single' : changeBetween(first.rating, latest.rating) };
}
