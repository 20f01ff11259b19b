import { isCommandWord } from './lexicon';
import type { SentenceSlots } from './slots';
import type { Word } from './words';

/**
 * A sentence cut into the pieces between its command words and details (dates, lengths, sessions), and the
 * case-file and client names read from those pieces. The recogniser matches its phrases against them.
 */

/** Openings that only make a request polite: "can you", "I'd like to", "pls", "let's". */
const WRAPPERS = [
  'can you please',
  'could you please',
  'would you please',
  'can you',
  'could you',
  'would you',
  'will you',
  'can i',
  'could i',
  'may i',
  'i want to',
  'i would like to',
  'id like to',
  'i need to',
  'i have to',
  'i gotta',
  'ive got to',
  'i got to',
  'need to',
  'want to',
  'let us',
  'tell me',
  'please',
  'just',
  'quickly',
  'hey',
  'ok',
  'okay',
  'so',
  'um',
  'also',
  'now',
  'yeah',
  'hi',
  'mate',
  'righto',
  'alright',
  'i also need to',
  'i just need to',
  'help me',
  'we need to',
  'we have to',
  'we need',
  'i need',
  'we want',
  'i want',
  'we gotta',
  'can we',
  'could we',
  'shall we',
  'should we',
  'we should',
  'i reckon we need',
  'reckon we need',
  'i reckon',
  'reckon',
  'i think we need',
  // Greetings and scene-setting before the request: "hiya can you …", "just wondering how …", "hang on …".
  'hiya',
  'yo',
  'hi there',
  'hey there',
  'hello',
  'gday',
  'g day',
  'just wondering',
  'i was wondering',
  'wondering',
  'quick question',
  'quick one',
  'sorry',
  'hang on',
  'oh',
  'ah',
  'double',
]
  .map((w) => w.split(' '))
  .sort((a, b) => b.length - a.length);
const TRAILERS = [
  ['please'],
  ['thanks'],
  ['thank', 'you'],
  ['mate'],
  ['cheers'],
  ['ta'],
  ['for', 'me'],
  ['asap'],
  ['now'],
  ['if', 'you', 'can'],
  ['thx'],
  // "we had coffee and chat this morning, can you add it": the request after the facts.
  ...['can you', 'could you', 'please', ''].flatMap((ask) =>
    ['add it', 'add it in', 'put it in', 'add that', 'add the session', 'add that session', 'record it', 'enter it'].map((w) =>
      `${ask} ${w}`.trim().split(' '),
    ),
  ),
];

/** Prepositions that go with a date, length of time or domain and go when it is taken out. */
const DETAIL_PREPOSITIONS = new Set(['for', 'on', 'at', 'from', 'in', 'over', 'about', 'of', 'to', 'with', 'lasting', 'and', 'by', 'around', 'about']);

/** Words that stand for "us", "it" or DEX itself, not for a case file. */
const NOT_A_CASE =
  /^(?:we|us|i|it|things|everyone|everybody|you|dex|the dex|everything|all|them|this|that|here|there|me|our groups?|the groups?|groups?|case ?files?|casefiles?|the case ?files?|submission|the submission|reporting|the deadline|deadline)$/;
const NOBODY_NAMED = /^(?:the |some |a |new |more |all )*(?:participants?|clients?|people|persons?|attendance|attendees|someone|anyone|them)$/;

export type Piece = { text: string; words: number[] };

function tokensOf(words: readonly Word[]): { t: string; i: number }[] {
  return words.flatMap((w, i) => w.norm.split(' ').map((t) => ({ t, i })));
}

export function startsWith(tokens: readonly { t: string }[], at: number, seq: readonly string[]): boolean {
  return seq.every((s, k) => tokens[at + k]?.t === s);
}

