/**
 * Names and free text as they are stored: Unicode NFC, trimmed, runs of spaces collapsed to one; no
 * control characters, no invisible (format) characters, no bidirectional overrides, no byte-order marks,
 * no lone surrogates. Such characters arrive by pasting from other programs; stored, they make names that
 * look identical compare different, hide text on screen and can corrupt the file sent to DSS. Apostrophes
 * and hyphens are ordinary characters and are kept ("O'Connor", "Men's shed").
 */
import { z } from 'zod';

export type TextKind = 'line' | 'multiline';

/** Characters refused anywhere, with the words a person needs to understand what was found. */
const REFUSED: { pattern: RegExp; what: string }[] = [
  { pattern: /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u, what: 'a hidden text-direction mark' },
  { pattern: /\uFEFF/u, what: 'a hidden byte-order mark' },
  { pattern: /\p{Cs}/u, what: 'a broken character (half of an emoji or symbol)' },
  { pattern: /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u, what: 'an invisible character' },
  { pattern: /[\p{Cc}\u2028\u2029]/u, what: 'a control character (such as a tab or line break)' },
  { pattern: /[\p{Co}\p{Cn}]/u, what: 'a character that is not a letter, digit or symbol' },
];

export type CleanText = { ok: true; value: string } | { ok: false; what: string; codePoint: string };

function hex(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The text as stored, or what in it is refused. Multi-line text (an overview, a note) keeps its line
 * breaks (as `\n`) and has each line tidied; a name or id is one line.
 */
export function cleanText(raw: string, kind: TextKind = 'line'): CleanText {
  const text = kind === 'multiline' ? raw.replace(/\r\n?/g, '\n') : raw;
  const lines = kind === 'multiline' ? text.split('\n') : [text];
  for (const line of lines) {
    for (const rule of REFUSED) {
      const m = rule.pattern.exec(line);
      if (m) return { ok: false, what: rule.what, codePoint: hex(m[0]) };
    }
  }
  const tidy = (s: string) =>
    s
      .normalize('NFC')
      .replace(/\p{Zs}+/gu, ' ')
      .trim();
  const value =
    kind === 'multiline'
      ? lines
          .map(tidy)
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim()
      : tidy(text);
  return { ok: true, value };
}

/** The refusal in words naming the field, e.g. "The given name contains an invisible character (U+200B)…". */
export function uncleanMessage(label: string, found: { what: string; codePoint: string }): string {
  return `${label} contains ${found.what} (${found.codePoint}), usually from copying and pasting. Type it again by hand, without pasting.`;
}

/**
 * A zod string for a name or free-text input: cleaned as above (the parsed value is the stored form), or
 * an issue naming the field. Length limits apply to the cleaned text.
 */
export function textField(label: string, options: { kind?: TextKind; min?: number; max?: number } = {}) {
  const { kind = 'line', min = 0, max } = options;
  return z.string().transform((raw, ctx) => {
    const cleaned = cleanText(raw, kind);
    if (!cleaned.ok) {
      ctx.addIssue({ code: 'custom', message: uncleanMessage(label, cleaned) });
      return z.NEVER;
    }
    const length = [...cleaned.value].length;
    if (length < min) {
      ctx.addIssue({ code: 'custom', message: min === 1 ? `${label} is required.` : `${label} needs at least ${min} characters.` });
      return z.NEVER;
    }
    if (max !== undefined && length > max) {
      ctx.addIssue({ code: 'custom', message: `${label} can be at most ${max} characters (it has ${length}).` });
      return z.NEVER;
    }
    return cleaned.value;
  });
}
