import { z } from 'zod';
import type { FlowStep, FlowTurn, Prompt, StartTurn } from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';
import { CASE_FILE_ID_MAX, CASE_FILE_NAME_MAX, type CaseFile } from '../src/domain/caseFile';
import { findClients } from '../src/domain/clientMatching';
import { matchName } from '../src/search/nameMatch';
import type { CaseFileSummary } from '../src/storage/caseFileRepository';

/** Answers every case-file flow shares: which case file it works on. */
export const CaseFileAnswer = z.object({ caseFileId: z.string().optional(), caseFileName: z.string().optional() });
export type CaseFileAnswer = z.infer<typeof CaseFileAnswer>;

/** Start options a command passes: a case file by id (from a button) or by name (from a sentence). */
export const CaseFileStartOptions = z.object({
  caseFileId: z.string().min(1).max(CASE_FILE_ID_MAX).optional(),
  caseName: z.string().trim().min(1).max(CASE_FILE_NAME_MAX).optional(),
});

const PICK_LIMIT = 8;
/** People a name may stand for when looking up case files by a client's name. */
const CLIENT_LIMIT = 3;

function asOption(s: CaseFileSummary) {
  return { key: s.caseFileId, label: s.name, description: s.caseId, extra: [s.caseId] };
}

/** Case files with a client whose name matches `name`, most recently changed first. */
async function caseFilesOfClientNamed(turn: StartTurn, name: string, summaries: CaseFileSummary[]): Promise<CaseFileSummary[]> {
  const organisationId = turn.user.organisation.organisationId;
  const people = findClients(name, await turn.services.clients.listForSearch(organisationId), CLIENT_LIMIT);
  if (people.length === 0) return [];
  const ids = new Set(
    await turn.services.caseFiles.caseFileIdsWithClients(
      organisationId,
      people.map((p) => p.clientId),
    ),
  );
  return summaries.filter((s) => ids.has(s.caseFileId));
}

/**
 * Works out the case file from what the user already said. A name that fits one case file is used straight
 * away; one that fits several makes them the pick list. A name that fits none is reported (`notFound`) with
 * the closest case files first, and is never replaced by another, even when there is only one case file.
 */
export async function resolveCaseFile(
  turn: StartTurn,
  options: z.infer<typeof CaseFileStartOptions>,
): Promise<{ answer: CaseFileAnswer; candidates: CaseFileSummary[]; notFound?: string }> {
  const summaries = await turn.services.caseFiles.listSummaries(turn.user.organisation.organisationId);
  if (options.caseFileId) {
    const hit = summaries.find((s) => s.caseFileId === options.caseFileId);
    if (hit) return { answer: { caseFileId: hit.caseFileId, caseFileName: hit.name }, candidates: [] };
  }
  if (options.caseName) {
    const { sure, close } = matchName(
      options.caseName,
      summaries,
      (s) => s.name,
      (s) => s.caseId,
    );
    if (sure.length === 1) return { answer: { caseFileId: sure[0]!.caseFileId, caseFileName: sure[0]!.name }, candidates: [] };
    if (sure.length > 1) return { answer: {}, candidates: sure.slice(0, PICK_LIMIT) };
    // Staff often know a case file by a client on it ("enter Client Name in Search" in DEX CM).
    const byClient = await caseFilesOfClientNamed(turn, options.caseName, summaries);
    if (byClient.length === 1) return { answer: { caseFileId: byClient[0]!.caseFileId, caseFileName: byClient[0]!.name }, candidates: [] };
    if (byClient.length > 1) return { answer: {}, candidates: byClient.slice(0, PICK_LIMIT) };
    const closestFirst = [...close, ...summaries.filter((s) => !close.includes(s))];
    return { answer: {}, candidates: closestFirst.slice(0, PICK_LIMIT), notFound: options.caseName };
  }
  return { answer: {}, candidates: summaries.slice(0, PICK_LIMIT) };
}

