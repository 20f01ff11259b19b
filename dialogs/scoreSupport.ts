import { DateTime } from 'luxon';
import { z } from 'zod';
import { card, commandButton, heading, MENU, nextStepCard, text, type NextStep } from '../cards/cardKit';
import type { Accepted, FlowStep, Prompt, StartTurn } from '../src/bot/guidedFlow';
import type { CaseFile } from '../src/domain/caseFile';
import { checkEnoughClientsForScore } from '../src/domain/communityScore';
import { formatAuDateTime } from '../src/domain/dateFormat';
import { SessionReference, sessionReferred } from '../src/domain/sessionListing';
import type { ReferenceData } from '../src/domain/referenceData';
import type { CommunityScore, Session } from '../src/domain/session';
import { type CaseFileAnswer, CaseFileStartOptions, caseFileStep, refusalWhenNoCaseFiles, resolveCaseFile } from './caseFileChoice';

/** "14 Oct 2025, 10:00 am", date first so a typed "14 Oct" picks it; a date-only session shows no time. */
export function sessionLabel(s: Pick<Session, 'startsAt'>, zone: string): string {
  const local = DateTime.fromISO(s.startsAt, { setZone: true }).setZone(zone);
  const full = formatAuDateTime(local);
  const withoutWeekday = full.slice(full.indexOf(' ') + 1);
  return local.hour === 0 && local.minute === 0 ? withoutWeekday.slice(0, withoutWeekday.indexOf(',')) : withoutWeekday;
}

export function weekdayOf(s: Pick<Session, 'startsAt'>, zone: string): string {
  return formatAuDateTime(DateTime.fromISO(s.startsAt, { setZone: true }).setZone(zone)).slice(0, 3);
}

/** "Social cohesion 2 → 4; Organisational knowledge 3 → 3": the domain's name up to its first comma keeps it short. */
export function ratingsSummary(ratings: CommunityScore['ratings'], reference: ReferenceData): string {
  const name = (code: string) => (reference.communityDomains().find((d) => d.code === code)?.label ?? code).split(',')[0]!;
  return ratings.map((r) => `${name(r.domainCode)} ${r.pre ?? '–'} → ${r.post ?? '–'}`).join('; ');
}

/** Why a case file cannot take what a score flow would write, and the command that fixes it when there is one. */
export type Blocker = { title: string; reason: string; fix?: NextStep };

/** Why this case file cannot take a Community SCORE yet, if it cannot. */
export function scoreBlocker(cf: CaseFile): Blocker | undefined {
  const fewClients = checkEnoughClientsForScore(cf);
  if (fewClients) {
    return {
      title: `${cf.name} needs more clients`,
      reason: fewClients.message,
      fix: { title: 'Add clients', command: 'addClients', args: { caseFileId: cf.caseFileId } },
    };
  }
  if (cf.sessions.length === 0) {
    return {
      title: `${cf.name} has no sessions yet`,
      reason: 'Community SCORE is recorded per session. Add a session to the case file first, then score it.',
      fix: { title: 'Add a session', command: 'addSession', args: { caseFileId: cf.caseFileId } },
    };
  }
  return undefined;
}

function blockedPrompt(b: Blocker): Prompt {
  return { card: b.fix ? nextStepCard(b.title, b.reason, b.fix) : card([heading(b.title), text(b.reason)], [commandButton(MENU)]) };
}

/** Start options of both score flows: a case file, and the session a button under a score came with. */
export const ScoreStartOptions = CaseFileStartOptions.extend({ sessionId: z.string().optional(), session: SessionReference.optional() });
type ScoreStartOptions = z.infer<typeof ScoreStartOptions>;

/** How a score flow starts: the case file's answers so far, and the case file itself when it is already known. */
export type ScoreStart = { opts: ScoreStartOptions; answers: CaseFileAnswer & { caseFileCandidates: string[] }; cf?: CaseFile };

/**
 * The start both score flows share. The case file comes from the sentence or a button; when it is not clear
 * the user picks it from the list, told first if the name they gave matched nothing. An organisation without
 * case files, or a case file the flow cannot work on, is refused before anything is asked.
 */
export async function startScoreFlow(
  turn: StartTurn,
  options: unknown,
  refusals: { noCaseFiles: Prompt; blocker: (cf: CaseFile, opts: ScoreStartOptions) => Blocker | undefined },
): Promise<{ refuse: Prompt } | ScoreStart> {
  const parsed = ScoreStartOptions.safeParse(options);
  const opts = parsed.success ? parsed.data : {};
  const resolved = await resolveCaseFile(turn, opts);
  const none = refusalWhenNoCaseFiles(resolved, refusals.noCaseFiles);
  if (none) return none;
  const { answer, candidates, notFound } = resolved;
  const answers = { ...answer, caseFileCandidates: candidates.map((c) => c.caseFileId) };
  if (!answer.caseFileId) {
    if (notFound) await turn.context.sendActivity(`I couldn't find a case file called "${notFound}", so pick it from the list.`);
    return { opts, answers };
  }
  const cf = (await turn.services.caseFiles.get(turn.user.organisation.organisationId, answer.caseFileId))!;
  // A session named in the sentence ("the last session", "the 15 Oct session") is used like one from a button.
  if (!opts.sessionId && opts.session) opts.sessionId = sessionReferred(cf, opts.session, turn.services.clock(), turn.user.organisation.timeZone)?.sessionId;
  const blocked = refusals.blocker(cf, opts);
  if (blocked) return { refuse: blockedPrompt(blocked) };
  return { opts, answers, cf };
}

/**
 * The "which case file?" question of a score flow: a case file the flow cannot work on is refused with the
 * reason, and picking another clears what was chosen for the previous one.
 */
export function scoreCaseFileStep<A extends CaseFileAnswer & { caseFileCandidates: string[] }>(spec: {
  purpose: string;
  blocker: (cf: CaseFile) => Blocker | undefined;
  refusal: (blocked: Pick<Blocker, 'reason' | 'fix'>) => string;
  cleared: Partial<A>;
}): FlowStep<A> {
  const base = caseFileStep<A>(spec.purpose);
  return {
    ...base,
    async accept(turn, input): Promise<Accepted<A>> {
      const picked = await base.accept(turn, input);
      if (!picked.ok) return picked;
      const cf = await turn.services.caseFiles.get(turn.user.organisation.organisationId, picked.answers.caseFileId!);
      const blocked = cf ? spec.blocker(cf) : { reason: 'That case file no longer exists.' };
      if (blocked) return { ok: false, message: spec.refusal(blocked) };
      return { ...picked, answers: { ...picked.answers, ...spec.cleared } };
    },
  };
}
