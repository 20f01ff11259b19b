import type { CaseFile } from '../src/domain/caseFile';
import { nextStepCard, type AdaptiveCard } from './cardKit';

export function caseFileCreatedCard(cf: CaseFile): AdaptiveCard {
  return nextStepCard(
    `Case file "${cf.name}" created`,
    `DEX case id ${cf.caseId}. Community SCORE needs more than one client on the case file, so add at least two if you will score it.`,
    { title: 'Add clients', command: 'addClients', args: { caseFileId: cf.caseFileId } },
  );
}
