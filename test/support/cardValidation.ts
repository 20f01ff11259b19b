import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cardSize, MAX_CARD_BYTES } from '../../cards/cardKit';
import { cardLayoutProblems } from './cardLayout';

// The package's `lib/` build is ESM without file extensions, which Node cannot load; its UMD bundle is the
// same library, built for direct use.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** The chart elements Teams renders (docs/card-design.md); other hosts show their `fallback`. */
const TEAMS_CHARTS = new Set(['Chart.Line', 'Chart.Donut', 'Chart.Gauge', 'Chart.VerticalBar', 'Chart.Pie', 'Chart.HorizontalBar']);

/** A chart without a fallback would leave a gap, with its facts lost, in every host that draws no charts. */
function chartsWithoutFallback(node: unknown, where = 'card'): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => chartsWithoutFallback(n, `${where}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own =
    typeof o.type === 'string' && TEAMS_CHARTS.has(o.type) && (typeof o.fallback !== 'object' || o.fallback === null)
      ? [`${where}: ${o.type} without a fallback in words`]
      : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => chartsWithoutFallback(v, `${where}.${k}`))];
}

/** Every problem the official Adaptive Cards library finds when parsing the card as a 1.5 card. */
export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const doc = json as { version?: string };
  if (doc.version !== '1.5') problems.push(`version is ${doc.version}, Teams renders at most 1.5`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    // Teams' charts are unknown to the official library, which then parses and checks their fallback instead:
    // that is the path every host without charts takes, so a chart is fine here when its fallback is there.
    const chart = /^Unknown element type "(Chart\.[A-Za-z.]+)"/.exec(event.message)?.[1];
    if (event.event === AC.ValidationEvent.UnknownElementType && chart && TEAMS_CHARTS.has(chart)) continue;
    problems.push(`parse: ${event.message}`);
  }
  problems.push(...chartsWithoutFallback(json));
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
