import { isCommandWord, normaliseWords } from './lexicon';
import { splitWords } from './words';

export type Navigation = 'cancel' | 'back' | 'help' | 'menu' | 'restart' | 'resume';
export type SmallTalk = 'thanks' | 'bye' | 'hello';

/** Words around a navigation word that change nothing: "cancel that please", "oops go back", "nah forget it". */
const FILLER = new Set([
  'please',
  'that',
  'this',
  'it',
  'now',
  'nah',
  'no',
  'oh',
  'wait',
  'erm',
  'er',
  'uh',
  'hmm',
  'hang',
  'on',
  'ok',
  'okay',
  'just',
  'um',
  'umm',
  'actually',
  'sorry',
  'mate',
  'one',
  'step',
  'the',
  'thanks',
  'hey',
  'yeah',
  'can',
  'you',
  'i',
  'want',
  'to',
  'lets',
  'let',
  'us',
  'me',
  'go',
  'take',
  'all',
  'whole',
  'thing',
  'for',
  'a',
  'again',
  'question',
  'me',
]);

/**
 * What each navigation is called once the filler is gone. "go" and "again" are filler, so "go back", "back",
 * "start again" and "start over" reduce to their core; phrases are compared word by word after that.
 */
const NAVIGATION: Record<Navigation, string[]> = {
  cancel: [
    'cancel',
    'stop',
    'quit',
    'exit',
    'abort',
    'never mind',
    'nevermind',
    'forget',
    'forget about',
    'dont worry',
    'dont worry about',
    'scrap',
    'leave',
    'dont want do',
    'dont want to do',
    'do not want do',
    'changed my mind',
    'end',
    'nope stop',
    'get out',
    'nvm',
    'nm',
    'not now',
    'give up',
    'ditch',
    'bail',
    'bin',
    'dont',
    'dont do anymore',
    'dont anymore',
    'stuff',
    'stuff that',
  ],
  // Not "last step": without its filler that is "last", and "the last one" answers which session.
  back: ['back', 'previous', 'prev', 'undo', 'step back', 'go back', 'previous step', 'oops', 'whoops', 'woops', 'wrong one'],
  help: [
    'help',
    '?',
    'dont understand',
    'do not understand',
    'confused',
    'im confused',
    'im stuck',
    'stuck',
    'what do put here',
    'what do i put here',
    'what does mean',
    'what does that mean',
    'what should i put',
    'what should put',
    'what do i type',
    'what do type',
    'explain',
    'huh',
    'what',
    'how does work',
    'how does this work',
    'what is asking',
    'dont get',
    'what goes here',
  ],
  menu: ['menu', 'main menu', 'show menu', 'home', 'options', 'show options'],
  restart: ['start over', 'restart', 'start', 'begin', 'from scratch', 'start from scratch', 'redo', 'start fresh', 'from top'],
  resume: ['continue', 'keep going', 'carry on', 'resume', 'where was i', 'where were we', 'go on', 'back to it', 'lets continue'],
};

const SMALL_TALK: Record<SmallTalk, string[]> = {
  thanks: [
    'thanks',
    'thank you',
    'thank',
    'ta',
    'cheers',
    'thanks heaps',
    'thank you so much',
    'thanks so much',
    'much appreciated',
    'legend',
    'ok thanks',
    'great thanks',
    'cheers mate',
    'ta mate',
    'perfect thanks',
    'awesome',
  ],
  bye: [
    'bye',
    'bye bye',
    'see ya',
    'see you',
    'see you later',
    'catch ya later',
    'catch you later',
    'later',
    'goodbye',
    'good night',
    'night',
    'cya',
    'ttyl',
    'have a good one',
    'im done',
    'thats all',
    'that is all',
  ],
  hello: [
    'hello',
    'hi',
    'hey',
    'gday',
    'g day',
    'howdy',
    'good morning',
    'good afternoon',
    'good evening',
    'morning',
    'afternoon',
    'yo',
    'hiya',
    'hi there',
    'hello there',
    'hey there',
    'oi',
  ],
};

