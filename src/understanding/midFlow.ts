import { likelyNavigation, navigationOf, type Navigation, type SmallTalk } from './navigation';
import type { Said, Understanding } from './recogniser';

/**
 * What a message typed while a flow waits for an answer is, in the order the main dialog settles it:
 * navigation first; then another command (answered on top, or offered as a switch) or small talk
 * (answered, and the question asked again); then a message that is probably navigation although not
 * quite in its words ("cancel everything", "what can you do"), which is asked about rather than kept; only
 * what is left reaches the step as its answer.
 */
export type MidFlowReading =
  | { kind: 'navigation'; nav: Navigation }
  | { kind: 'command'; command: string; said: Said }
  | { kind: 'smallTalk'; talk: SmallTalk }
  | { kind: 'maybeNavigation'; nav: Navigation }
  | { kind: 'answer' };

/** A goodbye that says the work is over rather than the chat. */
const ENDING = /\b(?:done|finished|that'?s (?:all|it))\b/;

const THANKS_AND_FILLER = new Set([
  'thanks',
  'thank',
  'you',
  'ta',
  'cheers',
  'thx',
  'ty',
  'ok',
  'okay',
  'heaps',
  'mate',
  'so',
  'much',
  'for',
  'that',
  'very',
  'great',
  'awesome',
  'cool',
  'lovely',
  'again',
  'legend',
  'all',
]);

function saysMoreThanThanks(text: string): boolean {
  return text
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .some((word) => word !== '' && !THANKS_AND_FILLER.has(word));
}

export function readMidFlow(text: string, understand: (text: string) => Understanding, openFlow?: string): MidFlowReading {
  const nav = navigationOf(text);
  if (nav) return { kind: 'navigation', nav };
  const u = understand(text);
  // Only a sign of the very flow that is open ("topic: transport" while session details asks) is its answer.
  if (u.kind === 'command' && u.bySign && u.command === openFlow) return { kind: 'answer' };
  if (u.kind === 'command') return { kind: 'command', command: u.command, said: u.said };
  // "im done" or "i'm finished" while a question waits may end the task or answer it ("any more clients?"):
  // asked, with Cancel offered, rather than a goodbye and the question again.
  if (u.kind === 'smallTalk' && u.talk === 'bye' && ENDING.test(text.trim().toLowerCase())) return { kind: 'maybeNavigation', nav: 'cancel' };
  // "no referrals thanks" answers the question politely; only thanks with nothing else in it is small talk.
  if (u.kind === 'smallTalk' && u.talk === 'thanks' && saysMoreThanThanks(text)) return { kind: 'answer' };
  if (u.kind === 'smallTalk') return u;
  // The recogniser's own help phrases ("what can you do") are not navigation words, but they ask for help, not answer.
  if (u.kind === 'help') return { kind: 'maybeNavigation', nav: 'help' };
  const likely = likelyNavigation(text);
  return likely ? { kind: 'maybeNavigation', nav: likely } : { kind: 'answer' };
}
