import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { DURATIONS } from './durations';
import type { Word } from './words';

/** A date the sentence gave, in the organisation's zone: the day, and the time when one was said. */
export type SaidWhen = { date: string; time?: string };
export type SaidSession = { kind: 'latest' } | { kind: 'lastWeek' } | { kind: 'date'; date: string };
export type SlotKind = 'when' | 'duration' | 'session' | 'everyone' | 'domain';

/** What the sentence said besides the command and names, and which words said it. */
export type SentenceSlots = {
  when?: SaidWhen;
  minutes?: number;
  session?: SaidSession;
  everyone?: boolean;
  domain?: string;
  /** Words naming the case file inside a session phrase: "the last Men's Shed session". */
  sessionOf?: number[];
  /** For each word of the sentence, the slot it belongs to. */
  claimed: (SlotKind | undefined)[];
};

/**
 * The Community SCORE domains by the names staff use for them. Organisational skills come before group
 * skills so "organisational skills" is not read as the group domain.
 */
const DOMAIN_NAMES: [string, RegExp][] = [
  ['ORGSKILLS', /\b(?:organi[sz]ational|organisation|organization|org)(?:al)? (?:knowledge|skills|practices|capacity)(?: and (?:skills|practices))?\b/],
  ['GROUPNETWORKS', /\b(?:community (?:infrastructure|networks?)(?: and networks)?|networks?|infrastructure)\b/],
  ['GROUPSKILLS', /\b(?:(?:group|community|groups) (?:knowledge|skills|attitudes|behaviours|behaviors)|skills and knowledge|knowledge and skills)\b/],
  ['SOCIALCOHESION', /\b(?:social (?:cohesion|connection|connections|connectedness|inclusion)|cohesion|connectedness|belonging)\b/],
];

