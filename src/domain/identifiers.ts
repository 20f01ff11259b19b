import { randomInt } from 'node:crypto';
import type { DateTime } from 'luxon';

// Crockford-style alphabet without I, L, O, U so ids read aloud over the phone are not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** One rule for every id staff type in (DEX case ids, session ids), so each question accepts the same ids. */
export const TYPED_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _./-]{0,49}$/;

export type RandomSource = (maxExclusive: number) => number;

function randomCode(length: number, random: RandomSource): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[random(ALPHABET.length)];
  return s;
}

/** A DEX case id that carries no personal information: the creation month plus a random part. */
export function generateCaseId(now: DateTime, random: RandomSource = randomInt): string {
  return `CF-${now.toFormat('yyMM')}-${randomCode(5, random)}`;
}

/** A session id unique within its case: the session's date plus the first free sequence number that day. */
export function generateSessionId(startsAt: DateTime, takenIds: ReadonlySet<string>): string {
  const day = startsAt.toFormat('yyyyMMdd');
  for (let n = 1; ; n++) {
    const candidate = `S-${day}-${n}`;
    if (!takenIds.has(candidate)) return candidate;
  }
}

/** A client id for DEX: random, so it reveals nothing about the person. */
export function generateClientId(random: RandomSource = randomInt): string {
  return `CL-${randomCode(8, random)}`;
}
