/**
 * Statistical linkage key 581 (SLK-581), as defined by METeOR item 686238
 * (https://meteor.aihw.gov.au/content/686238) and used by the Data Exchange to link a client's records
 * without sending their name.
 *
 * Layout, 14 characters: `XXXXXDDMMYYYYX`
 *   - characters 1–3: the 2nd, 3rd and 5th letters of the family name
 *   - characters 4–5: the 2nd and 3rd letters of the given name
 *   - characters 6–13: date of birth as DDMMYYYY
 *   - character 14: sex, 1 male, 2 female, 3 other, 9 not stated / inadequately described
 *
 * METeOR's name rules: non-alphabetic characters (hyphens, apostrophes, spaces, digits, full stops) are
 * skipped, so letters are counted through the whole name; letters are recorded in upper case; a name too
 * short to supply a letter has `2` in each missing position; a family name that is missing altogether is
 * `999` and a given name that is missing altogether is `99`.
 */
import { isRealCalendarDate } from './calendar';

export interface SlkInput {
  familyName: string | null | undefined;
  givenName: string | null | undefined;
  /** ISO calendar date, `YYYY-MM-DD`. */
  birthDate: string;
  /**
   * A DEX gender code (`MALE`, `FEMALE`, `OTHER`, `NOTSTATED`, or the 2015 list's `INTERSEX`), a common
   * short form (`M`, `F`, `X`, `U`), or the SLK digit itself.
   */
  sex: string;
}

const SEX_DIGITS: Readonly<Record<string, '1' | '2' | '3' | '9'>> = {
  MALE: '1',
  M: '1',
  '1': '1',
  FEMALE: '2',
  F: '2',
  '2': '2',
  OTHER: '3',
  INTERSEX: '3',
  INDETERMINATE: '3',
  X: '3',
  '3': '3',
  NOTSTATED: '9',
  NOT_STATED: '9',
  UNKNOWN: '9',
  U: '9',
  '9': '9',
};

/**
 * Letters that Unicode canonical decomposition does not split into a base letter plus accent, so
 * stripping combining marks alone would drop them instead of keeping their plain Latin equivalent.
 */
const LATIN_EQUIVALENTS: Readonly<Record<string, string>> = {
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'O',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
  Ħ: 'H',
  ß: 'SS',
  ẞ: 'SS',
};

/**
 * Reduces a name to the upper-case letters A–Z that SLK-581 counts.
 *
 * DEX records names in the Latin alphabet, but staff type names as the client spells them, so accented
 * letters are mapped to their base letter ('É' → 'E', 'Ñ' → 'N', 'Ø' → 'O') rather than dropped: dropping
 * them would shift every later letter and give a different key for "Zoë" and "Zoe". Everything else that
 * is not a letter A–Z (hyphens, apostrophes, spaces, digits, letters of other scripts) is removed.
 *
 * Full-width letters (typed with some East Asian keyboards) are folded to ordinary ones first.
 *
 * The same reduction makes names comparable when looking for duplicate clients: "O'Brien", "OBrien" and
 * "o brien" all become "OBRIEN".
 */
export function normaliseName(name: string | null | undefined): string {
  if (name === null || name === undefined) {
    return '';
  }
  // NFKC first folds full-width and other compatibility forms ("Ｓｍｉｔｈ" → "Smith") so their letters count.
  const upper = name.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
  let out = '';
  for (const ch of upper) {
    out += LATIN_EQUIVALENTS[ch] ?? ch;
  }
  return out.replace(/[^A-Z]/g, '');
}

/**
 * Picks the letters at the given 1-based positions, padding each missing one with '2'. A name with no
 * letters at all after normalisation (blank, or only punctuation such as "-" typed as a placeholder) is
 * treated as missing and yields `missingCode`.
 */
function nameLetters(name: string | null | undefined, positions: readonly number[], missingCode: string): string {
  const letters = normaliseName(name);
  if (letters.length === 0) {
    return missingCode;
  }
  return positions.map((p) => letters.charAt(p - 1) || '2').join('');
}

export function familyNameLetters(familyName: string | null | undefined): string {
  return nameLetters(familyName, [2, 3, 5], '999');
}

export function givenNameLetters(givenName: string | null | undefined): string {
  return nameLetters(givenName, [2, 3], '99');
}

/**
 * Maps a gender code to the SLK sex digit. Codes that are not recognised count as "inadequately
 * described", which METeOR codes as 9, the same as not stated.
 */
export function slkSexDigit(sex: string | null | undefined): '1' | '2' | '3' | '9' {
  const key = (sex ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '');
  return SEX_DIGITS[key] ?? '9';
}

/** Converts `YYYY-MM-DD` to the key's `DDMMYYYY`; throws on anything that is not a real calendar date. */
function birthDateDigits(birthDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate.trim());
  if (!m) {
    throw new RangeError(`Birth date must be written YYYY-MM-DD, got "${birthDate}"`);
  }
  const [, yyyy = '', mm = '', dd = ''] = m;
  if (!isRealCalendarDate(Number(yyyy), Number(mm), Number(dd))) {
    throw new RangeError(`Birth date "${birthDate}" is not a real calendar date`);
  }
  return `${dd}${mm}${yyyy}`;
}

/**
 * Computes the 14-character SLK-581 for a client.
 *
 * Worked example, checked by hand against the METeOR rule: family name "Smith-Jones" → letters
 * S M I T H J O N E S; 2nd M, 3rd I, 5th H → "MIH". Given name "Mary" → letters M A R Y; 2nd A, 3rd R →
 * "AR". Born 3 July 1951 → "03071951". Female → "2". Key: "MIHAR030719512".
 *
 * @throws RangeError when `birthDate` is not a real `YYYY-MM-DD` date.
 */
export function computeSlk(input: SlkInput): string {
  return familyNameLetters(input.familyName) + givenNameLetters(input.givenName) + birthDateDigits(input.birthDate) + slkSexDigit(input.sex);
}

/**
 * The shapes a name part can take: all letters, letters followed by padding (padding only ever fills the
 * trailing positions, because a name too short for one letter is too short for every later one), or the
 * missing-name code.
 */
const SLK_PATTERN = /^([A-Z]{3}|[A-Z]{2}2|[A-Z]22|222|999)([A-Z]{2}|[A-Z]2|22|99)(\d{2})(\d{2})(\d{4})([1239])$/;

/** Checks that `s` has the shape of an SLK-581, including a real birth date. Case-sensitive: keys are upper case. */
export function isValidSlk(s: string): boolean {
  const m = SLK_PATTERN.exec(s);
  if (!m) {
    return false;
  }
  const [, , , dd = '', mm = '', yyyy = ''] = m;
  return isRealCalendarDate(Number(yyyy), Number(mm), Number(dd));
}
