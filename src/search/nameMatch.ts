import { typoAllowance, typoDistance } from '../understanding/words';

/** Words that say what kind of thing a name is rather than which one: "the walking group" is about "walking". */
const GENERIC = new Set([
  'the',
  'a',
  'an',
  'group',
  'groups',
  'case',
  'file',
  'casefile',
  'and',
  '&',
  'of',
  'for',
  'my',
  'our',
  'program',
  'programme',
  'class',
]);

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A typed word stands for a word of the name when it is the same, a start of it ("wed"), or one typo off. */
function wordMatches(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (typed.length >= 3 && word.startsWith(typed)) return true;
  const allowance = typoAllowance(Math.min(typed.length, word.length));
  return allowance > 0 && typoDistance(typed, word, allowance) <= allowance;
}

export type NameMatch<T> = {
  /** Every telling word typed is in the name: these are what the person meant. */
  sure: T[];
  /** Some telling words match: close, offered to pick from but never taken on their own. */
  close: T[];
};

/**
 * Finds which named things a typed name stands for. A name is taken only when every word that tells names
 * apart ("walking" in "the walking group") is in it, so "the walking group" never becomes "Wednesday seniors
 * social group" just because both are groups.
 */
export function matchName<T>(typed: string, items: readonly T[], nameOf: (item: T) => string, codeOf?: (item: T) => string | undefined): NameMatch<T> {
  const query = typed.trim().toLowerCase();
  if (!query) return { sure: [], close: [] };
  const byCode = codeOf ? items.filter((i) => codeOf(i)?.toLowerCase() === query) : [];
  if (byCode.length) return { sure: byCode, close: [] };
  const exact = items.filter((i) => nameOf(i).toLowerCase().replace(/['’]/g, '') === query.replace(/['’]/g, ''));
  if (exact.length) return { sure: exact, close: [] };
  const telling = wordsOf(query).filter((w) => !GENERIC.has(w));
  if (telling.length === 0) return { sure: [], close: [] };
  const scored = items.map((item) => {
    const words = wordsOf(nameOf(item));
    const hits = telling.filter((t) => words.some((w) => wordMatches(t, w))).length;
    return { item, share: hits / telling.length };
  });
  const sure = scored.filter((s) => s.share === 1).map((s) => s.item);
  const close = scored
    .filter((s) => s.share > 0 && s.share < 1)
    .sort((a, b) => b.share - a.share)
    .map((s) => s.item);
  return { sure, close };
}
