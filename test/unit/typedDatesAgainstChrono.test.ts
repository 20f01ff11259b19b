import assert from 'node:assert/strict';
import * as chrono from 'chrono-node';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseSessionDateTime } from '../../src/domain/typedDates';

/**
 * The session-date reader against chrono-node's day-first (en-GB) parser on the forms both read: a real date
 * with its year, day first or ISO, with or without a time. Where they differ (docs/understanding.md, "Dates"),
 * the domain's reader is kept and its own tests in dates.test.ts say what it does.
 */
const ZONE = 'Australia/Sydney';
const NOW = DateTime.fromISO('2031-01-01T12:00', { zone: ZONE });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function chronoReads(text: string): string | undefined {
  const [r] = chrono.en.GB.parse(text, new Date(NOW.year, NOW.month - 1, NOW.day, NOW.hour), { forwardDate: false });
  if (r?.index !== 0 || r.text.length !== text.length) return undefined;
  const s = r.start;
  const date = `${s.get('year')}-${s.get('month')}-${s.get('day')}`;
  return s.isCertain('hour') ? `${date} ${s.get('hour')}:${s.get('minute')}` : date;
}

function oursReads(text: string): string | undefined {
  const r = parseSessionDateTime(text, NOW, ZONE);
  if (!r.ok) return undefined;
  return r.dateOnly ? r.value.toFormat('yyyy-M-d') : r.value.toFormat('yyyy-M-d H:m');
}

// 02:00–02:59 is skipped on the first Sunday of October in Sydney; the domain refuses it, chrono does not.
const day = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true });
const time = fc.option(fc.record({ hour: fc.integer({ min: 3, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }), { nil: undefined });
const form = fc.constantFrom('d/m/yyyy', 'd-m-yy', 'd.m.yyyy', 'yyyy-mm-dd', 'd Mon yyyy');

function written(d: Date, f: string): string {
  const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  if (f === 'd/m/yyyy') return `${dd}/${m}/${y}`;
  if (f === 'd-m-yy') return `${dd}-${m}-${String(y).slice(2)}`;
  if (f === 'd.m.yyyy') return `${dd}.${m}.${y}`;
  if (f === 'yyyy-mm-dd') return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  return `${dd} ${MONTHS[m - 1]} ${y}`;
}

function clock(t: { hour: number; minute: number }, twelveHour: boolean): string {
  if (!twelveHour) return `${t.hour}:${String(t.minute).padStart(2, '0')}`;
  const h = t.hour % 12 === 0 ? 12 : t.hour % 12;
  return `${h}:${String(t.minute).padStart(2, '0')}${t.hour < 12 ? 'am' : 'pm'}`;
}

describe('typed session dates read as chrono-node reads them', () => {
  it('reads a real dated day, day first or ISO, with or without a time, the same as chrono-node en-GB', () => {
    fc.assert(
      fc.property(day, form, time, fc.boolean(), (d, f, t, twelveHour) => {
        const text = t ? `${written(d, f)} ${clock(t, twelveHour)}` : written(d, f);
        const ours = oursReads(text);
        assert.ok(ours, `"${text}" was refused`);
        assert.equal(ours, chronoReads(text), `"${text}"`);
      }),
      { numRuns: 400 },
    );
  });

  it('differs where the DEX rules need their own answer, which the domain keeps', () => {
    // Impossible dates: chrono finds no date, the domain says why.
    assert.equal(chronoReads('31/02/2025'), undefined);
    const impossible = parseSessionDateTime('31/02/2025', NOW, ZONE);
    assert.ok(!impossible.ok && /February 2025 has 28 days/.test(impossible.reason));
    // No year: chrono takes the nearest such day, the domain the latest one not after today (sessions already held).
    const october = DateTime.fromISO('2025-10-20T12:00', { zone: ZONE });
    const r = parseSessionDateTime('3/4', october, ZONE);
    assert.ok(r.ok && r.value.year === 2025);
    const [c] = chrono.en.GB.parse('3/4', new Date(2025, 9, 20, 12), { forwardDate: false });
    assert.equal(c?.start.get('year'), 2026);
    // A weekday that does not match the date: chrono drops it, the domain refuses.
    assert.equal(chronoReads('Tue 15 Oct 2025'), '2025-10-15');
    assert.equal(parseSessionDateTime('Tue 15 Oct 2025', NOW, ZONE).ok, false);
    // An impossible time: chrono reads the date alone, the domain refuses the answer.
    assert.equal(chrono.en.GB.parse('15/10/2025 at 25:00', new Date(2030, 0, 1))[0]?.text, '15/10/2025');
    assert.equal(parseSessionDateTime('15/10/2025 at 25:00', NOW, ZONE).ok, false);
  });
});
