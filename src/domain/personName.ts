/**
 * A client's given and family names as DEX needs them. The statistical linkage key (SLK-581) is built
 * from letters A–Z of the names as spelled on the client's official documents, so a name typed in another
 * script (李, 王小明) cannot give a key: the person is asked for that English-alphabet spelling instead of
 * the key silently becoming the "name not stated" 999/99, which would also make unrelated clients born on
 * one day look like duplicates.
 */
import type { Problem } from './problem';
import { checkFreeText } from './rules';
import { normaliseName } from './slk';
import { cleanText, uncleanMessage } from './text';

export type NameField = 'givenName' | 'familyName';

const LABELS: Record<NameField, string> = { givenName: 'The given name', familyName: 'The family name' };

/** The name as stored (see `text.ts`), or the rule it breaks. Messages never repeat the name: they may be logged. */
export function cleanPersonName(field: NameField, raw: string): { ok: true; value: string } | { ok: false; problem: Problem } {
  const label = LABELS[field];
  const cleaned = cleanText(raw);
  if (!cleaned.ok) return { ok: false, problem: { code: 'text.invisibleCharacters', field, message: uncleanMessage(label, cleaned) } };
  const value = cleaned.value;
  if (!value) return { ok: false, problem: { code: `${field}.missing`, field, message: `${label} is required.` } };
  if (!/\p{L}/u.test(value)) return { ok: false, problem: { code: `${field}.noLetters`, field, message: `${label} must contain at least one letter.` } };
  const forbidden = checkFreeText(field, value);
  if (forbidden) return { ok: false, problem: forbidden };
  if (normaliseName(value) === '') {
    return {
      ok: false,
      problem: {
        code: `${field}.noLatinLetters`,
        field,
        message: `${label} has no letters of the English alphabet. DEX builds the client's linkage key (SLK) from the English-alphabet spelling on their official documents, such as a passport or Medicare card: please type that spelling.`,
      },
    };
  }
  return { ok: true, value };
}

export type NameSplit = { givenName: string; familyName: string };

/**
 * How a typed full name divides into given and family names. Two words divide one way; three or more
 * ("Mary Anne Smith", "Anna de Souza") could divide several ways, and guessing wrong gives the wrong SLK,
 * so every division is returned for the person to choose from, the last word alone as family name first.
 */
export function nameSplits(full: string): NameSplit[] {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return [];
  const splits: NameSplit[] = [];
  for (let i = words.length - 1; i >= 1; i--) splits.push({ givenName: words.slice(0, i).join(' '), familyName: words.slice(i).join(' ') });
  return splits;
}
