/**
 * The two file formats the activity import reads, as zod schemas: a JSON document of activities, and the
 * CSV attendance roll (one row per person per session) that activity-management systems export.
 * docs/activity-import.md describes both for administrators; keep it in step with these schemas.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { GenderSchema } from '../domain/client';
import { OrganisationIdSchema } from '../domain/common';
import { isRealCalendarDate } from '../domain/calendar';
import { normaliseName } from '../domain/slk';
import { cleanText } from '../domain/text';

const NAME_MAX = 60;
/** Messages follow the field's name in every report ("line 4, given_name: is required"), so they do not repeat it. */
const trimmed = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .transform((raw, ctx) => {
      // Names and text are stored in the one clean form every other entry point uses (see domain/text.ts).
      const cleaned = cleanText(raw);
      if (cleaned.ok) return cleaned.value;
      ctx.addIssue({ code: 'custom', message: `contains ${cleaned.what} (${cleaned.codePoint}); remove it from the file` });
      return z.NEVER;
    })
    .pipe(z.string().min(1, 'is required').max(max, `can be at most ${max} characters`));

/** A client's name: SLK-581 needs English-alphabet letters, so a name in another script is refused, not keyed 999/99. */
const personName = trimmed(NAME_MAX).refine(
  (v) => v === '' || normaliseName(v) !== '',
  'has no letters of the English alphabet; give the spelling on the client’s official documents (DEX’s SLK is made from it)',
);

const realIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((v) => isRealCalendarDate(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))), 'is not a real calendar date');

const durationMinutes = z
  .number({ error: 'must be a whole number of minutes' })
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(24 * 60, 'can be at most 24 hours (1440 minutes)');

// ---------------------------------------------------------------- JSON

export const JsonRollEntrySchema = z.strictObject({
  clientId: trimmed(50).optional(),
  givenName: personName,
  familyName: personName,
  birthDate: realIsoDate,
  gender: GenderSchema,
  booked: z.boolean({ error: 'must be true or false' }),
  attended: z.boolean({ error: 'must be true or false' }),
});

export const JsonSessionSchema = z.strictObject({
  sessionKey: trimmed(100),
  startsAt: z.iso.datetime({ offset: true, error: 'must be a date and time with its UTC offset, for example 2025-10-14T13:30:00+11:00' }),
  durationMinutes,
  roll: z.array(JsonRollEntrySchema),
});

export const JsonActivitySchema = z.strictObject({
  activityId: trimmed(100),
  name: trimmed(200),
  outletId: trimmed(100).optional(),
  sessions: z.array(JsonSessionSchema),
});

export const ActivityJsonFileSchema = z.strictObject({
  organisationId: OrganisationIdSchema,
  activities: z.array(JsonActivitySchema).min(1, 'the file must contain at least one activity'),
});

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = [
  'activity_id',
  'activity_name',
  'outlet_id',
  'session_key',
  'session_date',
  'start_time',
  'duration_minutes',
  'client_id',
  'given_name',
  'family_name',
  'birth_date',
  'gender',
  'booked',
  'attended',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const OPTIONAL_CSV_COLUMNS: ReadonlySet<CsvColumn> = new Set(['outlet_id', 'client_id']);

/** "Activity ID", "activity-id" and "activity_id" all name the same column. */
export function normaliseColumnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `can be at most ${max} characters`)
    .transform((v) => (v === '' ? undefined : v));

/** Day first, as Australians write it, or ISO. */
const csvDate = z.string().transform((raw, ctx) => {
  const v = raw.trim();
  const au = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const [year, month, day] = au ? [Number(au[3]), Number(au[2]), Number(au[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [NaN, NaN, NaN];
  if (!isRealCalendarDate(year, month, day)) {
    ctx.addIssue({ code: 'custom', message: v ? `must be a real date written DD/MM/YYYY or YYYY-MM-DD (got "${v}")` : 'is required' });
    return z.NEVER;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
});

/** 24-hour "13:30" or "1:30 pm". */
const csvTime = z.string().transform((raw, ctx) => {
  const v = raw.trim().toLowerCase();
  const m = /^(\d{1,2})[:.](\d{2})(?:\s*([ap])\.?m\.?)?$/.exec(v);
  let hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  const half = m?.[3];
  if (half) hour = hour === 12 ? (half === 'a' ? 0 : 12) : half === 'p' ? hour + 12 : hour;
  const valid = m && minute < 60 && (half ? Number(m[1]) >= 1 && Number(m[1]) <= 12 : hour < 24);
  if (!valid) {
    ctx.addIssue({ code: 'custom', message: v ? `must be a time such as 13:30 or 1:30 pm (got "${raw.trim()}")` : 'is required' });
    return z.NEVER;
  }
  return { hour, minute };
});

const csvWholeNumber = z.string().transform((raw, ctx) => {
  const v = raw.trim();
  if (!/^\d+$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: v ? `must be a whole number of minutes (got "${v}")` : 'is required' });
    return z.NEVER;
  }
  return Number(v);
});

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const csvYesNo = z.string().transform((raw, ctx) => {
  const v = raw.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  ctx.addIssue({ code: 'custom', message: v ? `must be yes or no (got "${raw.trim()}")` : 'is required (yes or no)' });
  return z.NEVER;
});

const GENDER_WORDS: Readonly<Record<string, z.infer<typeof GenderSchema>>> = {
  male: 'MALE',
  m: 'MALE',
  female: 'FEMALE',
  f: 'FEMALE',
  other: 'OTHER',
  x: 'OTHER',
  notstated: 'NOTSTATED',
  not_stated: 'NOTSTATED',
  'not stated': 'NOTSTATED',
  u: 'NOTSTATED',
};
const csvGender = z.string().transform((raw, ctx) => {
  const v = raw.trim().toLowerCase();
  const gender = GENDER_WORDS[v];
  if (!gender) {
    ctx.addIssue({ code: 'custom', message: v ? `must be MALE, FEMALE, OTHER or NOTSTATED (got "${raw.trim()}")` : 'is required' });
    return z.NEVER;
  }
  return gender;
});

/** One row of the attendance roll, every cell still text as it came from the file. */
export const CsvRollRowSchema = z.object({
  activity_id: trimmed(100),
  activity_name: trimmed(200),
  outlet_id: optionalText(100),
  session_key: trimmed(100),
  session_date: csvDate,
  start_time: csvTime,
  duration_minutes: csvWholeNumber.pipe(durationMinutes),
  client_id: optionalText(50),
  given_name: personName,
  family_name: personName,
  birth_date: csvDate,
  gender: csvGender,
  booked: csvYesNo,
  attended: csvYesNo,
});
export type CsvRollRow = z.infer<typeof CsvRollRowSchema>;

/** The session's start in the organisation's zone, as the ISO text the activity stores. */
export function csvSessionStart(row: Pick<CsvRollRow, 'session_date' | 'start_time'>, zone: string): string | undefined {
  const [year, month, day] = row.session_date.split('-').map(Number) as [number, number, number];
  const dt = DateTime.fromObject({ year, month, day, hour: row.start_time.hour, minute: row.start_time.minute }, { zone });
  return dt.isValid ? dt.toISO() : undefined;
}
