import type { DateTime } from 'luxon';
import type { CaseFile } from '../src/domain/caseFile';
import { formatDuration, parseDuration, parseSessionDateTime } from '../src/domain/dates';
import { TYPED_ID_PATTERN } from '../src/domain/identifiers';
import { checkDuration, checkFreeText, checkIdentifierHasNoPersonalInfo, checkSessionDatePlausible, checkUnidentifiedCount, parseCount } from '../src/domain/rules';
import { cleanText, uncleanMessage } from '../src/domain/text';
import { sessionWhen } from '../src/domain/sessionListing';

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
    (cf?.sessions.some((s) => s.sessionId === sessionId && s.sessionId !== ownId) ? { message: `Session id ${sessionId} is already used in this case file. Each session needs its own id.` } : null) ??
    checkIdentifierHasNoPersonalInfo(sessionId, names, 'sessionId');
  return problem ? { ok: false, message: problem.message } : { ok: true, value: sessionId, echo: `Session id: ${sessionId}` };
}

/** The start as ISO with the organisation's offset; a date in the future or before the last closed period is refused. */
export function readStartsAt(typed: string, now: DateTime, zone: string): FieldAnswer<string> {
  const parsed = parseSessionDateTime(typed, now, zone);
  if (!parsed.ok) return { ok: false, message: `Date and time: ${parsed.reason}` };
  const problem = checkSessionDatePlausible(parsed.value, now, zone);
  if (problem) return { ok: false, message: problem.message };
  const startsAt = parsed.value.toISO();
  return { ok: true, value: startsAt, echo: `Date and time: ${sessionWhen({ startsAt }, zone)}` };
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
  return problem ? { ok: false, message: `Unidentified participants: ${problem.message}` } : { ok: true, value: n, echo: `Unidentified participants: ${n}` };
}