const LATEST_SESSION = /\b(?:the )?(?:last|latest|most recent|newest|previous|recent) session\b|\blast time\b/;
/** "delete the last one" in a sentence about sessions. */
const LATEST_ONE = /\bthe (?:last|latest|most recent) one\b/;
const LAST_WEEK_SESSION = /\b(?:the )?(?:last weeks|last week) session\b|\b(?:the )?session (?:from |of )?last week\b/;
const LATEST_SESSION_OF = /\b(?:the )?(?:last|latest|most recent) ((?:[a-z0-9-]+ ){1,4}?)session\b/;
/** "last week's shed session": the case file's words between "last week's" and "session". */
const LAST_WEEK_SESSION_OF = /\b(?:the )?last (?:weeks|week's|week) ((?:[a-z0-9-]+ ){1,4}?)session\b/;
/** "last week" on its own: the session held last week ("who came to wed seniors last week", "copy last week's score"). */
const LAST_WEEK = /\blast (?:weeks|week's|week)\b(?! session)/;
/** "yesterday's Men's Shed session", "monday's carers session": a day, the case file's words, then "session". */
// A weekday counts only with its possessive ("monday's"): "the Men's Shed Tuesday session" is that case file's session.
const DAY_SESSION_OF = /\b(?:(yesterday|today)(?:s|'s)?|(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:s|'s)) ((?:[a-z0-9'-]+ ){0,4}?)session\b/;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The day "yesterday", "today" or a weekday (the latest one not in the future) stands for. */
function dayNamed(word: string, now: DateTime): string {
  if (word === 'today') return now.toISODate()!;
  if (word === 'yesterday') return now.minus({ days: 1 }).toISODate()!;
  const back = (now.weekday - 1 - WEEKDAYS.indexOf(word) + 7) % 7;
  return now.minus({ days: back }).toISODate()!;
}

const EVERYONE = /\b(?:everyone|everybody|all of them|all (?:the )?(?:clients?|participants|people|members))\b/;

/** The sentence as one lower-case string, each word's place in it remembered, so matches map back to words. */
type Layout = { text: string; spans: [number, number][] };

function layout(words: readonly Word[], claimed: readonly (SlotKind | undefined)[], forDates: boolean): Layout {
  let text = '';
  const spans: [number, number][] = [];
  for (const [i, w] of words.entries()) {
    let t = forDates ? (bareTime(words, i) ?? dateWord(slotWord(w))) : slotWord(w);
    // "this mornings group": the morning.
    if (forDates && t === 'mornings' && words[i - 1]?.low === 'this') t = 'morning';
    if (claimed[i]) t = '#'.repeat(t.length);
    if (text) text += ' ';
    spans.push([text.length, text.length + t.length]);
    text += t;
  }
  return { text, spans };
}

/** Shortened days as texted ("yday", "tues", "thurs"), and "sesh" or "sessn" as the session they stand for. */
const SHORT_DAYS: Record<string, string> = {
  yday: 'yesterday',
  ydays: 'yesterdays',
  tues: 'tuesday',
  thur: 'thursday',
  thurs: 'thursday',
  weds: 'wednesday',
};
function slotWord(w: Word): string {
  if (w.norm === 'session' || w.norm === 'sessions') return w.norm;
  return SHORT_DAYS[w.low] ?? w.low;
}

const HOUR_RANGE = /^(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?(?:am|pm)?-(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?(?:am|pm)?$/;

/** Words chrono reads better in their full form. */
function dateWord(low: string): string {
  // "10-12", "9:30-11am": hours joined by a hyphen are a range, as "10 to 12" (a date with hyphens carries a year).
  if (HOUR_RANGE.test(low)) return low.replace('-', ' to ');
  if (low === 'yesterdays') return 'yesterday';
  if (low === 'todays') return 'today';
  if (low === 'arvo') return 'afternoon';
  if (low === 'till' || low === 'til' || low === 'until') return 'to';
  return low;
}

/** "0900 to 1130", "from 930 till 11": a time typed without its colon, read only beside a word that says it is a time. */
const BARE_TIME = /^([01]?\d|2[0-3])([0-5]\d)$/;
const TIME_NEIGHBOURS = new Set(['to', 'till', 'til', 'until', 'from', 'at', '-', 'am', 'pm']);
function bareTime(words: readonly Word[], i: number): string | undefined {
  const m = BARE_TIME.exec(words[i]!.low);
  if (!m || words[i]!.low.length < 3) return undefined;
  const beside = [words[i - 1]?.low, words[i + 1]?.low];
  return beside.some((b) => b !== undefined && (TIME_NEIGHBOURS.has(b) || BARE_TIME.test(b))) ? `${Number(m[1])}:${m[2]}` : undefined;
}

function wordsIn(l: Layout, from: number, to: number): number[] {
  const out: number[] = [];
  for (const [i, [s, e]] of l.spans.entries()) if (s < to && e > from) out.push(i);
  return out;
}

function claim(claimed: (SlotKind | undefined)[], indices: number[], kind: SlotKind): void {
  for (const i of indices) claimed[i] = kind;
}

/** "the 11th", "on the 3rd": a day of the current month, or of the month before when that day is still ahead. */
const dayOfMonth = new chrono.Chrono(chrono.en.GB.clone());
dayOfMonth.parsers.push({
  pattern: () => /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b(?! of\b)(?! (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i,
  extract: (context, match) => {
    const day = Number(match[1]);
    const ref = context.reference.instant;
    let month = ref.getMonth() + 1;
    let year = ref.getFullYear();
    if (day > ref.getDate()) {
      month -= 1;
      if (month === 0) {
        month = 12;
        year -= 1;
      }
    }
    return { day, month, year };
  },
});

/** "friday just gone", "the monday just gone": the latest such day before today. */
dayOfMonth.parsers.push({
  pattern: () => /\b(?:the )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday) just gone\b/i,
  extract: (context, match) => {
    const ref = DateTime.fromJSDate(context.reference.instant);
    const back = (ref.weekday - 1 - WEEKDAYS.indexOf(match[1]!.toLowerCase()) + 7) % 7 || 7;
    const day = ref.minus({ days: back });
    return { day: day.day, month: day.month, year: day.year };
  },
});

/** Words that may follow a weekday that is a date ("on monday at 10", "on tuesday arvo"), unlike the rest of a name. */
const AFTER_A_DAY = new Set([
  'at',
  'for',
  'from',
  'to',
  'till',
  'til',
  'until',
  'and',
  'in',
  'morning',
  'afternoon',
  'arvo',
  'evening',
  'night',
  'am',
  'pm',
  'the',
  'last',
  'just',
  'between',
  'around',
  'about',
  'by',
  'with',
  'session',
  'sessions',
  'please',
  'thanks',
  'mate',
  'yet',
  'too',
  'as',
  'was',
  'were',
  'we',
  'i',
  'they',
  'it',
  'instead',
  'then',
  'or',
  'but',
  'if',
  'so',
  'because',
  'when',
  'week',
  'gone',
]);

const WEEKDAY_ONLY = /^(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)s?$/;

/**
 * Reads dates, times, lengths of time, a session ("last session", "last week's session", "the 15 Oct
 * session"), "everyone" and a Community SCORE domain out of a sentence. `now` is in the organisation's
 * zone; dates are read day first, and a weekday on its own means the latest one that is not in the future.
 */
export function readSlots(words: readonly Word[], now: DateTime): SentenceSlots {
  const claimed: (SlotKind | undefined)[] = words.map(() => undefined);
  const slots: SentenceSlots = { claimed };
  const plain = layout(words, claimed, false);

  const lastWeek = LAST_WEEK_SESSION.exec(plain.text);
  const latest = lastWeek ? null : (LATEST_SESSION.exec(plain.text) ?? (/\bsessions?\b/.test(plain.text) ? LATEST_ONE.exec(plain.text) : null));
  if (lastWeek) {
    slots.session = { kind: 'lastWeek' };
    claim(claimed, wordsIn(plain, lastWeek.index, lastWeek.index + lastWeek[0].length), 'session');
  } else if (latest) {
    slots.session = { kind: 'latest' };
    claim(claimed, wordsIn(plain, latest.index, latest.index + latest[0].length), 'session');
  } else {
    const weekNamed = LAST_WEEK_SESSION_OF.exec(plain.text);
    const named = weekNamed ?? LATEST_SESSION_OF.exec(plain.text);
    const onDay = named ? null : DAY_SESSION_OF.exec(plain.text);
    const found = named ?? onDay;
    const middleText = (onDay ? onDay[3] : named?.[1]) ?? '';
    if (found && !/\b(?:week|weeks|session|last|a|an|new|another)\b/.test(middleText)) {
      slots.session = onDay ? { kind: 'date', date: dayNamed((onDay[1] ?? onDay[2])!, now) } : weekNamed ? { kind: 'lastWeek' } : { kind: 'latest' };
      // For a new session, the day is also when it was held, and a time said apart joins it ("yesterday's session, 10am to 12pm").
      if (slots.session.kind === 'date') slots.when = { date: slots.session.date };
      const all = wordsIn(plain, found.index, found.index + found[0].length);
      claim(claimed, all, 'session');
      if (middleText.trim()) {
        const middleStart = found.index + found[0].length - 'session'.length - middleText.length;
        slots.sessionOf = wordsIn(plain, middleStart, middleStart + middleText.trimEnd().length);
      }
    } else {
      const week = LAST_WEEK.exec(plain.text);
      if (week) {
        slots.session = { kind: 'lastWeek' };
        claim(claimed, wordsIn(plain, week.index, week.index + week[0].length), 'session');
      }
    }
  }

  for (const [pattern, minutesOf] of DURATIONS) {
    const m = pattern.exec(layout(words, claimed, false).text);
    if (!m) continue;
    const minutes = minutesOf(m);
    if (minutes === undefined || minutes <= 0) continue;
    slots.minutes = minutes;
    claim(claimed, wordsIn(plain, m.index, m.index + m[0].length), 'duration');
    break;
  }

  const everyone = EVERYONE.exec(layout(words, claimed, false).text);
  if (everyone) {
    slots.everyone = true;
    claim(claimed, wordsIn(plain, everyone.index, everyone.index + everyone[0].length), 'everyone');
  }

  for (const [code, pattern] of DOMAIN_NAMES) {
    const m = pattern.exec(layout(words, claimed, false).text);
    if (!m) continue;
    slots.domain = code;
    claim(claimed, wordsIn(plain, m.index, m.index + m[0].length), 'domain');
    break;
  }

  readDates(words, claimed, slots, now);
  return slots;
}

/** A date written with slashes whose second number can only be a day (dots and dashes also write times and ranges). */
const MONTH_FIRST = /(?<![\d/])(?:0?[1-9]|1[0-2])\/(?:1[3-9]|2\d|3[01])(?!\d)/;

function readDates(words: readonly Word[], claimed: (SlotKind | undefined)[], slots: SentenceSlots, now: DateTime): void {
  const l = layout(words, claimed, true);
  // chrono reads the reference's wall-clock fields, so it gets the organisation's local time as a local Date.
  const reference = new Date(now.year, now.month - 1, now.day, now.hour, now.minute);
  const results = dayOfMonth.parse(l.text, reference, { forwardDate: false });
  for (const r of results) {
    const at = wordsIn(l, r.index, r.index + r.text.length);
    const before = words[at[0]! - 1]?.low;
    // "wednesday seniors", "Men's Shed Tuesday": a weekday alone, with no "on"/"last" and no time, names a group.
    // ("monday's session" names a day.)
    const next = words[at.at(-1)! + 1]?.norm;
    const lone = /^(?:(on|last|this) )?(\S+?)(?:'s)?$/.exec(r.text.trim());
    if (lone && WEEKDAY_ONLY.test(lone[2]!) && next !== 'session') {
      const said = lone[1] ?? before;
      if (said !== 'on' && said !== 'last' && said !== 'this' && said !== 'from') continue;
      // "a client on wed seniors": even after "on", a weekday followed by more of a name is the name.
      if (next && /^[a-z][a-z'-]*$/.test(next) && !AFTER_A_DAY.has(next)) continue;
    }
    if (r.text.trim() === 'now') continue;
    // Dates are day first: "11/28/2026" cannot be read that way, and reading it month first would be a guess.
    // Its words are taken (they are no part of a name), and the date is asked for.
    if (MONTH_FIRST.test(r.text)) {
      claim(claimed, at, 'when');
      continue;
    }
    let start = DateTime.fromObject(
      {
        year: r.start.get('year')!,
        month: r.start.get('month')!,
        day: r.start.get('day')!,
        hour: r.start.get('hour') ?? 0,
        minute: r.start.get('minute') ?? 0,
      },
      { zone: now.zone },
    );
    const hasTime = r.start.isCertain('hour');
    // A weekday said without a date is the latest such day: sessions are recorded after they happen.
    if (!r.start.isCertain('day') && start.startOf('day') > now.startOf('day')) start = start.minus({ weeks: 1 });
    const date = start.toISODate()!;
    const saysDay = r.start.isCertain('day') || r.start.isCertain('weekday');
    const after = words[at.at(-1)! + 1]?.norm;
    const beforeSession =
      words[at[0]! - 1]?.norm === 'session' || (words[at[0]! - 2]?.norm === 'session' && ['on', 'from', 'of', 'held'].includes(before ?? ''));
    const when: SaidWhen = hasTime ? { date, time: start.toFormat('HH:mm') } : { date };
    const span = r.end?.isCertain('hour')
      ? start.set({ hour: r.end.get('hour')!, minute: r.end.get('minute') ?? 0 }).diff(start, 'minutes').minutes
      : undefined;
    // "11 till 1": an end hour before the start, said without am/pm, is past midday.
    const minutes = span !== undefined && span <= 0 && !r.end!.isCertain('meridiem') && r.end!.get('hour')! < 12 ? span + 12 * 60 : span;
    const between = !slots.session && saysDay && !hasTime ? caseWordsBeforeSession(words, claimed, at.at(-1)! + 1) : undefined;
    if (!slots.session && saysDay && (after === 'session' || after === 'sessions' || beforeSession)) {
      // "yesterday's session": names a session, and for a new session says when it was held.
      slots.session = { kind: 'date', date };
      claim(claimed, at, 'session');
      if (after === 'session') claimed[at.at(-1)! + 1] = 'session';
      // "the session from monday": the session and its preposition go with the date.
      else if (beforeSession && words[at[0]! - 1]?.norm !== 'session') claim(claimed, [at[0]! - 2, at[0]! - 1], 'session');
      else if (beforeSession) claimed[at[0]! - 1] = 'session';
    } else if (between) {
      // "the 10 nov coffee and chat session": the date names that case file's session.
      slots.session = { kind: 'date', date };
      claim(claimed, [...at, ...between, between.at(-1)! + 1], 'session');
      slots.sessionOf = between;
    } else if (slots.when) {
      // "today ... 10am": a time said apart from its day.
      if (slots.when.time || !hasTime || saysDay) continue;
      claim(claimed, at, 'when');
    } else {
      claim(claimed, at, 'when');
    }
    if (!slots.when || (!slots.when.time && hasTime && !saysDay)) {
      slots.when = slots.when && !saysDay ? { date: slots.when.date, time: when.time! } : when;
      if (minutes !== undefined && minutes > 0 && slots.minutes === undefined) slots.minutes = minutes;
    }
  }
}

/** Words after a date that name a case file before "session" ("10 nov coffee and chat session"): at most four, no preposition or detail among them. */
function caseWordsBeforeSession(words: readonly Word[], claimed: readonly (SlotKind | undefined)[], from: number): number[] | undefined {
  const out: number[] = [];
  for (let i = from; i < words.length && out.length <= 4; i++) {
    if (words[i]!.norm === 'session') return out.length ? out : undefined;
    if (claimed[i] || !/^[a-z][a-z'-]*$/.test(words[i]!.low) || DETAIL_WORDS.has(words[i]!.low)) return undefined;
    out.push(i);
  }
  return undefined;
}
const DETAIL_WORDS = new Set(['for', 'to', 'at', 'from', 'on', 'in', 'with', 'of', 'by', 'the', 'a', 'an', 'was', 'is', 'we', 'i']);

/** The date (and time) said in a short typed answer such as "on the 3rd of November at 10:30am" or "monday arvo". */
export function readWhenIn(words: readonly Word[], now: DateTime): SaidWhen | undefined {
  const slots = readSlots(words, now);
  return slots.when ?? (slots.session?.kind === 'date' ? { date: slots.session.date } : undefined);
}
