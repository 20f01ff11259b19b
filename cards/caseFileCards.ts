import type { CaseFile } from '../src/domain/caseFile';
import { actionSet, card, heading, submit, text, type AdaptiveCard } from './cardKit';

export function caseFileCreatedCard(cf: CaseFile): AdaptiveCard {
  return card([
    heading(`Case file "${cf.name}" created`),
    text(`DEX case id ${cf.caseId}. Community SCORE needs more than one client on the case file, so add at least two if you will score it.`),
    actionSet([submit('Add clients', { command: 'addClients', args: { caseFileId: cf.caseFileId } }, 'positive'), submit('Menu', { command: 'menu' })]),
  ]);
}
