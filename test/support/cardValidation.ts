import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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

/**
 * With CARD_RECORD_DIR set, each distinct card a test receives is written there as `<hash>.json`, for the
 * browser suite to render. Run ids and step stamps differ on every run, so they are left out of the
 * comparison: the same card in two runs is one file.
 */
const RECORD_DIR = process.env.CARD_RECORD_DIR;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function record(json: unknown): void {
  if (!RECORD_DIR) return;
  const text = JSON.stringify(json, null, 1);
  const name = createHash('sha1').update(text.replace(UUID, 'uuid')).digest('hex').slice(0, 16);
  mkdirSync(RECORD_DIR, { recursive: true });
  writeFileSync(path.join(RECORD_DIR, `${name}.json`), text);
}

export function assertValidCard(json: unknown): void {
  record(json);
  const problems = cardProblems(json);
  if (problems.length) throw new Error(`Invalid Adaptive Card:\n  ${problems.join('\n  ')}\n${JSON.stringify(json).slice(0, 2000)}`);
}
