import { z } from 'zod';
import { facts, heading, MARK, nextStepCard, text, type AdaptiveCard, type CardElement } from '../cards/cardKit';
import type { FlowStep, FlowTurn, Prompt, SaveResult, StartTurn } from '../src/bot/guidedFlow';
import type { CaseFile } from '../src/domain/caseFile';
import { changedFields } from '../src/domain/caseFileCorrections';
import type { Outcome } from '../src/domain/outcome';
import type { Session } from '../src/domain/session';
import { latestSession, sessionListings } from '../src/domain/sessionListing';
import { choiceStep, labelsOf } from '../src/bot/stepKit';
import {
  CaseFileAnswer,
  CaseFileStartOptions,
  caseFileStepNotingMiss,
  noCaseFilesText,
  refusalWhenNoCaseFiles,
  requireChosenCaseFile,
  resolveCaseFile,
} from './caseFileChoice';

/** What every correction flow keeps besides its own answers: the case file and the candidates to pick it from. */
export const CorrectionBase = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseFileNotFound: z.string().optional(),
});
export type CorrectionBase = z.infer<typeof CorrectionBase>;

/** Start options: the case file, plus what the sentence or button already said. */
export const CorrectionStartOptions = CaseFileStartOptions.extend({
  sessionId: z.string().optional(),
  latest: z.boolean().optional(),
  clientId: z.string().optional(),
  clientName: z.string().optional(),
  field: z.string().optional(),
  newName: z.string().optional(),
});
export type CorrectionStartOptions = z.infer<typeof CorrectionStartOptions>;

/** Resolves the case file from the options, or refuses when the organisation has none. */
export async function startOnCaseFile(
  turn: StartTurn,
  raw: unknown,
  consequence: string,
): Promise<{ refuse: Prompt } | { base: CorrectionBase; options: CorrectionStartOptions }> {
  const options = CorrectionStartOptions.safeParse(raw).data ?? {};
  const resolved = await resolveCaseFile(turn, options);
  const none = refusalWhenNoCaseFiles(resolved, { text: noCaseFilesText(consequence) });
  if (none) return none;
  const base: CorrectionBase = {
    ...resolved.answer,
    caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
    caseFileNotFound: resolved.notFound,
  };
  return { base, options };
}

/**
 * The "which case file?" question; once answered, `afterPick` runs with the case file as stored, so a flow can
 * note what the user is shown (the values a correction is compared with) or reset answers that belonged to
 * another case file.
 */
export function caseFileStepThen<A extends CorrectionBase>(purpose: string, afterPick: (cf: CaseFile, turn: FlowTurn<A>) => Partial<A>): FlowStep<A> {
  const base = caseFileStepNotingMiss<A>(purpose, (a) => a.caseFileNotFound);
  return {
    ...base,
    async accept(turn, input) {
      const accepted = await base.accept(turn, input);
      if (!accepted.ok) return accepted;
      const id = (accepted.answers as CaseFileAnswer).caseFileId!;
      const cf = await turn.services.caseFiles.get(turn.user.organisation.organisationId, id);
      if (!cf) return { ok: false, message: 'That case file no longer exists. Pick another.' };
      return { ...accepted, answers: { ...accepted.answers, ...afterPick(cf, { ...turn, answers: { ...turn.answers, ...accepted.answers } }) } };
    },
  };
}

/** The changed fields only, among those the user chose to correct. */
export function patchOf<T extends Record<string, unknown>>(shown: T, edited: Partial<T>, chosen: readonly string[]): Partial<T> {
  const picked = Object.fromEntries(Object.entries(edited).filter(([k]) => chosen.includes(k))) as Partial<T>;
  return changedFields(shown, picked);
}

/** "Before → after" rows for the review card; unchanged fields say so. */
export function changeRows(rows: { label: string; before: string; after: string }[]): CardElement {
  return facts(rows.map((r) => [r.label, r.before === r.after ? `${r.after} (unchanged)` : `${r.before || '—'} → ${r.after || '—'}`]));
}

export function reviewBody(title: string, rows: { label: string; before: string; after: string }[], notes: string[] = []): CardElement[] {
  return [heading(title), changeRows(rows), ...notes.map((n) => text(`${MARK.warning} ${n}`))];
}

/** Turns the repository's outcome into the flow's save result, sending a problem back to the step that fixes it. */
export function saveResult(result: Outcome<CaseFile>, stepOfField: Record<string, string>, reply: (cf: CaseFile) => AdaptiveCard): SaveResult {
  if (!result.ok) {
    const problem = result.problems[0]!;
    return { ok: false, message: problem.message, stepId: stepOfField[problem.field] };
  }
  return { ok: true, reply: { card: reply(result.value) } };
}

/** The reply after a correction: what was saved, with the case file's status one press away. */
export function correctedCard(title: string, message: string, cf: CaseFile): AdaptiveCard {
  return nextStepCard(title, message, { title: 'Case file status', command: 'caseFileStatus', args: { caseFileId: cf.caseFileId } });
}

/** Answers of a flow that works on one session of the case file. */
export const SessionCorrectionBase = CorrectionBase.extend({ sessionId: z.string().optional() });
export type SessionCorrectionBase = z.infer<typeof SessionCorrectionBase>;

/** The "which session?" question, most recent first; `afterPick` notes what the user is shown of it. */
export function sessionPickStep<A extends SessionCorrectionBase>(purpose: string, afterPick: (s: Session, turn: FlowTurn<A>) => Partial<A>): FlowStep<A> {
  return choiceStep<A>({
    id: 'session',
    title: 'Session',
    help: 'Pick the session by its date or id; the most recent comes first.',
    applies: (a) => a.sessionId === undefined,
    question: () => `Which session ${purpose}?`,
    options: async (turn) => {
      const cf = await requireChosenCaseFile(turn);
      return sessionListings(cf, turn.user.organisation.timeZone).map((s) => ({ key: s.sessionId, label: s.label, description: s.description }));
    },
    current: (a) => a.sessionId,
    pick: async ([key], turn, options) => {
      const cf = await requireChosenCaseFile(turn);
      const session = cf.sessions.find((s) => s.sessionId === key);
      if (!session) return { ok: false, message: 'That session is no longer in the case file. Pick another.' };
      return { ok: true, answers: { sessionId: key, ...afterPick(session, turn) } as Partial<A>, echo: `Session: ${labelsOf([key!], options)}` };
    },
  });
}

/** Start options naming a session (or the latest) that exists in the chosen case file: the session step is then skipped. */
export async function startingSession(turn: StartTurn, base: CorrectionBase, options: CorrectionStartOptions): Promise<Session | undefined> {
  if (!base.caseFileId || !(options.sessionId || options.latest)) return undefined;
  const cf = await turn.services.caseFiles.get(turn.user.organisation.organisationId, base.caseFileId);
  if (!cf) return undefined;
  return options.sessionId ? cf.sessions.find((s) => s.sessionId === options.sessionId) : latestSession(cf);
}

/** Names of the case file's clients, so a session id that would reveal one of them can be refused. */
export async function clientNamesOf(turn: StartTurn, cf: CaseFile): Promise<{ givenName: string; familyName: string }[]> {
  const clients = await turn.services.clients.getMany(
    turn.user.organisation.organisationId,
    cf.clients.map((c) => c.clientId),
  );
  return clients.map(({ givenName, familyName }) => ({ givenName, familyName }));
}
