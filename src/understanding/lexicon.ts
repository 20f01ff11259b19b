import { SYNONYMS } from './synonyms';
import { typoAllowance, typoDistance, type Word } from './words';

/**
 * The words commands are made of. A typed word within a typo or two of one of these (and not itself a
 * common word) is read as it.
 */
const COMMAND_WORDS = [
  'add',
  'new',
  'create',
  'record',
  'session',
  'sessions',
  'client',
  'clients',
  'participant',
  'participants',
  'attendance',
  'attendees',
  'attended',
  'assign',
  'status',
  'ready',
  'readiness',
  'missing',
  'community',
  'score',
  'scores',
  'details',
  'detail',
  'transfer',
  'transferred',
  'transfers',
  'activity',
  'activities',
  'clone',
  'copy',
  'case',
  'file',
  'files',
  'help',
  'menu',
  'cancel',
  'back',
  'trend',
  'trends',
  'deadline',
  'deadlines',
  'interpreter',
  'service',
  'setting',
  'topic',
  'history',
  'enrol',
  'register',
  'summary',
  'overview',
  'warnings',
  'errors',
  'submission',
  'previous',
  'restart',
  'options',
  'update',
  'change',
  'cohesion',
  'networks',
  'ratings',
  'duplicate',
  'duplicates',
  'overdue',
  'understand',
  'export',
  'merge',
  'remind',
  'reminder',
  'reminders',
  'amend',
];
const COMMAND_SET = new Set(COMMAND_WORDS);

/**
 * Ordinary words one typo away from a command word ("came"/"case", "held"/"help", "mens"/"menu",
 * "fill"/"file", "cancer"/"cancel"): these are never corrected.
 */
const ORDINARY_WORDS = new Set([
  'came',
  'come',
  'cane',
  'care',
  'cars',
  'cafe',
  'cash',
  'cast',
  'base',
  'vase',
  'case',
  'fine',
  'fill',
  'five',
  'mile',
  'tile',
  'held',
  'hell',
  'hello',
  'helm',
  'hemp',
  'mens',
  'menus',
  'many',
  'mend',
  'bank',
  'pack',
  'back',
  'bach',
  'rack',
  'lack',
  'read',
  'reads',
  'cancer',
  'camel',
  'chancel',
  'stats',
  'state',
  'statue',
  'store',
  'scone',
  'shore',
  'snore',
  'scare',
  'score',
  'more',
  'sore',
  'core',
  'copy',
  'cosy',
  'cozy',
  'cope',
  'coop',
  'clown',
  'close',
  'clones',
  'tread',
  'trendy',
  'dad',
  'odd',
  'aid',
  'and',
  'ads',
  'neat',
  'news',
  'newt',
  'chat',
  'clientele',
  'session',
  'lession',
  'passion',
  'mission',
  'version',
  'season',
  'reason',
  'detour',
  'settings',
  'sitting',
  'letting',
  'betting',
  'setting',
  'topics',
  'tropic',
  'service',
  'services',
  'device',
  'serve',
  'transit',
  'transform',
  'history',
  'mystery',
  'update',
  'updates',
  'change',
  'chance',
  'charge',
  'changed',
  'ready',
  'reedy',
  'realty',
  'steady',
  'really',
  'rated',
  'rates',
  'data',
  'date',
  'dates',
  'file',
  'files',
  'files',
  'miles',
  'tiles',
  'piles',
  'fields',
  'missing',
  'kissing',
  'hissing',
  'pissing',
  'clients',
  'client',
  'deadline',
  'headline',
  'menu',
  'help',
  'cancel',
  'warning',
  'error',
  'record',
  'records',
  'recorder',
  'network',
  'networks',
  'sessions',
  'assigned',
  'assign',
  'scores',
  'trend',
  'trends',
  'back',
  'backs',
  'create',
  'created',
  'creates',
  'new',
  'add',
  'adds',
  'added',
  'already',
  'ahead',
  'steady',
  'cases',
  'cafes',
  'caves',
  'sessional',
  'reader',
  'recorded',
  'cased',
  'filed',
  'helps',
  'helper',
  'expert',
  'exports',
  'emerge',
  'verge',
  'merged',
  'reminded',
  'remand',
  'rewind',
  'remains',
  // Common words whose letters, in order, are most of a command word's ("deals" in "details").
  'deals',
  'getting',
  'county',
  'riders',
  'wings',
  'sting',
  'cent',
  'rend',
]);

/**
 * Texting drops letters, often several ("trnsfr", "sessn", "fle"): a word made of a command word's letters in
 * order, with its first and last letter and at least 70% of its letters, is read as it.
 */
function missingLettersOf(low: string): string | undefined {
  if (low.length < 3) return undefined;
  return COMMAND_WORDS.find((w) => w.length > low.length && low.length >= 0.7 * w.length && w[0] === low[0] && w.at(-1) === low.at(-1) && inOrder(low, w));
}

function inOrder(part: string, whole: string): boolean {
  let at = 0;
  for (const ch of whole) if (ch === part[at]) at += 1;
  return at === part.length;
}

const cache = new Map<string, string>();

/** One of the words commands are made of, once typos and synonyms are settled. */
export function isCommandWord(norm: string): boolean {
  return COMMAND_SET.has(norm);
}

/** The command word a typed lower-case word stands for, or the word itself. */
export function commandWord(low: string): string {
  const known = cache.get(low);
  if (known !== undefined) return known;
  let result = SYNONYMS[low] ?? low;
  if (result === low && !COMMAND_SET.has(low) && !ORDINARY_WORDS.has(low) && /^[a-z]+$/.test(low)) {
    const allowance = typoAllowance(low.length);
    let best = allowance + 1;
    for (const w of COMMAND_WORDS) {
      const d = typoDistance(low, w, allowance);
      if (d < best) {
        best = d;
        result = w;
      }
    }
    if (result === low) result = missingLettersOf(low) ?? low;
    result = SYNONYMS[result] ?? result;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(low, result);
  return result;
}

/**
 * Sets each word's `norm`. A capitalised word after the first is taken for a name and left alone, so
 * "Sesion Smith" stays a person.
 */
export function normaliseWords(words: Word[]): Word[] {
  return words.map((w, i) => ({ ...w, norm: i > 0 && /^\p{Lu}\p{Ll}/u.test(w.raw) && !COMMAND_SET.has(w.low) ? w.low : commandWord(w.low) }));
}