function keyOf(text: string, dropFiller: boolean): string {
  // A question mark says nothing more: "help?" is "help".
  const words = normaliseWords(splitWords(text))
    .flatMap((w) => w.norm.split(' '))
    .filter((w) => w !== '?' && w !== ',');
  return (dropFiller ? words.filter((w) => !FILLER.has(w)) : words).join(' ');
}

const NAV_INDEX = new Map<string, Navigation>();
for (const [nav, phrases] of Object.entries(NAVIGATION) as [Navigation, string[]][]) {
  for (const p of phrases) {
    const key = p
      .split(' ')
      .filter((w) => !FILLER.has(w))
      .join(' ');
    if (key && !NAV_INDEX.has(key)) NAV_INDEX.set(key, nav);
  }
}
const TALK_INDEX = new Map<string, SmallTalk>();
for (const [talk, phrases] of Object.entries(SMALL_TALK) as [SmallTalk, string[]][]) for (const p of phrases) TALK_INDEX.set(p, talk);

/** At most this many words: a navigation request is short; a longer message is an answer or a command. */
const MAX_WORDS = 7;

/**
 * For phrases not in the lists: the word that says which navigation it is, and the other words that may
 * go with one ("i need help", "not sure what to put", "back to the menu"). A message counts only when every
 * word is one of these or filler, so "Back to basics cooking" or "Help at home program" stays an answer.
 */
const CORE: [Navigation, RegExp][] = [
  ['menu', /\b(?:menu|home)\b/],
  ['restart', /\b(?:restart|start over|start again|begin again|start|begin|beginning|scratch|redo|fresh|from top)\b/],
  ['help', /\b(?:help|confused|stuck|explain|dont understand|not sure|unsure|dont know|no idea|dont get)\b/],
  ['back', /\b(?:back|previous|prev|undo)\b/],
  ['cancel', /\b(?:cancel|stop|quit|exit|abort|nevermind|never mind|nvm|forget|scrap|leave|end|ditch|bail|give up|get out)\b|^dont(?: do)?(?: anymore)?$/],
  // Weaker signs, only when none of the words above is there: "oops wrong one" is a step back, "what goes here" asks for help.
  ['back', /\b(?:oops|whoops|woops|wrong|mistake)\b/],
  ['help', /\b(?:what|asking|mean)\b/],
];
const COMPANIONS = new Set([
  'cancel',
  'stop',
  'quit',
  'exit',
  'abort',
  'never',
  'mind',
  'nevermind',
  'nvm',
  'forget',
  'scrap',
  'leave',
  'end',
  'dont',
  'worry',
  'about',
  'do',
  'back',
  'previous',
  'prev',
  'undo',
  'last',
  'help',
  'need',
  'not',
  'sure',
  'what',
  'put',
  'type',
  'write',
  'understand',
  'confused',
  'stuck',
  'explain',
  'know',
  'idea',
  'unsure',
  'how',
  'mean',
  'does',
  'menu',
  'main',
  'home',
  'options',
  // "home screen", "main page": the place the menu is.
  'screen',
  'page',
  'restart',
  'start',
  'over',
  'begin',
  'scratch',
  'redo',
  'fresh',
  'from',
  'we',
  'here',
  'im',
  'am',
  'should',
  'some',
  'bit',
  'little',
  'get',
  'out',
  'of',
  'there',
  'ditch',
  'bail',
  'give',
  'up',
  'anymore',
  'any',
  'more',
  'top',
  'oops',
  'whoops',
  'woops',
  'wrong',
  'mistake',
  'made',
  'is',
  'asking',
  'ask',
  'goes',
  'supposed',
  'meant',
  'am',
  'this',
  'was',
  'beginning',
  'means',
  'stuff',
  'bring',
  'open',
  'display',
  'pull',
]);

