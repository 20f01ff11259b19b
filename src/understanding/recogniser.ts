import type { DateTime } from 'luxon';
import { normaliseWords } from './lexicon';
import { navigationOf, smallTalkOf, type Navigation, type SmallTalk } from './navigation';
import { readSlots, type SaidSession, type SaidWhen } from './slots';
import { splitWords, type Word } from './words';
import { piecesOf, capture, caseNameOf, clientsOf, type Piece } from './sentencePieces';

/** Everything a sentence said besides which command it is. Names are as typed. */
export type Said = {
  caseName?: string;
  clients?: string[];
  everyone?: boolean;
  /** A new case file's name. */
  name?: string;
  /** An activity to transfer. */
  query?: string;
  when?: SaidWhen;
  minutes?: number;
  session?: SaidSession;
  domain?: string;
  showClients?: boolean;
  /** What a correction is about, when the sentence says ("change the date of …", "rename …"). */
  field?: string;
  /** Words a command reads itself, as typed (named group `text`), e.g. "Mondays at 9" for a reminder. */
  text?: string;
  /** A participant's role said in the sentence ("make Alice a support person in …"). */
  participation?: 'CLIENT' | 'SUPPORT';
};

/**
 * One way of saying a command, over the sentence as the grammar sees it: lower case, polite wrappers gone,
 * typos of command words corrected, synonyms replaced (record/log/enter → "record", roll/attendees →
 * "attendance", rating → "score", clients → "client"), and the details already read replaced by markers:
 * `SESSION` for a session ("last session", "the 15 Oct session"), `ALL` for everyone; dates, times,
 * lengths of time and SCORE domains are taken out with the preposition before them. Named groups
 * starting with `case`, and `clients`, `name`, `query`, capture those details as typed.
 */
export type Phrase = {
  re: RegExp;
  /** Details the sentence must also carry for this phrase to count, e.g. a date for "we ran the group yesterday". */
  needs?: ('when' | 'minutes' | 'domain')[];
  /** Tried only after every other command's phrases: catch-alls such as "show me <case file>". */
  fallback?: boolean;
  /** Read against the sentence with its dates and times left in, for a command that takes them as words (`text` group). */
  keepsDates?: boolean;
  /** Fixed details this phrase implies, e.g. "who is in X" asks for the client list. */
  implies?: Partial<Said>;
};

/** How a command is said, and what a date in its sentence means. */
export type CommandGrammar = {
  id: string;
  phrases: Phrase[];
  /** Words that make this command a likely suggestion when a sentence is not understood. */
  cues: string[];
  /** A date said with this command names a session ("who came on the 12th") rather than when something happened. */
  dateNames?: 'session' | 'when';
  /**
   * Looser patterns, anywhere in the sentence, tried only when no command's phrases read it, in `signRank`
   * order (lowest first); see dialogs/commandSigns.ts.
   */
  signs?: Phrase[];
  signRank?: number;
  /** The options the command's flow starts with; by default the case file named. */
  options?: (said: Said) => Record<string, unknown>;
};

/** The options a command starts with for what a sentence said. */
export function startOptions(grammar: CommandGrammar, said: Said): Record<string, unknown> {
  return grammar.options ? grammar.options(said) : said.caseName ? { caseName: said.caseName } : {};
}

export type Understanding =
  | { kind: 'navigation'; nav: Navigation }
  | { kind: 'smallTalk'; talk: SmallTalk }
  | { kind: 'help' }
  | { kind: 'menu' }
  /** `bySign`: read from a sign (dialogs/commandSigns.ts) rather than a whole phrase: looser evidence. */
  | { kind: 'command'; command: string; said: Said; bySign?: true }
  | { kind: 'unknown'; suggestions: string[]; said: Said };

/** "what commands are there", "list the commands", "which things can you do". */
const ASKS_WHAT_CAN_BE_DONE =
  /^what else(?: can you do| can i do| is there| do you do)?$|^(?:what|which|list|show)(?: me| you)? (?:the |your |all the )?(?:(?:sort|sorts|kind|kinds|type|types) of )?(?:commands|things|options|stuff)(?: (?:are there|can i (?:use|say|type|do)|do you (?:have|know|do)|can you do|you can do|there are))?$/;