/**
 * The "which case file?" question, for flows that did not get one from the sentence. The list shows the
 * candidates found at the start (close matches, or the most recently changed case files).
 */
export function caseFileStep<A extends CaseFileAnswer & { caseFileCandidates: string[] }>(purpose: string): FlowStep<A> {
  return choiceStep<A>({
    id: 'caseFile',
    title: 'Case file',
    help: 'Pick the case file by name, or type part of its name or its DEX case id.',
    applies: (a) => a.caseFileId === undefined,
    question: () => `Which case file ${purpose}?`,
    options: async (turn: FlowTurn<A>) => {
      const summaries = await turn.services.caseFiles.listSummaries(turn.user.organisation.organisationId);
      const preferred = new Set(turn.answers.caseFileCandidates);
      const ordered = [...summaries.filter((s) => preferred.has(s.caseFileId)), ...summaries.filter((s) => !preferred.has(s.caseFileId))];
      return ordered.slice(0, 50).map(asOption);
    },
    current: (a) => a.caseFileId,
    pick: ([key], _turn, options) => {
      const chosen = options.find((o) => o.key === key)!;
      return { ok: true, answers: { caseFileId: chosen.key, caseFileName: chosen.label } as Partial<A>, echo: `Case file: ${chosen.label}` };
    },
  });
}

/**
 * The "which case file?" question for flows that take the case file's name from the sentence: when that name
 * matched nothing, the question says so before the list.
 */
export function caseFileStepNotingMiss<A extends CaseFileAnswer & { caseFileCandidates: string[] }>(
  purpose: string,
  notFound: (answers: A) => string | undefined,
): FlowStep<A> {
  const base = caseFileStep<A>(purpose);
  return {
    ...base,
    async ask(turn, retry) {
      const prompt = await base.ask(turn, retry);
      const missing = notFound(turn.answers);
      if (!missing || retry) return prompt;
      return { ...prompt, text: `I couldn't find a case file called "${missing}".${await activityHint(turn, missing)}` };
    },
  };
}

/**
 * A name that is a group activity not yet transferred (the usual reason a group has no case file yet) says so,
 * with the words that transfer it. Read only when a name matched no case file.
 */
async function activityHint<A extends object>(turn: FlowTurn<A>, name: string): Promise<string> {
  const activities = await turn.services.activities.list(turn.user.organisation.organisationId);
  const [activity] = matchName(name, activities, (a) => a.name).sure;
  return activity
    ? ` "${activity.name}" is a group activity that has not been made a case file yet: say "transfer ${activity.name}" to make it one, or pick a case file below.`
    : '';
}

/** The case file the flow works on, as stored now; undefined before one is chosen, or once it is gone. */
export async function chosenCaseFile<A extends CaseFileAnswer>(turn: FlowTurn<A>): Promise<CaseFile | undefined> {
  const id = turn.answers.caseFileId;
  return id ? turn.services.caseFiles.get(turn.user.organisation.organisationId, id) : undefined;
}

/** For steps that only run once a case file is chosen: one deleted meanwhile fails the turn rather than asking again. */
export async function requireChosenCaseFile<A extends CaseFileAnswer>(turn: FlowTurn<A>): Promise<CaseFile> {
  const cf = await chosenCaseFile(turn);
  if (!cf) throw new Error(`case file ${turn.answers.caseFileId} is gone`);
  return cf;
}

/** The usual refusal when there is no case file to work on: what that means for this flow, and how to start one. */
export function noCaseFilesText(consequence: string): string {
  return `There are no case files yet, so ${consequence}. Say "new case file" to start one.`;
}

/** A flow that works on a case file cannot start in an organisation that has none yet. */
export function refusalWhenNoCaseFiles(resolved: { answer: CaseFileAnswer; candidates: CaseFileSummary[] }, refusal: Prompt): { refuse: Prompt } | undefined {
  if (resolved.answer.caseFileId || resolved.candidates.length > 0) return undefined;
  return { refuse: refusal };
}