/** The sentence as the grammar reads it (see `Phrase`), each piece remembering the typed words it stands for. */
export function piecesOf(words: readonly Word[], slots: SentenceSlots, keepDates = false): Piece[] {
  let tokens = tokensOf(words).filter(({ t }) => t !== '?' && t !== '"');
  let changed = true;
  while (changed && tokens.length) {
    changed = false;
    for (const w of WRAPPERS) {
      if (tokens.length > w.length && startsWith(tokens, 0, w)) {
        tokens = tokens.slice(w.length);
        changed = true;
        break;
      }
    }
  }
  changed = true;
  while (changed && tokens.length) {
    changed = false;
    for (const w of TRAILERS) {
      if (tokens.length > w.length && startsWith(tokens, tokens.length - w.length, w)) {
        tokens = tokens.slice(0, tokens.length - w.length);
        changed = true;
      }
    }
    while (tokens.at(-1)?.t === ',') {
      tokens.pop();
      changed = true;
    }
  }
  // "new group pls called …": a polite word inside the sentence says nothing; "SCORE ratings" reads as "score score".
  tokens = tokens.filter(({ t }, n) => t !== 'please' && !(n > 0 && t === tokens[n - 1]!.t && isCommandWord(t)));
  const pieces: Piece[] = [];
  let k = 0;
  while (k < tokens.length) {
    const { t, i } = tokens[k]!;
    const kind = slots.claimed[i];
    if (!kind || (keepDates && (kind === 'when' || kind === 'duration'))) {
      pieces.push({ text: t === '&' ? 'and' : t, words: [i] });
      k += 1;
      continue;
    }
    const span: number[] = [];
    while (k < tokens.length && slots.claimed[tokens[k]!.i] === kind) {
      if (!span.includes(tokens[k]!.i)) span.push(tokens[k]!.i);
      k += 1;
    }
    if (kind === 'session') {
      pieces.push({ text: 'SESSION', words: span });
      if (slots.sessionOf?.length) pieces.push({ text: 'of', words: [] }, ...slots.sessionOf.map((w) => ({ text: words[w]!.norm, words: [w] })));
    } else if (kind === 'everyone') {
      pieces.push({ text: 'ALL', words: span });
    } else {
      // Dates, lengths of time and domains leave the sentence with their preposition: "for 2 hours", "on social cohesion";
      // but when a name follows at once ("details for yesterday coffee and chat") the preposition is the name's too.
      let joined: Piece | undefined;
      while (pieces.length && (DETAIL_PREPOSITIONS.has(pieces.at(-1)!.text) || pieces.at(-1)!.text === 'the' || pieces.at(-1)!.text === ',')) {
        const gone = pieces.pop()!;
        if (!joined && DETAIL_PREPOSITIONS.has(gone.text) && gone.text !== 'and') joined = gone;
      }
      const following = tokens[k];
      if (
        joined &&
        following &&
        !slots.claimed[following.i] &&
        /^[a-z]/.test(following.t) &&
        !DETAIL_PREPOSITIONS.has(following.t) &&
        !['and', 'the', 'a', 'pls', 'please', 'thanks'].includes(following.t)
      )
        pieces.push(joined);
    }
  }
  const kept = pieces.filter((p, n) => !(p.text === ',' && (n === 0 || pieces[n - 1]!.text === ',')));
  while (kept.at(-1)?.text === ',') kept.pop();
  return kept;
}

export function capture(pieces: readonly Piece[], starts: readonly number[], words: readonly Word[], from: number, to: number): string {
  const out: string[] = [];
  for (const [n, p] of pieces.entries()) {
    const s = starts[n]!;
    if (s >= to || s + p.text.length <= from) continue;
    if (p.text === 'SESSION' || p.text === 'ALL') {
      out.push(p.text);
      continue;
    }
    if (p.text === ',') {
      out.push(',');
      continue;
    }
    for (const w of p.words) if (out.at(-1) !== words[w]!.raw) out.push(words[w]!.raw);
  }
  return out.join(' ').replace(/\s+,/g, ',').trim();
}

/** Shortenings staff use inside case-file names: "money biz", "coffee n chat", "carers grp". */
const NAME_SHORTENINGS: Record<string, string> = { n: 'and', biz: 'business', grp: 'group', sr: 'seniors', snr: 'seniors', mtg: 'meeting', mornin: 'morning' };