const HELP_PHRASES = new Set([
  'what can this bot do',
  'what can the bot do',
  'what can it do',
  'what do you do',
  'what are you for',
  'how can you help',
  'what can you help with',
  'what can you help me with',
  'what can you do',
  'what can i say',
  'what can i do',
  'how do i use this',
  'how do i use you',
  'commands',
  'what do you do',
  'instructions',
  'how does this work',
  'what are my options',
]);

/** "how do i use this thing", "how does this bot work". */
const ASKS_FOR_SOMEONE = /^(?:can |could )?(?:someone|somebody|anyone|you) (?:please )?help(?: me| us)?(?: out)?$/;
const HOW_TO_USE =
  /^how (?:do i|do you|to) use(?: (?:this|it|you|the bot))?(?: thing| bot| app)?$|^how (?:does|do) (?:this|it|the|you)(?: thing| bot| app)? work$/;

/** Requests for something the bot has no command for ("print the attendance sheet", "book a room"): no sign is read in them. */
const NOT_OURS = /^(?:print|book|email|ring|call|phone|order|buy|pay|text|post|share|reset|install|send (?:an? )?(?:email|text|message))\b/;

export type Recogniser = { understand(text: string, now: DateTime): Understanding; grammar: readonly CommandGrammar[] };

export function createRecogniser(grammar: readonly CommandGrammar[]): Recogniser {
  const ordered = [
    ...grammar.flatMap((g) => g.phrases.filter((p) => !p.fallback).map((p) => ({ g, p }))),
    ...grammar.flatMap((g) => g.phrases.filter((p) => p.fallback).map((p) => ({ g, p }))),
  ];
  const signed = grammar
    .filter((g) => g.signs?.length)
    .sort((a, b) => (a.signRank ?? 0) - (b.signRank ?? 0))
    .flatMap((g) => g.signs!.map((p) => ({ g, p })));
  for (const { g, p } of [...ordered, ...signed]) if (!p.re.hasIndices) throw new Error(`a phrase of ${g.id} needs the d flag: ${p.re}`);

  function understand(text: string, now: DateTime): Understanding {
    // "check if coffee and chat is ready and then export it": the first of several requests.
    const then = /\s(?:and then|,\s*then|then)\s/i.exec(text);
    if (then && then.index > 0) {
      const first = read(text.slice(0, then.index), now);
      if (first.kind === 'command' && !first.bySign) return first;
    }
    const whole = read(text, now);
    if (whole.kind === 'command' && !whole.bySign) return whole;
    // "just got back from the group, can you put in today's session": the request after the scene-setting words.
    for (const at of requestStarts(text)) {
      const tail = read(text.slice(at), now);
      if (tail.kind !== 'command') continue;
      // The whole message read by a sign of the same command carries more of what was said.
      if (whole.kind === 'command') return tail.bySign || tail.command === whole.command ? whole : tail;
      return tail;
    }
    return whole;
  }

  function read(text: string, now: DateTime): Understanding {
    const nav = navigationOf(text);
    const talk = smallTalkOf(text);
    if (talk) return { kind: 'smallTalk', talk };
    if (nav === 'help') return { kind: 'help' };
    if (nav === 'menu' || nav === 'restart') return { kind: 'menu' };
    if (nav) return { kind: 'navigation', nav };

    const words = normaliseWords(splitWords(text));
    const slots = readSlots(words, now);
    const layouts = [false, true].map((keepDates) => {
      const pieces = piecesOf(words, slots, keepDates);
      const starts: number[] = [];
      let sentence = '';
      for (const p of pieces) {
        if (sentence) sentence += ' ';
        starts.push(sentence.length);
        sentence += p.text;
      }
      return { pieces, starts, sentence };
    });
    const { pieces, starts, sentence } = layouts[0]!;
    if (HELP_PHRASES.has(sentence) || ASKS_WHAT_CAN_BE_DONE.test(sentence) || HOW_TO_USE.test(sentence) || ASKS_FOR_SOMEONE.test(sentence))
      return { kind: 'help' };
    const base: Said = {
      ...(slots.when ? { when: slots.when } : {}),
      ...(slots.minutes !== undefined ? { minutes: slots.minutes } : {}),
      ...(slots.session ? { session: slots.session } : {}),
      ...(slots.everyone ? { everyone: true } : {}),
      ...(slots.domain ? { domain: slots.domain } : {}),
    };
    const tries = NOT_OURS.test(sentence)
      ? ordered.map((x) => [x, false] as const)
      : [...ordered.map((x) => [x, false] as const), ...signed.map((x) => [x, true] as const)];
    for (const [{ g, p }, bySign] of tries) {
      if (p.needs?.some((n) => base[n] === undefined)) continue;
      const read = layouts[p.keepsDates ? 1 : 0]!;
      const m = p.re.exec(read.sentence);
      if (!m) continue;
      // A sign says which command, not where its case file is: that is read as for a sentence not understood.
      const said: Said = { ...base, ...p.implies, ...(bySign ? guessCase(pieces, starts, words) : {}) };
      const groups = m.indices?.groups ?? {};
      for (const [name, span] of Object.entries(groups)) {
        if (!span) continue;
        const value = capture(read.pieces, read.starts, words, span[0], span[1]);
        if (name.startsWith('case')) said.caseName = (bySign ? undefined : said.caseName) ?? caseNameOf(value);
        else if (name === 'clients') Object.assign(said, clientsOf(value));
        else if (name === 'text') said.text = value;
        else if (name === 'name' || name === 'query') {
          const v = value
            .replace(/^(?:the)\s+/i, '')
            .replace(/\b(?:SESSION|ALL)\b/g, '')
            .trim();
          if (v) said[name] = v;
        }
      }
      return { kind: 'command', command: g.id, said: dateMeaning(said, g.dateNames), ...(bySign ? { bySign: true as const } : {}) };
    }
    return { kind: 'unknown', suggestions: suggest(grammar, pieces), said: { ...base, ...guessCase(pieces, starts, words) } };
  }
  return { understand, grammar };
}

