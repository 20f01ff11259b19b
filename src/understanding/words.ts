/**
 * Splitting a typed message into words that remember how they were typed, and the small word lists the
 * rest of understanding shares. Matching works on a lower-case, apostrophe-free form with typos of command
 * words corrected; names are always given back as typed, apostrophes and hyphens kept.
 */

export type Word = {
  /** As typed, surrounding punctuation removed: "O'Connor", "Mary-Jane", "10:30am". */
  raw: string;
  /** Lower case without apostrophes: "oconnor", "whats". */
  low: string;
  /** `low` with a typo of a command word corrected and a synonym replaced by the word the grammar uses. */
  norm: string;
  /** Character offset of `raw` in the message. */
  start: number;
};

// A plural possessive keeps its apostrophe: "Kids' Homework Club".
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’\-:./]*[\p{L}\p{N}](?:(?<=[sS])'(?![\p{L}\p{N}]))?|[\p{L}\p{N}]|[&,?]/gu;

/** Apostrophes of every kind become the plain one, so "O’Connor" and "O'Connor" are the same name. */
export function plainApostrophes(text: string): string {
  return text.replace(/[‘’ʼ`´]/g, "'").replace(/[“”]/g, '"');
}

/**
 * A dash between spaces or a colon closing a word sets off what follows, as a comma does: "new client for money
 * business - Priya Sharma", "new member for wed seniors: Elsie Ward". Same length, so offsets stay those typed.
 */
function commaLike(text: string): string {
  return text.replace(/ [-–—] /g, ' , ').replace(/(?<=[\p{L}\p{N}]):(?=\s)/gu, ',');
}

export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  for (const m of commaLike(plainApostrophes(text)).matchAll(WORD)) {
    let raw = m[0];
    // A trailing full stop or colon belongs to the sentence, not the word ("10am." / "Note:").
    raw = raw.replace(/[.:/]+$/, '');
    if (!raw) continue;
    const low = raw.toLowerCase().replace(/'/g, '');
    words.push({ raw, low, norm: low, start: m.index });
  }
  return words;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours), stopping early once it
 * exceeds `max`: typos are mostly one wrong, missing, extra or swapped letter.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still be recognised. */
export function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  return length >= 9 ? 2 : 1;
}
