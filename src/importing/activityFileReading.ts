/**
 * Reading one activity file, JSON or a CSV attendance roll, into activities with every row checked: each problem
 * names the file, the line and the field, so a person can fix the file in one pass.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { RollEntry } from '../domain/activity';
import type { Organisation } from '../domain/organisation';
import { formatAuDateTime } from '../domain/dateFormat';
import { formatPath } from '../domain/referenceData';
import type { OrganisationDirectory } from '../config/organisations';
import {
  ActivityJsonFileSchema,
  CSV_COLUMNS,
  CsvRollRowSchema,
  csvSessionStart,
  normaliseColumnName,
  OPTIONAL_CSV_COLUMNS,
  type CsvColumn,
} from './activityFileFormats';
import { slkOf } from './attendeeMatching';
import { CsvSyntaxError, parseCsv } from './csv';
import { JsonSyntaxError, parseJsonWithLines } from './jsonWithLines';

export type ImportProblem = { file: string; line: number; field: string; message: string };

export function formatProblem(p: ImportProblem): string {
  return `${p.file}: line ${p.line}, ${p.field}: ${p.message}`;
}

export type SourceEntry = RollEntry & { line: number };
type SourceSession = { sessionKey: string; startsAt: string; durationMinutes: number; roll: SourceEntry[]; line: number };
export type SourceActivity = { activityId: string; name: string; outletId?: string; sessions: SourceSession[]; line: number };

/** A file that passed every check, ready to be matched against the stored clients. */
export type ParsedActivityFile = {
  file: string;
  format: 'json' | 'csv';
  organisationId: string;
  timeZone: string;
  activities: SourceActivity[];
};

export type ParseResult = { ok: true; parsed: ParsedActivityFile } | { ok: false; problems: ImportProblem[] };

export type ParseOptions = {
  organisations: OrganisationDirectory;
  /** Which organisation a CSV roll belongs to; a JSON file names its own, which must agree when this is given. */
  organisationId?: string;
  format?: 'json' | 'csv';
};

function formatOf(file: string, text: string, explicit: ParseOptions['format']): 'json' | 'csv' {
  if (explicit) return explicit;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return text.trimStart().startsWith('{') ? 'json' : 'csv';
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}

/** Reads and checks one file. Every problem found is reported, not only the first. */
export function parseActivityFile(file: string, text: string, options: ParseOptions): ParseResult {
  const name = path.basename(file);
  const read = formatOf(file, text, options.format) === 'json' ? readJson(name, text, options) : readCsv(name, text, options);
  if (!read.ok) return read;
  const org = options.organisations.byId(read.parsed.organisationId)!;
  const problems = checkActivities(name, org, read.parsed.activities);
  return problems.length ? { ok: false, problems } : read;
}

function organisationProblem(file: string, line: number, field: string, options: ParseOptions, wanted: string | undefined): ImportProblem | Organisation {
  const known = options.organisations.organisations.map((o) => o.organisationId).join(', ');
  if (wanted === undefined) {
    if (options.organisations.organisations.length === 1) return options.organisations.organisations[0]!;
    return { file, line, field, message: `say which organisation the roll belongs to with --organisation (one of ${known})` };
  }
  return options.organisations.byId(wanted) ?? { file, line, field, message: `"${wanted}" is not a configured organisation (known: ${known})` };
}

