/**
 * Which library reads the dates in staff sentences better: chrono-node (en-GB, day first) or Microsoft
 * Recognizers-Text date-time 1.1.4 (its JavaScript port has one English culture, month first: no day-first
 * culture as in the .NET port), on every corpus phrase that carries a
 * date. Each library gets the whole sentence with "now" = the corpus's now, and its first date is compared
 * with what the phrase means (day, and time when one was said). Prints accuracy and time per sentence.
 *
 *   npx tsx bench/dateReaders.ts
 */
import { Culture, recognizeDateTime } from '@microsoft/recognizers-text-date-time';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { COMMAND_PHRASES, CORPUS_NOW, CORPUS_ZONE } from '../test/nlu/corpus';
import { HELD_OUT_COMMANDS } from '../test/nlu/heldOut';
import { normaliseWords } from '../src/understanding/lexicon';
import { readSlots } from '../src/understanding/slots';
import { splitWords } from '../src/understanding/words';

const now = DateTime.fromISO(CORPUS_NOW, { zone: CORPUS_ZONE });
const reference = new Date(now.year, now.month - 1, now.day, now.hour, now.minute);
const cases = [...COMMAND_PHRASES, ...HELD_OUT_COMMANDS]
  .map((p) => ({ text: p.text, want: p.when ?? (p.session && /^\d{4}/.test(p.session) ? p.session : undefined) }))
  .filter((c): c is { text: string; want: string } => c.want !== undefined);

const asWanted = (want: string, date: string, time: string | undefined) => (want.includes('T') ? `${date}T${time ?? '??'}` : date);

/** A weekday on its own is usually part of a group's name ("wednesday seniors"); both readers get this filter. */
const LONE_WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?$|^wednesday$|^saturday$|^thursday$|^tuesday$/i;

function byChrono(text: string, want: string): string | undefined {
  const r = chrono.en.GB.parse(text, reference, { forwardDate: false }).find((x) => !LONE_WEEKDAY.test(x.text.trim()));
  if (!r) return undefined;
  const d = r.start.date();
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return asWanted(want, date, r.start.isCertain('hour') ? `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : undefined);
}

function byRecognizers(text: string, want: string): string | undefined {
  const results = recognizeDateTime(text, Culture.English, undefined, reference);
  for (const r of results) {
    if (LONE_WEEKDAY.test(r.text.trim())) continue;
    const values = (r.resolution?.values ?? []) as { type: string; value?: string; start?: string }[];
    // Ambiguous dates come back twice (past and future): a session is in the past.
    const v = values.filter((x) => (x.value ?? x.start) && (x.value ?? x.start)! <= now.toFormat('yyyy-MM-dd HH:mm:ss')).at(-1) ?? values[0];
    const raw = v?.value ?? v?.start;
    if (!v || !raw) continue;
    const [date, time] = raw.split(' ');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date!)) continue;
    return asWanted(want, date!, v.type === 'datetime' || v.type === 'datetimerange' ? time?.slice(0, 5) : undefined);
  }
  return undefined;
}

function asUsed(text: string, want: string): string | undefined {
  const slots = readSlots(normaliseWords(splitWords(text)), now);
  const when = slots.when ?? (slots.session?.kind === 'date' ? { date: slots.session.date } : undefined);
  return when ? asWanted(want, when.date, when.time) : undefined;
}

function measure(name: string, read: (text: string, want: string) => string | undefined): void {
  let right = 0;
  const misses: string[] = [];
  const started = process.hrtime.bigint();
  for (const c of cases) {
    const got = read(c.text, c.want);
    if (got === c.want) right += 1;
    else misses.push(`    "${c.text}": ${got ?? 'nothing'} (want ${c.want})`);
  }
  const perSentence = Number(process.hrtime.bigint() - started) / 1e6 / cases.length;
  // Timing is one pass over the sentences after a warm-up call; bench/nlu.ts measures the whole message.
  console.log(`${name.padEnd(44)} ${right}/${cases.length} (${((right / cases.length) * 100).toFixed(1)}%), ${perSentence.toFixed(2)} ms a sentence`);
  if (process.argv.includes('--misses')) console.log(misses.join('\n'));
}

// Warm both up once so the first call's loading is not counted.
byChrono('yesterday 10am', '2025-01-01');
byRecognizers('yesterday 10am', '2025-01-01');
console.log(`${cases.length} sentences with a date (corpus and held-out), now = ${CORPUS_NOW} ${CORPUS_ZONE}\n`);
measure('chrono-node en-GB', byChrono);
measure('Recognizers-Text English', byRecognizers);
measure('chrono-node as used (src/understanding/slots)', asUsed);
