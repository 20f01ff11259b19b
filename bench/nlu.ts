/**
 * How long understanding one typed message takes: every corpus phrase (commands, navigation, answers typed
 * mid-flow) through the recogniser, several rounds after a warm-up, per-message median, p95 and max.
 *
 *   npx tsx bench/nlu.ts [rounds]
 */
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../dialogs/commandPhrases';
import { createRecogniser } from '../src/understanding/recogniser';
import { navigationOf } from '../src/understanding/navigation';
import { COMMAND_PHRASES, CORPUS_NOW, CORPUS_ZONE, MID_FLOW_ANSWERS, MID_FLOW_COMMANDS, NAVIGATION_PHRASES } from '../test/nlu/corpus';

const rounds = Number(process.argv[2] ?? 20);
const recogniser = createRecogniser(COMMAND_GRAMMAR);
const now = DateTime.fromISO(CORPUS_NOW, { zone: CORPUS_ZONE });
const texts = [...COMMAND_PHRASES, ...NAVIGATION_PHRASES, ...MID_FLOW_COMMANDS, ...MID_FLOW_ANSWERS].map((p) => p.text);

/** What the bot does with a message: navigation first, then the whole reading. */
function handle(text: string): void {
  navigationOf(text);
  recogniser.understand(text, now);
}

const warmStart = process.hrtime.bigint();
handle(texts[0]!);
const firstMs = Number(process.hrtime.bigint() - warmStart) / 1e6;
for (const t of texts) handle(t);

const times: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const t of texts) {
    const start = process.hrtime.bigint();
    handle(t);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`${texts.length} messages × ${rounds} rounds (${times.length} readings), first reading in a process ${firstMs.toFixed(1)} ms`);
console.log(`median ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${times.at(-1)!.toFixed(3)} ms`);