function readJson(file: string, text: string, options: ParseOptions): ParseResult {
  let doc: ReturnType<typeof parseJsonWithLines>;
  try {
    doc = parseJsonWithLines(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError)
      return { ok: false, problems: [{ file, line: err.line, field: '(JSON)', message: `is not valid JSON: ${err.message}` }] };
    throw err;
  }
  const parsed = ActivityJsonFileSchema.safeParse(doc.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue): ImportProblem[] => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          file,
          line: doc.lineOf([...issue.path, key]),
          field: formatPath([...issue.path, key]),
          message: 'is not a field of this format; check its spelling against docs/activity-import.md',
        }));
      }
      return [{ file, line: doc.lineOf(issue.path), field: formatPath(issue.path), message: issueMessage(issue) }];
    });
    return { ok: false, problems };
  }
  const data = parsed.data;
  if (options.organisationId && options.organisationId !== data.organisationId) {
    const message = `is "${data.organisationId}" but --organisation says "${options.organisationId}"`;
    return { ok: false, problems: [{ file, line: doc.lineOf(['organisationId']), field: 'organisationId', message }] };
  }
  const org = organisationProblem(file, doc.lineOf(['organisationId']), 'organisationId', options, data.organisationId);
  if (!('outlets' in org)) return { ok: false, problems: [org] };
  const activities = data.activities.map(
    (a, ai): SourceActivity => ({
      activityId: a.activityId,
      name: a.name,
      ...(a.outletId ? { outletId: a.outletId } : {}),
      line: doc.lineOf(['activities', ai]),
      sessions: a.sessions.map((s, si) => ({
        sessionKey: s.sessionKey,
        startsAt: DateTime.fromISO(s.startsAt, { setZone: true }).setZone(org.timeZone).toISO()!,
        durationMinutes: s.durationMinutes,
        line: doc.lineOf(['activities', ai, 'sessions', si]),
        roll: s.roll.map((e, ei) => ({ ...e, line: doc.lineOf(['activities', ai, 'sessions', si, 'roll', ei]) })),
      })),
    }),
  );
  return { ok: true, parsed: { file, format: 'json', organisationId: org.organisationId, timeZone: org.timeZone, activities } };
}

function readCsv(file: string, text: string, options: ParseOptions): ParseResult {
  const org = organisationProblem(file, 1, 'organisation', options, options.organisationId);
  if (!('outlets' in org)) return { ok: false, problems: [org] };
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { ok: false, problems: [{ file, line: err.line, field: '(CSV)', message: `is not valid CSV: ${err.message}` }] };
    throw err;
  }
  const [header, ...rows] = records;
  if (!header)
    return {
      ok: false,
      problems: [{ file, line: 1, field: '(header)', message: `the file is empty; the first line must name the columns: ${CSV_COLUMNS.join(',')}` }],
    };
  const columns = header.fields.map(normaliseColumnName);
  const problems: ImportProblem[] = [];
  columns.forEach((c, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) {
      problems.push({
        file,
        line: header.line,
        field: header.fields[i]!.trim() || `column ${i + 1}`,
        message: `is not a column of the attendance roll format (columns: ${CSV_COLUMNS.join(', ')})`,
      });
    } else if (columns.indexOf(c) !== i) {
      problems.push({ file, line: header.line, field: c, message: 'appears twice in the header' });
    }
  });
  for (const c of CSV_COLUMNS) {
    if (!OPTIONAL_CSV_COLUMNS.has(c) && !columns.includes(c))
      problems.push({ file, line: header.line, field: c, message: 'is a required column but is missing from the header' });
  }
  if (problems.length) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: [{ file, line: header.line, field: '(rows)', message: 'the file has a header but no rows' }] };

  const activities = new Map<string, SourceActivity & { rowLine: number }>();
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      problems.push({
        file,
        line: row.line,
        field: '(row)',
        message: `has ${row.fields.length} fields but the header has ${columns.length}`,
      });
      continue;
    }
    const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c, row.fields[columns.indexOf(c)] ?? ''])) as Record<CsvColumn, string>;
    const parsed = CsvRollRowSchema.safeParse(cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file, line: row.line, field: String(issue.path[0] ?? '(row)'), message: issueMessage(issue) });
      continue;
    }
    const r = parsed.data;
    const startsAt = csvSessionStart(r, org.timeZone);
    if (!startsAt) {
      problems.push({
        file,
        line: row.line,
        field: 'start_time',
        message: `is not a time that exists on ${r.session_date} in ${org.timeZone}`,
      });
      continue;
    }
    let activity = activities.get(r.activity_id);
    if (!activity) {
      activity = {
        activityId: r.activity_id,
        name: r.activity_name,
        ...(r.outlet_id ? { outletId: r.outlet_id } : {}),
        sessions: [],
        line: row.line,
        rowLine: row.line,
      };
      activities.set(r.activity_id, activity);
    }
    const differs = (field: string, here: string | number | undefined, there: string | number | undefined, since: number, what: string): boolean => {
      if (here === there) return false;
      problems.push({
        file,
        line: row.line,
        field,
        message: `is "${here ?? ''}" but line ${since} of the same ${what} says "${there ?? ''}"`,
      });
      return true;
    };
    if (
      differs('activity_name', r.activity_name, activity.name, activity.rowLine, 'activity') ||
      differs('outlet_id', r.outlet_id, activity.outletId, activity.rowLine, 'activity')
    )
      continue;
    let session = activity.sessions.find((s) => s.sessionKey === r.session_key);
    if (!session) {
      session = { sessionKey: r.session_key, startsAt, durationMinutes: r.duration_minutes, roll: [], line: row.line };
      activity.sessions.push(session);
    }
    if (startsAt !== session.startsAt) {
      const was = formatAuDateTime(DateTime.fromISO(session.startsAt, { setZone: true }));
      problems.push({
        file,
        line: row.line,
        field: 'session_date',
        message: `with start_time gives a different start from line ${session.line} of the same session (${was})`,
      });
      continue;
    }
    if (differs('duration_minutes', r.duration_minutes, session.durationMinutes, session.line, 'session')) continue;
    session.roll.push({
      ...(r.client_id ? { clientId: r.client_id } : {}),
      givenName: r.given_name,
      familyName: r.family_name,
      birthDate: r.birth_date,
      gender: r.gender,
      booked: r.booked,
      attended: r.attended,
      line: row.line,
    });
  }
  if (problems.length) return { ok: false, problems };
  const list = [...activities.values()].map(({ rowLine: _rowLine, ...a }) => a);
  return { ok: true, parsed: { file, format: 'csv', organisationId: org.organisationId, timeZone: org.timeZone, activities: list } };
}

