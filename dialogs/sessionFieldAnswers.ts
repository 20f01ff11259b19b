import { DateTime } from 'luxon';
import type { CaseFile } from '../src/domain/caseFile';
import { formatDuration } from '../src/domain/dateFormat';
import { parseDuration } from '../src/domain/durations';
import { parseSessionDateTime } from '../src/domain/typedDates';
import { TYPED_ID_PATTERN } from '../src/domain/identifiers';
import {
  checkDuration,
  checkFreeText,
  checkIdentifierHasNoPersonalInfo,
  checkSessionDatePlausible,
  checkUnidentifiedCount,
  parseCount,
} from '../src/domain/rules';
import { cleanText, uncleanMessage } from '../src/domain/text';
import { sessionWhen } from '../src/domain/sessionListing';
import { normaliseWords } from '../src/understanding/lexicon';
import { readWhenIn } from '../src/understanding/slots';
import { splitWords } from '../src/understanding/words';

/** A typed answer for one session field, read and checked the same way when adding a session and when correcting one. */
export type FieldAnswer<T> = { ok: true; value: T; echo: string } | { ok: false; message: string };

type Names = { givenName: string; familyName: string }[];

/** `ownId`: the session being corrected keeps its own id without it counting as taken. */
export function readSessionId(typed: string, cf: CaseFile | undefined, names: Names, ownId?: string): FieldAnswer<string> {
  const cleaned = cleanText(typed);
  if (!cleaned.ok) return { ok: false, message: uncleanMessage('The session id', cleaned) };
  const sessionId = cleaned.value;
  if (!TYPED_ID_PATTERN.test(sessionId)) {
    return { ok: false, message: 'Session id: up to 50 letters, digits, spaces, dots, dashes, slashes or underscores, starting with a letter or digit.' };
  }
  const problem =
    checkFreeText('sessionId', sessionId) ??
    (cf?.sessions.some((s) => s.sessionId === sessionId && s.sessionId !== ownId)
      ? { message: `Session id ${sessionId} is already used in this case file. Each session needs its own id.` }
      : null) ??
    checkIdentifierHasNoPersonalInfo(sessionId, names, 'sessionId');
  return problem ? { ok: false, message: problem.message } : { ok: true, value: sessionId, echo: `Session id: ${sessionId}` };
}

/** The start as ISO with the organisation's offset; a date in the future or before the last closed period is refused. */
export function readStartsAt(typed: string, now: DateTime, zone: string): FieldAnswer<string> {
  const parsed = parseSessionDateTime(typed, now, zone);
  const value = parsed.ok ? parsed.value : spokenDate(typed, now, zone);
  if (!value) return { ok: false, message: `Date and time: ${parsed.ok ? '' : parsed.reason}` };
  const problem = checkSessionDatePlausible(value, now, zone);
  if (problem) return { ok: false, message: problem.message };
  const startsAt = value.toISO()!;
  return { ok: true, value: startsAt, echo: `Date and time: ${sessionWhen({ startsAt }, zone)}` };
}

/**
 * Dates said in words that the typed-date parser does not take ("on the 3rd of November at 10:30am",
 * "last wed at 10", "this arvo"), read as in a sentence. Numeric dates stay with the parser, whose
 * impossible-date messages ("31/02") are more useful than a guess; a time that daylight saving skips is refused.
 */
function spokenDate(typed: string, now: DateTime, zone: string): DateTime | undefined {
  if (/\d+\s*[/.-]\s*\d+/.test(typed)) return undefined;
  // "sometime last week", "this month": not a day, so asked again rather than guessed.
  if (/\b(?:week|weeks|fortnight|month|months|year|sometime|some time|around|about|ago|recently)\b/i.test(typed)) return undefined;
  const said = readWhenIn(normaliseWords(splitWords(typed)), now.setZone(zone));
  if (!said) return undefined;
  const value = DateTime.fromISO(`${said.date}T${said.time ?? '00:00'}`, { zone });
  return value.isValid && value.toFormat('HH:mm') === (said.time ?? '00:00') ? value : undefined;
}

export function readDuration(typed: string): FieldAnswer<number> {
  const parsed = parseDuration(typed);
  if (!parsed.ok) return { ok: false, message: `Duration: ${parsed.reason}` };
  const problem = checkDuration(parsed.minutes);
  return problem ? { ok: false, message: problem.message } : { ok: true, value: parsed.minutes, echo: `Duration: ${formatDuration(parsed.minutes)}` };
}

/** An empty answer (skipped) is 0, the usual count. */
export function readUnidentified(typed: string): FieldAnswer<number> {
  const n = typed === '' ? 0 : parseCount(typed);
  const problem = checkUnidentifiedCount(n, 'unidentifiedParticipants');
  return problem ? { ok: false, message: problem.message } : { ok: true, value: n, echo: `Unidentified participants: ${n}` };
}
