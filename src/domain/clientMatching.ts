/**
 * Finding people in an organisation's client list. Duplicate clients break Community SCORE and reporting,
 * so staff look a person up before creating them, and a new client that looks like an existing one is
 * pointed out before it is saved.
 */
import { fuzzyFind } from '../search/fuzzyMatch';
import { isValidSlk, normaliseName } from './slk';

/** The fields a person search needs; repository listings and full client records both fit. */
export type ClientLike = { clientId: string; givenName: string; familyName: string; birthDate: string; slk: string };

export type NewClientLike = Pick<ClientLike, 'givenName' | 'familyName' | 'birthDate' | 'slk'>;

export type DuplicateReason = 'sameSlk' | 'similarNameSameBirthDate';

export type LikelyDuplicate<T> = { client: T; reason: DuplicateReason };

/**
 * Clients whose name is like `query`, best first, tolerant of typos and of given and family name in either
 * order. A client id or a full SLK typed exactly finds that client alone.
 */
export function findClients<T extends ClientLike>(query: string, clients: readonly T[], limit = 8): T[] {
  const q = query.trim();
  if (!q) return [];
  const byKey = clients.filter((c) => c.clientId.toLowerCase() === q.toLowerCase() || (isValidSlk(q.toUpperCase()) && c.slk === q.toUpperCase()));
  if (byKey.length) return byKey.slice(0, limit);
  const items = clients.map((client) => ({
    client,
    key: client.clientId,
    label: `${client.givenName} ${client.familyName}`,
    extra: [`${client.familyName} ${client.givenName}`, client.familyName, client.givenName],
  }));
  return fuzzyFind(q, items, limit).map((i) => i.client);
}

/**
 * Existing clients that are probably the person about to be created: the same SLK, or a name that differs
 * only by a typo or two (given and family name possibly swapped) with the same date of birth. A different
 * SLK alone proves little, since a one-letter slip in a name changes it.
 */
export function likelyDuplicates<T extends ClientLike>(candidate: NewClientLike, clients: readonly T[]): LikelyDuplicate<T>[] {
  const found: LikelyDuplicate<T>[] = [];
  for (const client of clients) {
    if (client.slk === candidate.slk) {
      found.push({ client, reason: 'sameSlk' });
    } else if (client.birthDate === candidate.birthDate && similarPerson(candidate, client)) {
      found.push({ client, reason: 'similarNameSameBirthDate' });
    }
  }
  return found;
}

function similarPerson(a: Pick<ClientLike, 'givenName' | 'familyName'>, b: Pick<ClientLike, 'givenName' | 'familyName'>): boolean {
  return (
    (namesClose(a.givenName, b.givenName) && namesClose(a.familyName, b.familyName)) ||
    (namesClose(a.givenName, b.familyName) && namesClose(a.familyName, b.givenName))
  );
}

/**
 * Two names are close when, reduced to the letters SLK-581 counts, they are equal or a few edits apart:
 * none for names of up to three letters (so "Li" and "Lu" are different people), one for up to seven
 * ("Jon" and "John", "Smith" and "Smyth"), two for longer names.
 */
export function namesClose(a: string, b: string): boolean {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const longer = Math.max(x.length, y.length);
  const allowed = longer <= 3 ? 0 : longer <= 7 ? 1 : 2;
  if (Math.abs(x.length - y.length) > allowed) return false;
  return editDistance(x, y) <= allowed;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each count 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[rows - 1]![cols - 1]!;
}
