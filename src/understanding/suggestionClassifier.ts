import { createRequire } from 'node:module';
import EXAMPLES from './suggestionExamples.json';

/**
 * A trained intent classifier (NLP.js, offline, English stemmer) that helps choose the "did you mean"
 * buttons for a message the grammar does not read. It only proposes: a flow starts when the person presses
 * a button, so a wrong guess costs a look, never a record. Its guesses are used only when the message
 * shares a cue word with some command, because it guesses something for anything ("order more tea bags"),
 * and the cue words alone stay silent there. Measured in `npx tsx bench/intentClassifier.ts` (figures in
 * docs/understanding.md).
 *
 * Trained once a process from `suggestionExamples.json` (the phrase sets' commands, written by
 * `npx tsx scripts/buildSuggestionExamples.ts`), in about 0.3 s; a message then takes under a millisecond.
 */

type Nlp = {
  settings: Record<string, unknown>;
  nluManager: { settings: Record<string, unknown> };
  addLanguage(locale: string): void;
  addDocument(locale: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<{ classifications?: { intent: string; score: number }[] }>;
};

export type SuggestionClassifier = {
  /** The likeliest commands for a message, best first, at most three, each scored at least `MIN_SCORE`. */
  guess(text: string): Promise<string[]>;
};

/** Below this the classifier is guessing among near-equals. */
const MIN_SCORE = 0.2;

export async function trainSuggestionClassifier(examples: readonly (readonly [string, string])[]): Promise<SuggestionClassifier> {
  const load = createRequire(__filename);
  const { containerBootstrap } = load('@nlpjs/core') as { containerBootstrap(): Promise<{ use(x: unknown): void; get(name: string): unknown }> };
  const { Nlp } = load('@nlpjs/nlp') as { Nlp: unknown };
  const { LangEn } = load('@nlpjs/lang-en-min') as { LangEn: unknown };
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp') as Nlp;
  nlp.settings.autoSave = false;
  nlp.settings.log = false;
  // The neural network prints every training epoch unless its manager says not to.
  nlp.nluManager.settings.log = false;
  nlp.addLanguage('en');
  for (const [text, command] of examples) nlp.addDocument('en', text, command);
  await nlp.train();
  return {
    async guess(text) {
      const r = await nlp.process('en', text);
      return (r.classifications ?? [])
        .filter((c) => c.intent !== 'None' && c.score >= MIN_SCORE)
        .slice(0, 3)
        .map((c) => c.intent);
    },
  };
}

let shared: Promise<SuggestionClassifier> | undefined;

/** The classifier trained on the shipped examples, once a process. */
export function suggestionClassifier(): Promise<SuggestionClassifier> {
  shared ??= trainSuggestionClassifier(EXAMPLES as [string, string][]);
  return shared;
}

/**
 * The buttons for a message not understood: nothing when it shares no cue word with any command (a request
 * the bot has no command for), else the classifier's guesses first, then the commands sharing cue words.
 */
export function didYouMean(cueSuggestions: readonly string[], guesses: readonly string[]): string[] {
  return cueSuggestions.length ? [...new Set([...guesses, ...cueSuggestions])].slice(0, 3) : [];
}
