import { z } from 'zod';
import { noCaseFilesCard } from '../cards/clientCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition } from '../src/bot/guidedFlow';
import type { Services } from '../src/services';
import { anotherStep } from './addClients/anotherStep';
import { AddClientsAnswers, type AddClientsAnswers as Answers } from './addClients/clientDraft';
import { pickStep, searchStep } from './addClients/findClientSteps';
import { nameSplitStep } from './addClients/nameSplitStep';
import { checkStep, detailsStep } from './addClients/newClientSteps';
import { reasonsStep } from './addClients/reasonsStep';
import { reviewClients, saveClients } from './addClients/saveClients';
import { CaseFileStartOptions, caseFileStepNotingMiss, refusalWhenNoCaseFiles, resolveCaseFile } from './caseFileChoice';

const StartOptions = CaseFileStartOptions.extend({ clientName: z.string().trim().min(1).max(120).optional() });

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'addClients',
    title: 'Add clients to a case file',
    async start(turn, options) {
      const parsed = StartOptions.safeParse(options);
      const o = parsed.success ? parsed.data : {};
      const resolved = await resolveCaseFile(turn, o);
      const none = refusalWhenNoCaseFiles(resolved, { card: noCaseFilesCard() });
      if (none) return none;
      return {
        answers: AddClientsAnswers.parse({
          ...resolved.answer,
          caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
          caseNotFound: resolved.notFound,
          search: o.clientName,
        }),
      };
    },
    steps: [
      caseFileStepNotingMiss<Answers>('should the clients be added to', (a) => a.caseNotFound),
      searchStep,
      pickStep,
      detailsStep,
      nameSplitStep,
      checkStep,
      reasonsStep,
      anotherStep,
    ],
    review: reviewClients,
    save: saveClients,
  };
}

const NOT_A_PERSON = /^(?:(?:a|an|the|new|another|more|some)\s+)?(?:sessions?|scores?|community\s+score|case(?:\s+files?)?|details?|notes?|participants?|attendees?)\b/i;
const SESSION_TARGET = /^(?:the\s+)?(?:(?:last|latest|most\s+recent|newest|previous|next|this|today'?s|yesterday'?s)\s+)?sessions?\b/i;

/** "the Tuesday seniors group case file" → "Tuesday seniors group". */
function caseNameOf(words: string): string {
  return words
    .replace(/^(?:the\s+)?(?:case(?:\s+file)?\s+)?/i, '')
    .replace(/\s+case(?:\s+file)?$/i, '')
    .trim();
}

/** Reads "add clients", "add client to Tuesday seniors group", "add Alice to Tuesday seniors group". */
export function matchAddClients(said: string): Record<string, unknown> | undefined {
  const verb = '(?:add|enrol|enroll)';
  const plain = new RegExp(`^${verb}(?:\\s+(?:a|an|new|another|more|some))?\\s+(?:clients?|people|persons?)(?:\\s+(?:to|into|onto|on)\\s+(.+))?$`, 'i').exec(said);
  if (plain) return plain[1] ? { caseName: caseNameOf(plain[1]) } : {};
  const named = new RegExp(`^${verb}\\s+(?:(?:the\\s+)?(?:new\\s+)?clients?\\s+)?(.+?)\\s+(?:to|into|onto)\\s+(.+)$`, 'i').exec(said);
  if (named && !NOT_A_PERSON.test(named[1]!) && !SESSION_TARGET.test(named[2]!)) return { clientName: named[1]!.trim(), caseName: caseNameOf(named[2]!) };
  const clientOnly = new RegExp(`^${verb}\\s+(?:a\\s+|the\\s+)?(?:new\\s+)?client\\s+(.+)$`, 'i').exec(said);
  if (clientOnly) return { clientName: clientOnly[1]!.trim() };
  return undefined;
}

export function addClientsCommand(services: Services): Command {
  return {
    id: 'addClients',
    title: 'Add clients to a case file',
    description: 'Find clients by name (or create new ones, with a duplicate check and the SLK), then record referral source and reasons for seeking assistance. Several clients in one go.',
    example: 'add Alice to Tuesday seniors group',
    writes: true,
    match: matchAddClients,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