/**
 * Cancel, back, help, menu or start over, in the forms staff type them ("never mind", "cancel that",
 * "stop please", "canel", "go back", "what do I put here"). Only the whole message counts, so an answer such
 * as "Stop smoking support" or "Back to basics cooking" is not taken for one.
 */
export function navigationOf(text: string): Navigation | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.split(/\s+/).length > MAX_WORDS) return undefined;
  if (/^\?+$/.test(trimmed)) return 'help';
  const key = keyOf(trimmed, true);
  if (!key) return undefined;
  const listed = NAV_INDEX.get(key);
  if (listed) return listed;
  if (!key.split(' ').every((w) => COMPANIONS.has(w))) return undefined;
  return CORE.find(([, core]) => core.test(key))?.[0];
}

/** A name typed with capitals after the first word ("Joan Cancel", "Stop Smoking support") is an answer, not a request. */
const NAMED = /^\S+\s.*\b\p{Lu}\p{Ll}/u;

/**
 * A short message that is not navigation as a whole but probably meant as one: a navigation word with at
 * most one other word besides filler ("cancel everything", "oops typo", "back pls mate"). Typed while a
 * flow waits, it is asked about rather than kept as the answer; longer names such as "stop smoking
 * support" or "back to basics cooking" carry two words of their own and stay answers.
 */
export function likelyNavigation(text: string): Navigation | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.split(/\s+/).length > 4 || NAMED.test(trimmed)) return undefined;
  const key = keyOf(trimmed, true);
  if (!key) return undefined;
  const words = key.split(' ');
  if (words.length > 3 || words.filter((w) => !COMPANIONS.has(w)).length > 1) return undefined;
  return CORE.find(([, core]) => core.test(key))?.[0];
}

/** "have a good arvo", "enjoy your weekend": a goodbye, whatever the part of the day. */
const PARTING =
  /^(?:you )?(?:have a|enjoy (?:the|your)) (?:(?:good|great|nice|lovely) )?(?:one|day|arvo|afternoon|morning|evening|night|weekend|week)(?: mate)?$/;

/** Words that may follow a greeting and leave it a greeting. */
const AFTER_A_GREETING = new Set(['mate', 'all', 'there', 'everyone', 'guys', 'team', 'folks', 'again', 'bot', 'dex']);

/** Thanks, goodbye or hello, said on their own. */
export function smallTalkOf(text: string): SmallTalk | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.split(/\s+/).length > 6) return undefined;
  const normalised = normaliseWords(splitWords(trimmed));
  const words = normalised.map((w) => w.low);
  const key = words.join(' ');
  const direct = TALK_INDEX.get(key);
  if (direct) return direct;
  if (PARTING.test(key)) return 'bye';
  // "ok thanks heaps mate", "thanks so much for that": thanks anywhere with nothing that asks for something.
  // A command word beside the thanks ("no more reminders thanks") makes it a request.
  const asks = normalised.some((w) => isCommandWord(w.norm));
  if (!asks && words.some((w) => w === 'thanks' || w === 'thank' || w === 'ta' || w === 'cheers' || w === 'thx') && words.length <= 5) return 'thanks';
  const two = TALK_INDEX.get(words.slice(0, 2).join(' '));
  const first = two ?? TALK_INDEX.get(words[0] ?? '');
  if (!first || words.length > 3) return undefined;
  // "hi mate", "morning all"; but "yo whats due" is a request after a greeting.
  if (first === 'hello' && !words.slice(two ? 2 : 1).every((w) => AFTER_A_GREETING.has(w))) return undefined;
  return first;
}

export const SMALL_TALK_REPLIES: Record<SmallTalk, string> = {
  thanks: 'No worries! Type **menu** when you need me again.',
  bye: 'See you later. Anything not saved stays where you left it.',
  hello: 'Hi! What would you like to do? Type **menu** for buttons, or just tell me, e.g. "add a session to Tuesday seniors group".',
};