/** Words that open a request inside a longer message: "…, can you", "… pls …", "… could you". */
const OPENERS = [['can', 'you'], ['could', 'you'], ['would', 'you'], ['can', 'i'], ['can', 'we'], ['please'], ['help', 'me']];

/** Where a request may start after other words: after a comma, or at an opener; earliest first, never at the start. */
function requestStarts(text: string): number[] {
  const words = normaliseWords(splitWords(text));
  const out: number[] = [];
  for (let i = 1; i < words.length - 1; i++) {
    if (words[i]!.raw === ',') out.push(words[i + 1]!.start);
    else if (OPENERS.some((o) => o.every((w, k) => words[i + k]?.norm === w))) out.push(words[i]!.start);
  }
  return out;
}

function dateMeaning(said: Said, names: 'session' | 'when' | undefined): Said {
  const { when, session, ...rest } = said;
  if (names === 'session') {
    // "who came on the 12th": the date picks the session.
    const picked = session ?? (when ? { kind: 'date' as const, date: when.date } : undefined);
    return { ...rest, ...(picked ? { session: picked } : {}) };
  }
  if (names === 'when') {
    // "record yesterday's session": the date is when the new session was held.
    const held = when ?? (session?.kind === 'date' ? { date: session.date } : undefined);
    return { ...rest, ...(held ? { when: held } : {}), ...(session && session.kind !== 'date' ? { session } : {}) };
  }
  return session?.kind === 'date' && when?.date === session.date ? { ...rest, session } : said;
}

/** The commands whose cue words the sentence shares most, best first, at most three. */
function suggest(grammar: readonly CommandGrammar[], pieces: readonly Piece[]): string[] {
  const said = new Set(pieces.map((p) => p.text));
  return grammar
    .map((g, order) => ({ id: g.id, order, score: g.cues.filter((c) => c.split(' ').every((w) => said.has(w))).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, 3)
    .map((s) => s.id);
}

/** For a sentence not understood: a case file named after "for", "to", "of" or "in", to carry into a suggestion. */
function guessCase(pieces: readonly Piece[], starts: readonly number[], words: readonly Word[]): Pick<Said, 'caseName'> {
  const at = pieces.map((p) => p.text).findLastIndex((t) => ['for', 'to', 'into', 'onto', 'of', 'in', 'with', 'on', 'at'].includes(t));
  if (at < 0 || at === pieces.length - 1) return {};
  const from = starts[at + 1]!;
  const name = caseNameOf(capture(pieces, starts, words, from, Number.MAX_SAFE_INTEGER));
  return name ? { caseName: name } : {};
}
