import Fuse from 'fuse.js';

export type Named = { key: string; label: string; extra?: string[] };

/**
 * Finds what a person meant by a short typed name: exact and prefix matches first, then typo-tolerant
 * matches (fuse.js, Bitap). Returns best first; an empty list means "nothing close".
 */
export function fuzzyFind<T extends Named>(query: string, items: readonly T[], limit = 5): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact = items.filter((i) => i.key.toLowerCase() === q || i.label.toLowerCase() === q);
  if (exact.length) return exact.slice(0, limit);
  const fuse = new Fuse(items as T[], {
    keys: [
      { name: 'label', weight: 0.7 },
      { name: 'key', weight: 0.2 },
      { name: 'extra', weight: 0.1 },
    ],
    threshold: 0.4,
    ignoreLocation: true,
    includeScore: true,
  });
  return fuse.search(q, { limit }).map((r) => r.item);
}

const SHORTEST_FUZZY_ANSWER = 4;

/** A typed answer to a list question: the option's number, its code, or (fuzzily) its wording. */
export function matchChoice<T extends Named>(text: string, choices: readonly T[]): T | undefined {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  const byCode = choices.find((c) => c.key.toLowerCase() === t.toLowerCase());
  if (byCode) return byCode;
  if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1];
  // Typo tolerance on a word of three letters or fewer finds something in almost any label ("yes" came out
  // as "Wednesday seniors social group"), so a short answer must begin a word of the option it picks.
  if (t.length < SHORTEST_FUZZY_ANSWER) {
    const lower = t.toLowerCase();
    const starting = choices.filter((c) =>
      c.label
        .toLowerCase()
        .split(/[^\p{L}\p{N}']+/u)
        .some((word) => word.startsWith(lower)),
    );
    return starting.length === 1 ? starting[0] : undefined;
  }
  const found = fuzzyFind(t, choices, 2);
  return found.length === 1 || (found.length > 1 && found[0]!.label.toLowerCase().startsWith(t.toLowerCase())) ? found[0] : undefined;
}
