import { createRequire } from 'node:module';
import { cardSize, MAX_CARD_BYTES } from '../../cards/cardKit';
import { cardLayoutProblems } from './cardLayout';

// The package's `lib/` build is ESM without file extensions, which Node cannot load; its UMD bundle is the
// same library, built for direct use.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Every problem the official Adaptive Cards library finds when parsing the card as a 1.5 card. */
export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const doc = json as { version?: string };
  if (doc.version !== '1.5') problems.push(`version is ${doc.version}, Teams renders at most 1.5`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  const validation = card.validateProperties();
  for (const e of validation.validationEvents) problems.push(`validate: ${e.message}`);
  if (cardSize(json as Parameters<typeof cardSize>[0]) > MAX_CARD_BYTES) problems.push(`card is over ${MAX_CARD_BYTES} bytes`);
  problems.push(...cardLayoutProblems(json).map((p) => `layout: ${p}`));
  return problems;
}

export function assertValidCard(json: unknown): void {
  const problems = cardProblems(json);
  if (problems.length) throw new Error(`Invalid Adaptive Card:\n  ${problems.join('\n  ')}\n${JSON.stringify(json).slice(0, 2000)}`);
}
