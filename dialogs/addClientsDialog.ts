import { z } from 'zod';
import { noCaseFilesCard } from '../cards/clientCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition } from '../src/bot/guidedFlow';
import type { Services } from '../src/services';
import { anotherStep } from './addClients/anotherStep';
import { AddClientsAnswers, type AddClientsAnswers as Answers } from './addClients/clientDraft';
import { pickStep, searchStep } from './addClients/findClientSteps';
import { dexDetailsStep } from './addClients/dexDetailsStep';
import { nameSplitStep } from './addClients/nameSplitStep';
import { checkStep, detailsStep } from './addClients/newClientSteps';
import { namedExistingClients, namedReasonsStep } from './addClients/namedClientsStep';
import { reasonsStep } from './addClients/reasonsStep';
import { reviewClients, saveClients } from './addClients/saveClients';
import { CaseFileStartOptions, caseFileStepNotingMiss, refusalWhenNoCaseFiles, resolveCaseFile } from './caseFileChoice';

const StartOptions = CaseFileStartOptions.extend({ clientNames: z.array(z.string().trim().min(1).max(120)).max(20).optional() });

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
      const names = o.clientNames ?? [];
      const cf = resolved.answer.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, resolved.answer.caseFileId) : undefined;
      // One name keeps its match card, where the birth year confirms the person; several share one reasons card.
      const { named, toFind } = cf && names.length > 1 ? await namedExistingClients(turn, cf, names) : { named: [], toFind: names };
      return {
        answers: AddClientsAnswers.parse({
          ...resolved.answer,
          caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
          caseNotFound: resolved.notFound,
          named,
          search: toFind[0],
          namesToFind: toFind.slice(1),
        }),
      };
    },
    steps: [
      caseFileStepNotingMiss<Answers>('should the clients be added to', (a) => a.caseNotFound),
      namedReasonsStep,
      searchStep,
      pickStep,
      detailsStep,
      nameSplitStep,
      checkStep,
      dexDetailsStep,
      reasonsStep,
      anotherStep,
    ],
    review: reviewClients,
    save: saveClients,
  };
}

export function addClientsCommand(services: Services): Command<'addClients'> {
  return {
    id: 'addClients',
    title: 'Add clients to a case file',
    description:
      'Find clients by name (or create new ones, with a duplicate check and the SLK), then record referral source and reasons for seeking assistance. Several clients in one go.',
    example: 'add Alice to Tuesday seniors group',
    writes: true,
    args: StartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