/** Rules that span rows: known outlets, and nothing listed twice. */
function checkActivities(file: string, org: Organisation, activities: SourceActivity[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const outlets = new Set(org.outlets.map((o) => o.outletId));
  const seenActivities = new Map<string, number>();
  for (const a of activities) {
    const first = seenActivities.get(a.activityId);
    if (first !== undefined) problems.push({ file, line: a.line, field: 'activityId', message: `"${a.activityId}" is already listed at line ${first}` });
    seenActivities.set(a.activityId, a.line);
    if (a.outletId && !outlets.has(a.outletId)) {
      problems.push({
        file,
        line: a.line,
        field: 'outletId',
        message: `"${a.outletId}" is not one of ${org.name}'s outlets (${[...outlets].join(', ')})`,
      });
    }
    const seenSessions = new Map<string, number>();
    for (const s of a.sessions) {
      const again = seenSessions.get(s.sessionKey);
      if (again !== undefined)
        problems.push({
          file,
          line: s.line,
          field: 'sessionKey',
          message: `"${s.sessionKey}" is already used at line ${again} in activity ${a.activityId}`,
        });
      seenSessions.set(s.sessionKey, s.line);
      const people = new Map<string, number>();
      for (const e of s.roll) {
        for (const key of [e.clientId ? `id:${e.clientId}` : undefined, `slk:${slkOf(e)}`]) {
          if (!key) continue;
          const before = people.get(key);
          if (before !== undefined) {
            problems.push({
              file,
              line: e.line,
              field: 'roll',
              message: `${e.givenName} ${e.familyName} is already on this session's roll at line ${before}`,
            });
            break;
          }
          people.set(key, e.line);
        }
      }
    }
  }
  return problems;
}

/** Same content, same hash, whichever format it came in and in whatever order the rows were. */
export function contentHashOf(a: SourceActivity): string {
  const sessions = a.sessions
    .map((s) => ({
      sessionKey: s.sessionKey,
      startsAt: DateTime.fromISO(s.startsAt).toMillis(),
      durationMinutes: s.durationMinutes,
      roll: s.roll
        .map((e) => [e.clientId ?? null, e.givenName, e.familyName, e.birthDate, e.gender, e.booked, e.attended])
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    }))
    .sort((x, y) => x.startsAt - y.startsAt || x.sessionKey.localeCompare(y.sessionKey));
  return createHash('sha256')
    .update(JSON.stringify({ name: a.name, outletId: a.outletId ?? null, sessions }))
    .digest('hex');
}
