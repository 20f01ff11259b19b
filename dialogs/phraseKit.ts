import type { CommandId } from '../src/domain/commandIds';
import type { CommandGrammar, Phrase, Said } from '../src/understanding/recogniser';

/** What the phrase tables (`./commandPhrases`, `./recordPhrases`) are written with. */

export type Grammar = CommandGrammar & { id: CommandId };

let groupCount = 0;
/** A unique group name, so one pattern can offer a case file in several places. */
function g(name: 'case'): string {
  groupCount += 1;
  return `${name}${groupCount}`;
}
export const re = (source: string): RegExp => new RegExp(source, 'd');
export const phrase = (source: string, more: Omit<Phrase, 're'> = {}): Phrase => ({ re: re(source), ...more });

export const ART = String.raw`(?:the |a |an |our |my |this |that )?`;
/** "the last session of X", "the 15 Oct session", "X last session", or just a case file. */
export function target(): string {
  return String.raw`(?:(?:the |a )?(?:SESSION|session)(?: (?:of|for|in|at|on|from|with) ${ART}(?<${g('case')}>.+?))?|${ART}(?<${g('case')}>.+?)(?: ?,? (?:the )?SESSION)?)`;
}
export const TO = String.raw`(?:to|for|in|into|on|onto|at|of|with|from)`;

/** What a flow that works on a case file starts with, whatever else it takes. */
export const caseOnly = (said: Said) => ({ ...(said.caseName ? { caseName: said.caseName } : {}) });
