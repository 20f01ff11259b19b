/**
 * Grammar and fuzzy lexicon (src/understanding) against a trained intent classifier (NLP.js 4, offline,
 * English stemmer, neural classifier) on the same phrases, for the choice in docs/understanding.md.
 *
 * The classifier needs examples, so it is measured by 5-fold cross-validation over the corpus (trained on
 * four fifths, tested on the fifth it has not seen), and trained on the whole corpus for the held-out set.
 * The grammar is scored on exactly the same test phrases. Only the command is compared: the classifier
 * reads no details (case file, dates, people), which the grammar reads as well.
 *
 *   npx tsx bench/intentClassifier.ts
 */
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../dialogs/commandPhrases';
import { createRecogniser } from '../src/understanding/recogniser';
import { COMMAND_PHRASES, CORPUS_NOW, CORPUS_ZONE, type CommandPhrase } from '../test/nlu/corpus';
import { describe } from '../test/nlu/evaluate';
import { HELD_OUT_COMMANDS } from '../test/nlu/heldOut';
import { HELD_OUT_2_COMMANDS } from '../test/nlu/heldOut2';
import { HELD_OUT_3_COMMANDS } from '../test/nlu/heldOut3';
import { HELD_OUT_4_COMMANDS } from '../test/nlu/heldOut4';
import { HELD_OUT_5_COMMANDS } from '../test/nlu/heldOut5';
import { HELD_OUT_6_COMMANDS } from '../test/nlu/heldOut6';
import { COMMAND_IDS } from '../src/domain/commandIds';