export function caseNameOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const cleaned = text
    // A clause after the name is not the name: "carers, it went for 2 hours", "the shed, went 3 hours", "wed seniors has the wrong time".
    .replace(/\s*,\s*(?:it|we|they|she|he|i|which|that|went|ran|lasted)\b.*$/i, '')
    // "coffee and chat, exit her": a request about someone after the name.
    .replace(/\s*,\s*[a-z]+\s+(?:her|him|them)\b.*$/i, '')
    .replace(/\s+(?:has|had|have|is|was|were)\s+(?:the\s+|a\s+|an\s+)?(?:wrong|no|missing|any|some)\b.*$/i, '')
    // Another clause or request after the name: "wed seniors and then do the roll", "dss yet or is something missing",
    // "the shed on it went about 2 hours", "carers support today her name is …".
    .replace(/\s+(?:and then|then|or|but|so|because|cause|coz)\s.*$/i, '')
    .replace(/\s+(?:it|we|they|she|he)\s+(?:went|was|were|ran|had|did|is|are|came|started|finished)\b.*$/i, '')
    // A request after the name is not the name: "coffee and chat today can you add them".
    .replace(/\s+(?:can|could|would|will) (?:you|u|we|i)\b.*$/i, '')
    .replace(/\b[a-z]+\b/g, (w) => NAME_SHORTENINGS[w] ?? w)
    // "the session from SESSION for wed seniors": the words that joined a session taken out go with it.
    .replace(/^(?:(?:from|of|for|on|at|in|to)\s+)?SESSION\s+(?:(?:from|of|for|on|at|in|to)\s+)?/, ' ')
    .replace(/\b(?:SESSION|ALL)\b/g, ' ')
    .replace(/[,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // "the session we had this arvo for coffee and chat": the clause about the session is not the case file's name.
    .replace(/^(?:that |which )?(?:we|i) (?:had|ran|held|did|run)(?:\s+(?:for|of|with|at|in))?\s+/i, '')
    .replace(/^(?:the|a|my|our)\s+/i, '')
    .replace(/\s+(?:case\s*files?|casefile|case|session|sessions|sesh|seshes)(?:\s+(?:from|of|on|held))?$/i, '')
    .replace(/\s+(?:on|at|for|from|to|in|of|with|by)$/i, '')
    // "for carers support called Anh": the word that brings in a person's name is not the group's.
    .replace(/\s+(?:called|named)$/i, '')
    // "add Graham to the shed list": the list or roll of a case file is the case file.
    .replace(/\s+(?:list|roll|register|page)$/i, '')
    // "any gaps in the shed data", "raj came to money business too": what follows the name is not part of it.
    .replace(/\s+(?:data|info|information|records|numbers|stats)$/i, '')
    .replace(/\s+(?:too|as well|also)$/i, '')
    // "people at the shed", "everyone in carers support": the people are not the case file's name.
    .replace(/^(?:people|everyone|everybody|clients?|participants|folks|the group)\s+(?:at|in|from|of)\s+(?:the\s+)?/i, '')
    .replace(/^(?:case\s*files?|casefile|case)\s+/i, '')
    .trim();
  return cleaned && !NOT_A_CASE.test(cleaned.toLowerCase()) ? cleaned : undefined;
}

export function clientsOf(text: string | undefined): { clients?: string[]; everyone?: boolean } {
  if (!text) return {};
  if (/^ALL$/.test(text.trim())) return { everyone: true };
  const names = text
    .split(/\s*(?:,|&|\band\b|\bn\b)\s*/i)
    // "Sal, Vinnie and Rosa all came": "all" or "both" after the last name is not part of it.
    .map((n) =>
      n
        .trim()
        .replace(/^(?:client|clients|new client|the client)\s+/i, '')
        .replace(/\s+(?:all|both|too|as well)$/i, ''),
    )
    .filter((n) => n && n !== 'ALL' && !NOBODY_NAMED.test(n.toLowerCase()));
  return names.length ? { clients: names } : /\bALL\b/.test(text) ? { everyone: true } : {};
}

/** Compiled once per grammar: the phrase list in the order they are tried. */
