import type { StartOptions } from './answers';

const ASSIGN = /^(?:assign|allocate)\s+(.+?)(?:\s+(?:to|into|in|for|on)\s+(.+))?$/i;
const ADD = /^(?:add|put)\s+(.+?)(?:\s+(?:to|into|onto|in|for|on)\s+(.+))?$/i;
const PARTICIPANT_WORDS = /^(?:the\s+)?(?:participants?|attendees)$/i;
const NOBODY_NAMED = /^(?:the\s+|some\s+)?(?:participants?|clients?|people|attendees|someone)$/i;
const EVERYONE = /^(?:everyone|everybody|all|all (?:the )?(?:clients|participants))$/i;
const LATEST_SESSION = /^(?:the\s+)?(?:last|latest|most recent|newest)\s+session(?:\s+(?:of|in|for|on|at)\s+(?:the\s+)?(.+))?$/i;
const SOME_SESSION = /^(?:the\s+|a\s+)?session(?:\s+(?:of|in|for|on|at)\s+(?:the\s+)?(.+))?$/i;

/**
 * Reads "assign Alice and Sam to last session in Tuesday seniors group" into start options. "Add" is
 * read as assigning only when it is about participants or a session ("add Alice to last session");
 * "add Alice to Tuesday seniors group" is adding a client to the case file, another command.
 */
export function readAssignSentence(said: string): StartOptions | undefined {
  const assign = ASSIGN.exec(said);
  const add = assign ? undefined : ADD.exec(said);
  const m = assign ?? add;
  if (!m) return undefined;
  const who = m[1]!.trim();
  const where = m[2]?.trim();
  const latest = where ? LATEST_SESSION.exec(where) : null;
  const some = where && !latest ? SOME_SESSION.exec(where) : null;
  if (add && !PARTICIPANT_WORDS.test(who) && !latest && !some) return undefined;
  const options: StartOptions = {};
  if (EVERYONE.test(who)) options.everyone = true;
  else if (!NOBODY_NAMED.test(who)) options.names = who.split(/\s*(?:,|&|\band\b)\s*/i).filter(Boolean);
  if (latest) options.latest = true;
  const caseName = latest ? latest[1] : some ? some[1] : where?.replace(/^the\s+/i, '');
  if (caseName) options.caseName = caseName;
  return options;
}