type Classifier = {
  addDocument(locale: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<{ intent: string; score: number; classifications?: { intent: string; score: number }[] }>;
};
const load = createRequire(__filename);
const { containerBootstrap } = load('@nlpjs/core') as { containerBootstrap(): Promise<{ use(x: unknown): void; get(name: string): Classifier }> };
const { Nlp } = load('@nlpjs/nlp') as { Nlp: unknown };
const { LangEn } = load('@nlpjs/lang-en-min') as { LangEn: unknown };

const recogniser = createRecogniser(COMMAND_GRAMMAR);
const now = DateTime.fromISO(CORPUS_NOW, { zone: CORPUS_ZONE });
const grammarSays = (text: string) => describe(recogniser.understand(text, now));

async function trained(phrases: readonly CommandPhrase[]): Promise<Classifier> {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp') as Classifier & { settings: Record<string, unknown> };
  nlp.settings.autoSave = false;
  nlp.settings.log = false;
  (nlp as unknown as { addLanguage(l: string): void }).addLanguage('en');
  // "Not something the bot does" has no examples: the classifier answers None when unsure.
  for (const p of phrases) if (p.command !== 'unknown') nlp.addDocument('en', p.text, p.command);
  // The neural classifier prints every training epoch and has no setting that reaches it from here.
  const print = console.log;
  console.log = () => undefined;
  try {
    await nlp.train();
  } finally {
    console.log = print;
  }
  return nlp;
}

async function classify(nlp: Classifier, text: string): Promise<string> {
  const r = await nlp.process('en', text);
  return r.intent === 'None' ? 'unknown' : r.intent;
}

async function main(): Promise<void> {
  const folds = 5;
  let grammarRight = 0;
  let classifierRight = 0;
  let classifierMs = 0;
  // Every fifth phrase into the same fold, so each fold has every command.
  for (let f = 0; f < folds; f++) {
    const test = COMMAND_PHRASES.filter((_, i) => i % folds === f);
    const train = COMMAND_PHRASES.filter((_, i) => i % folds !== f);
    const nlp = await trained(train);
    for (const p of test) {
      const start = process.hrtime.bigint();
      if ((await classify(nlp, p.text)) === p.command) classifierRight += 1;
      classifierMs += Number(process.hrtime.bigint() - start) / 1e6;
      if (grammarSays(p.text) === p.command) grammarRight += 1;
    }
  }
  const n = COMMAND_PHRASES.length;
  const pct = (x: number, d: number) => `${((x / d) * 100).toFixed(1)}%`;
  console.log(`Corpus, ${folds}-fold cross-validation (${n} phrases)`);
  console.log(`  grammar + fuzzy lexicon   ${grammarRight}/${n} ${pct(grammarRight, n)}`);
  console.log(`  NLP.js classifier         ${classifierRight}/${n} ${pct(classifierRight, n)}, ${(classifierMs / n).toFixed(2)} ms a message`);

  const nlp = await trained(COMMAND_PHRASES);
  let g = 0;
  let c = 0;
  const misses: string[] = [];
  for (const p of HELD_OUT_COMMANDS) {
    const said = await classify(nlp, p.text);
    if (said === p.command) c += 1;
    else misses.push(`    "${p.text}": ${said} (want ${p.command})`);
    if (grammarSays(p.text) === p.command) g += 1;
  }
  const h = HELD_OUT_COMMANDS.length;
  console.log(`Held-out set, classifier trained on the whole corpus (${h} phrases)`);
  console.log(`  grammar + fuzzy lexicon   ${g}/${h} ${pct(g, h)}`);
  console.log(`  NLP.js classifier         ${c}/${h} ${pct(c, h)}`);
  if (process.argv.includes('--misses')) console.log(misses.join('\n'));
  await buttons();
}

/**
 * The "did you mean" buttons for a message not understood: the commands sharing cue words (what the bot
 * offers) against the classifier's first three, for every command phrase of the sixth set as if the
 * grammar had not read it, and for the requests the bot has no command for (where any button is noise).
 * The classifier is trained on the corpus and the first five held-out sets, not on the sixth.
 */
async function buttons(): Promise<void> {
  const ids = new Set<string>(COMMAND_IDS);
  const cuesOnly = createRecogniser(COMMAND_GRAMMAR.map((g) => ({ ...g, phrases: [], signs: [] })));
  const cues = (text: string) => {
    const u = cuesOnly.understand(text, now);
    return u.kind === 'unknown' ? u.suggestions : [];
  };
  const nlp = await trained([
    ...COMMAND_PHRASES,
    ...HELD_OUT_COMMANDS,
    ...HELD_OUT_2_COMMANDS,
    ...HELD_OUT_3_COMMANDS,
    ...HELD_OUT_4_COMMANDS,
    ...HELD_OUT_5_COMMANDS,
  ]);
  const guesses = async (text: string, min: number) =>
    ((await nlp.process('en', text)).classifications ?? [])
      .filter((c) => c.intent !== 'None' && c.score >= min)
      .slice(0, 3)
      .map((c) => c.intent);
  const wanted = HELD_OUT_6_COMMANDS.filter((p) => ids.has(p.command));
  const notOurs = [...COMMAND_PHRASES, ...HELD_OUT_2_COMMANDS, ...HELD_OUT_5_COMMANDS, ...HELD_OUT_6_COMMANDS].filter((p) => p.command === 'unknown');
  console.log(`Did-you-mean buttons, sixth set (${wanted.length} commands) and requests the bot does not handle (${notOurs.length})`);
  const cueRight = wanted.filter((p) => cues(p.text).includes(p.command)).length;
  const cueNoise = notOurs.filter((p) => cues(p.text).length > 0).length;
  console.log(
    `  cue words                 right command among the buttons ${cueRight}/${wanted.length}; buttons for requests not handled ${cueNoise}/${notOurs.length}`,
  );
  for (const min of [0.2, 0.5]) {
    let right = 0;
    for (const p of wanted) if ((await guesses(p.text, min)).includes(p.command)) right += 1;
    let noise = 0;
    for (const p of notOurs) if ((await guesses(p.text, min)).length > 0) noise += 1;
    console.log(
      `  NLP.js, score ≥ ${min}       right command among the buttons ${right}/${wanted.length}; buttons for requests not handled ${noise}/${notOurs.length}`,
    );
  }
  // Both: the classifier's guesses first, shown only when the message shares a cue word with some command.
  const both = async (text: string) => {
    const c = cues(text);
    return c.length ? [...new Set([...(await guesses(text, 0.2)), ...c])].slice(0, 3) : [];
  };
  let right = 0;
  for (const p of wanted) if ((await both(p.text)).includes(p.command)) right += 1;
  let noise = 0;
  for (const p of notOurs) if ((await both(p.text)).length > 0) noise += 1;
  console.log(
    `  NLP.js when a cue word is there  right command among the buttons ${right}/${wanted.length}; buttons for requests not handled ${noise}/${notOurs.length}`,
  );
}

void main();
