import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parseOrganisations, type OrganisationDirectory } from '../../src/config/organisations';
import type { Client } from '../../src/domain/client';
import { computeSlk } from '../../src/domain/slk';
import { contentHashOf, formatProblem, parseActivityFile, type ImportProblem } from '../../src/importing/activityFileReading';
import { importActivityFiles } from '../../src/importing/activityImport';
import { CsvSyntaxError, parseCsv } from '../../src/importing/csv';
import { JsonSyntaxError, parseJsonWithLines } from '../../src/importing/jsonWithLines';
import { ActivityRepository } from '../../src/storage/activityRepository';
import { ClientRepository } from '../../src/storage/clientRepository';
import type { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ROOT = path.join(__dirname, '..', '..');
const exampleJson = readFileSync(path.join(ROOT, 'examples', 'activity.json'), 'utf8');
const exampleCsv = readFileSync(path.join(ROOT, 'examples', 'attendance-roll.csv'), 'utf8');
const organisations = parseOrganisations(sampleOrganisations(), 'sample');
const ORG = 'harbourside-community';
const zone = 'Australia/Sydney';

const HEADER =
  'activity_id,activity_name,outlet_id,session_key,session_date,start_time,duration_minutes,client_id,given_name,family_name,birth_date,gender,booked,attended';
const ROW = 'A-1,Knitting circle,HCS-PARRAMATTA,K-1,14/10/2025,10:00,60,,Joan,Smith,03/07/1951,FEMALE,yes,yes';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

function problemsOf(file: string, text: string, directory: OrganisationDirectory = organisations): ImportProblem[] {
  const result = parseActivityFile(file, text, { organisations: directory });
  assert.equal(result.ok, false, 'expected the file to be refused');
  return result.ok ? [] : result.problems;
}

function only(problems: ImportProblem[]): string {
  assert.equal(problems.length, 1, problems.map(formatProblem).join('\n'));
  return formatProblem(problems[0]!);
}

describe('CSV reader (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping each record’s first line', () => {
    const records = parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\nlast,,\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('names the line of an unclosed quote and of a stray quote', () => {
    assert.throws(
      () => parseCsv('a,b\n1,"open\n\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /never closed/.test(e.message),
    );
    assert.throws(
      () => parseCsv('a,b\n1,2\n3,x"y\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 3,
    );
    assert.throws(
      () => parseCsv('a\n"q"x\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /after a closing/.test(e.message),
    );
    // The unclosed quote's record starts after a record spanning two lines and a blank line.
    assert.throws(
      () => parseCsv('a,b\r"1\n2",x\r\r"open,3\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.line === 5 && /never closed/.test(e.message),
    );
  });

  it('reads CR, LF and CRLF line ends mixed in one file, each record on its own line', () => {
    assert.deepEqual(parseCsv('a\rb\r\nc\nd'), [
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c'] },
      { line: 4, fields: ['d'] },
    ]);
  });
});

describe('JSON reader with line numbers', () => {
  it('knows the line of every value, and of the nearest parent for a missing one', () => {
    const doc = parseJsonWithLines('{\n  "a": [\n    {"b": 1},\n    {\n      "c": "x"\n    }\n  ]\n}');
    assert.deepEqual(doc.value, { a: [{ b: 1 }, { c: 'x' }] });
    assert.equal(doc.lineOf(['a', 0, 'b']), 3);
    assert.equal(doc.lineOf(['a', 1, 'c']), 5);
    assert.equal(doc.lineOf(['a', 1, 'missing']), 4);
    assert.equal(doc.lineOf([]), 1);
  });

  it('reports syntax errors and repeated fields with their line', () => {
    assert.throws(
      () => parseJsonWithLines('{\n "a": 1,\n}'),
      (e: unknown) => e instanceof JsonSyntaxError && e.line === 3,
    );
    assert.throws(
      () => parseJsonWithLines('{"a": 1,\n "a": 2}'),
      (e: unknown) => e instanceof JsonSyntaxError && e.line === 2 && /twice/.test(e.message),
    );
    assert.throws(() => parseJsonWithLines('{"a": "line\nbreak"}'), JsonSyntaxError);
  });
});

describe('activity files: reading and checking', () => {
  it('reads the sample JSON file, storing times in the organisation’s zone', () => {
    const result = parseActivityFile('examples/activity.json', exampleJson, { organisations });
    assert.ok(result.ok);
    const [a] = result.parsed.activities;
    assert.equal(a!.activityId, 'SP-ACT-2001');
    assert.equal(a!.sessions.length, 3);
    assert.equal(a!.sessions[0]!.startsAt, '2025-09-04T09:30:00.000+10:00');
    assert.equal(a!.sessions[0]!.roll[0]!.clientId, 'CL-DEMO005');
    assert.equal(a!.sessions[2]!.roll[2]!.line, 36);
  });

  it('reads the sample CSV roll: one row per person per session, grouped into sessions', () => {
    const result = parseActivityFile('examples/attendance-roll.csv', exampleCsv, { organisations });
    assert.ok(result.ok);
    const [a] = result.parsed.activities;
    assert.equal(a!.name, 'Friday art and craft group');
    assert.deepEqual(
      a!.sessions.map((s) => [s.sessionKey, s.startsAt, s.roll.length]),
      [
        ['FAC-20250905', '2025-09-05T10:00:00.000+10:00', 3],
        ['FAC-20250912', '2025-09-12T10:00:00.000+10:00', 3],
        ['FAC-20250919', '2025-09-19T13:30:00.000+10:00', 2],
      ],
    );
    const maryAnne = a!.sessions[0]!.roll[2]!;
    assert.deepEqual(
      [maryAnne.familyName, maryAnne.birthDate, maryAnne.booked, maryAnne.attended, maryAnne.line],
      ["O'Sullivan", '1949-01-14', true, false, 4],
    );
  });

  it('gives the same content hash to the same data whichever format and row order it came in', () => {
    const json = JSON.stringify({
      organisationId: ORG,
      activities: [
        {
          activityId: 'A-1',
          name: 'Knitting circle',
          outletId: 'HCS-PARRAMATTA',
          sessions: [
            {
              sessionKey: 'K-1',
              startsAt: '2025-10-13T23:00:00Z',
              durationMinutes: 60,
              roll: [{ givenName: 'Joan', familyName: 'Smith', birthDate: '1951-07-03', gender: 'FEMALE', booked: true, attended: true }],
            },
          ],
        },
      ],
    });
    const fromJson = parseActivityFile('a.json', json, { organisations });
    const fromCsv = parseActivityFile('a.csv', csv(ROW), { organisations });
    assert.ok(fromJson.ok && fromCsv.ok);
    assert.equal(contentHashOf(fromJson.parsed.activities[0]!), contentHashOf(fromCsv.parsed.activities[0]!));
  });

  describe('refuses a JSON file, naming file, line and field', () => {
    const good = JSON.parse(exampleJson) as { activities: { sessions: { roll: Record<string, unknown>[] }[] }[] };
    const variant = (change: (doc: typeof good) => void) => {
      const doc = structuredClone(good);
      change(doc);
      return JSON.stringify(doc, null, 2);
    };

    it('that is not JSON', () => {
      assert.equal(
        only(problemsOf('bad.json', '{\n  "organisationId": "harbourside-community",\n  "activities": [\n')),
        'bad.json: line 4, (JSON): is not valid JSON: expected a value but found the end of the file',
      );
    });

    it('with a missing field, a wrong type, a bad date or an unknown field', () => {
      const text = variant((d) => {
        delete d.activities[0]!.sessions[0]!.roll[1]!.birthDate;
        d.activities[0]!.sessions[1]!.roll[0]!.attended = 'yes';
        d.activities[0]!.sessions[2]!.roll[0]!.birthDate = '1940-02-30';
        d.activities[0]!.sessions[2]!.roll[1]!.atended = true;
      });
      const lines = problemsOf('activity.json', text).map(formatProblem);
      const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
      assert.deepEqual(lines, [
        `activity.json: line ${lineOf('"givenName": "Kevin"') - 1}, activities[0].sessions[0].roll[1].birthDate: is required`,
        `activity.json: line ${lineOf('"attended": "yes"')}, activities[0].sessions[1].roll[0].attended: must be true or false`,
        `activity.json: line ${lineOf('1940-02-30')}, activities[0].sessions[2].roll[0].birthDate: is not a real calendar date`,
        `activity.json: line ${lineOf('"atended"')}, activities[0].sessions[2].roll[1].atended: is not a field of this format; check its spelling against docs/activity-import.md`,
      ]);
    });

    it('with an unknown organisation or outlet, a repeated session key or a person twice on one roll', () => {
      assert.match(
        only(
          problemsOf(
            'a.json',
            variant((d) => Object.assign(d, { organisationId: 'nobody-here' })),
          ),
        ),
        /line 2, organisationId: "nobody-here" is not a configured organisation/,
      );
      assert.match(
        only(
          problemsOf(
            'a.json',
            variant((d) => Object.assign(d.activities[0]!, { outletId: 'ELSEWHERE' })),
          ),
        ),
        /line 4, outletId: "ELSEWHERE" is not one of .*outlets/,
      );
      const repeated = problemsOf(
        'a.json',
        variant((d) => Object.assign(d.activities[0]!.sessions[1]!, { sessionKey: 'TWG-20250904' })),
      );
      assert.match(only(repeated), /sessionKey: "TWG-20250904" is already used at line \d+/);
      const twice = problemsOf(
        'a.json',
        variant((d) => d.activities[0]!.sessions[0]!.roll.push({ ...d.activities[0]!.sessions[0]!.roll[1]! })),
      );
      assert.match(only(twice), /roll: Kevin Marsh is already on this session's roll at line \d+/);
    });
  });

  describe('refuses a CSV roll, naming file, line and column', () => {
    it('with a missing or unknown column', () => {
      const problems = problemsOf('roll.csv', `${HEADER.replace(',attended', ',atended')}\n${ROW}`).map(formatProblem);
      assert.deepEqual(problems, [
        'roll.csv: line 1, atended: is not a column of the attendance roll format (columns: activity_id, activity_name, outlet_id, session_key, session_date, start_time, duration_minutes, client_id, given_name, family_name, birth_date, gender, booked, attended)',
        'roll.csv: line 1, attended: is a required column but is missing from the header',
      ]);
    });

    it('with a row of the wrong length, or bad dates, times, numbers, yes/no or gender', () => {
      const problems = problemsOf(
        'roll.csv',
        csv(
          ROW,
          'A-1,Knitting circle,HCS-PARRAMATTA,K-2,21/10/2025,10:00,60,,Joan,Smith',
          'A-1,Knitting circle,HCS-PARRAMATTA,K-3,31/09/2025,25:00,0,,Joan,Smith,1951-07-03,F,maybe,yes',
          'A-1,Knitting circle,HCS-PARRAMATTA,K-4,07/10/2025,1:30 pm,90,,Joan,,03/07/1951,woman,yes,no',
        ),
      ).map(formatProblem);
      assert.deepEqual(problems, [
        'roll.csv: line 3, (row): has 10 fields but the header has 14',
        'roll.csv: line 4, session_date: must be a real date written DD/MM/YYYY or YYYY-MM-DD (got "31/09/2025")',
        'roll.csv: line 4, start_time: must be a time such as 13:30 or 1:30 pm (got "25:00")',
        'roll.csv: line 4, duration_minutes: must be at least 1 minute',
        'roll.csv: line 4, booked: must be yes or no (got "maybe")',
        'roll.csv: line 5, family_name: is required',
        'roll.csv: line 5, gender: must be MALE, FEMALE, OTHER or NOTSTATED (got "woman")',
      ]);
    });

    it('with a name in another script, or invisible characters in a name', () => {
      const problems = problemsOf(
        'roll.csv',
        csv(
          ROW,
          'A-1,Knitting circle,HCS-PARRAMATTA,K-1,14/10/2025,10:00,60,,小明,王,03/07/1951,FEMALE,yes,yes',
          'A-1,Knitting circle,HCS-PARRAMATTA,K-1,14/10/2025,10:00,60,,Jo\u200Ban,Smith,03/07/1951,FEMALE,yes,yes',
        ),
      ).map(formatProblem);
      assert.deepEqual(problems, [
        'roll.csv: line 3, given_name: has no letters of the English alphabet; give the spelling on the client’s official documents (DEX’s SLK is made from it)',
        'roll.csv: line 3, family_name: has no letters of the English alphabet; give the spelling on the client’s official documents (DEX’s SLK is made from it)',
        'roll.csv: line 4, given_name: contains an invisible character (U+200B); remove it from the file',
      ]);
    });

    it('when rows of one activity or session disagree', () => {
      const problems = problemsOf(
        'roll.csv',
        csv(
          ROW,
          'A-1,Knitting Circle,HCS-PARRAMATTA,K-1,14/10/2025,10:00,60,,Ann,Lee,03/07/1951,FEMALE,yes,yes',
          'A-1,Knitting circle,HCS-PARRAMATTA,K-1,14/10/2025,11:00,60,,Ann,Lee,03/07/1951,FEMALE,yes,yes',
        ),
      ).map(formatProblem);
      assert.deepEqual(problems, [
        'roll.csv: line 3, activity_name: is "Knitting Circle" but line 2 of the same activity says "Knitting circle"',
        'roll.csv: line 4, session_date: with start_time gives a different start from line 2 of the same session (Tue 14 Oct 2025, 10:00 am)',
      ]);
    });

    it('that is not valid CSV, or does not say whose roll it is when several organisations are configured', () => {
      assert.match(
        only(problemsOf('roll.csv', csv(ROW, 'A-1,"Knitting circle,HCS'))),
        /^roll\.csv: line 3, \(CSV\): is not valid CSV: a quoted field is never closed/,
      );
      const two = parseOrganisations(
        {
          organisations: [
            ...(sampleOrganisations() as { organisations: object[] }).organisations,
            { organisationId: 'other-org', name: 'Other', tenantIds: ['t-2'], outlets: [{ outletId: 'O', name: 'O', activities: [] }] },
          ],
        },
        'two',
      );
      assert.match(only(problemsOf('roll.csv', csv(ROW), two)), /line 1, organisation: say which organisation the roll belongs to with --organisation/);
      assert.ok(parseActivityFile('roll.csv', csv(ROW), { organisations: two, organisationId: ORG }).ok);
    });
  });
});

describe('activity import into the store', () => {
  let db: Database;
  let deps: { activities: ActivityRepository; clients: ClientRepository; organisations: OrganisationDirectory; clock: () => DateTime };
  const now = DateTime.fromISO('2025-10-20T10:00:00', { zone });

  beforeEach(async () => {
    db = openEmbeddedDatabase({ inMemoryOnly: true });
    deps = { activities: new ActivityRepository(db), clients: new ClientRepository(db), organisations, clock: () => now };
    await deps.activities.ensureIndexes();
    await deps.clients.ensureIndexes();
  });
  afterEach(() => db.close());

  function client(clientId: string, givenName: string, familyName: string, birthDate: string, gender: Client['gender']): Client {
    return {
      organisationId: ORG,
      clientId,
      givenName,
      familyName,
      birthDate,
      birthDateEstimated: false,
      gender,
      slk: computeSlk({ givenName, familyName, birthDate, sex: gender }),
      consentToProvideDetails: true,
      consentedForFutureContacts: true,
      createdAt: now.toISO()!,
      createdBy: { userId: 'x', name: 'X' },
    };
  }

  const files = () => [
    { file: 'examples/activity.json', text: exampleJson },
    { file: 'examples/attendance-roll.csv', text: exampleCsv },
  ];

  it('matches attendees by client id, else by SLK, and creates only the people who attended', async () => {
    await deps.clients.insert(client('CL-DEMO005', 'Beryl', "O'Connor", '1940-05-27', 'FEMALE'));
    await deps.clients.insert(client('CL-KEVIN', 'Kevin', 'Marsh', '1952-03-18', 'MALE'));
    const report = await importActivityFiles(deps, files());
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.activities.map((a) => [a.activityId, a.outcome]),
      [
        ['SP-ACT-2001', 'created'],
        ['SP-ACT-2002', 'created'],
      ],
    );
    assert.equal(report.clientsMatched, 2);
    assert.equal(report.clientsCreated, 4, 'Rosa, Aroha (unknown id CL-DEMO007), Tom and Mary-Anne; each once');
    const walking = await deps.activities.get(ORG, 'SP-ACT-2001');
    const roll = walking!.sessions[0]!.roll;
    assert.equal(roll[0]!.clientId, 'CL-DEMO005', 'matched by id');
    assert.equal(roll[1]!.clientId, 'CL-KEVIN', 'matched by SLK');
    const rosa = (await deps.clients.findBySlk(ORG, computeSlk({ givenName: 'Rosa', familyName: 'Delgado', birthDate: '1959-11-30', sex: 'FEMALE' })))[0]!;
    assert.equal(roll[2]!.clientId, rosa.clientId, 'absent this time, but attended another session, so created and linked');
    assert.match(rosa.clientId, /^CL-[0-9A-Z]{8}$/);
    assert.equal(rosa.consentToProvideDetails, undefined, 'consent is not on a roll, so it is left for staff to record');
    assert.equal(rosa.consentedForFutureContacts, undefined);
    assert.equal(rosa.createdBy.name, 'Activity import');
    assert.equal((await deps.clients.listForSearch(ORG)).length, 6);
  });

  it('does not create a client for someone only ever booked and absent', async () => {
    const report = await importActivityFiles(deps, [
      { file: 'r.csv', text: csv(ROW, 'A-1,Knitting circle,HCS-PARRAMATTA,K-1,14/10/2025,10:00,60,,Never,Came,01/01/1950,MALE,yes,no') },
    ]);
    assert.equal(report.clientsCreated, 1);
    const stored = await deps.activities.get(ORG, 'A-1');
    assert.equal(stored!.sessions[0]!.roll[1]!.clientId, undefined);
  });

  it('imports nothing when any file has a problem', async () => {
    const report = await importActivityFiles(deps, [...files(), { file: 'bad.csv', text: csv(ROW.replace('FEMALE', 'Q')) }]);
    assert.deepEqual(report.problems.map(formatProblem), ['bad.csv: line 2, gender: must be MALE, FEMALE, OTHER or NOTSTATED (got "Q")']);
    assert.equal(report.written, false);
    assert.deepEqual(await deps.activities.list(ORG), []);
    assert.deepEqual(await deps.clients.listForSearch(ORG), []);
  });

  it('names the line of each bad row when a field spans two lines and a blank line follows', async () => {
    const spanning = ROW.replace('Knitting circle', '"Knitting\ncircle"');
    const report = await importActivityFiles(deps, [{ file: 'bad.csv', text: csv(spanning, '', ROW.replace('K-1', 'K-2').replace('FEMALE', 'Q')) }]);
    assert.deepEqual(report.problems.map(formatProblem), [
      'bad.csv: line 2, activity_name: contains a control character (such as a tab or line break) (U+000A); remove it from the file',
      'bad.csv: line 5, gender: must be MALE, FEMALE, OTHER or NOTSTATED (got "Q")',
    ]);
  });

  it('imports nothing when an attendee matches several clients with the same SLK', async () => {
    await deps.clients.insert(client('CL-J1', 'Joan', 'Smith', '1951-07-03', 'FEMALE'));
    await deps.clients.insert(client('CL-J2', 'Joan', 'Smith', '1951-07-03', 'FEMALE'));
    const report = await importActivityFiles(deps, [{ file: 'r.csv', text: csv(ROW) }]);
    assert.deepEqual(report.problems.map(formatProblem), [
      'r.csv: line 2, client_id: Joan Smith has the same SLK as 2 existing clients (CL-J1, CL-J2); give the client id to say which one',
    ]);
    assert.deepEqual(await deps.activities.list(ORG), []);
  });

  it('changes nothing when the same files are imported again, and updates an activity from a newer file', async () => {
    await importActivityFiles(deps, files());
    const clientsBefore = await deps.clients.listForSearch(ORG);
    const storedBefore = await deps.activities.get(ORG, 'SP-ACT-2002');

    const again = await importActivityFiles(deps, files());
    assert.deepEqual(
      again.activities.map((a) => a.outcome),
      ['unchanged', 'unchanged'],
    );
    assert.equal(again.clientsCreated, 0);
    assert.deepEqual(await deps.clients.listForSearch(ORG), clientsBefore);
    assert.deepEqual(await deps.activities.get(ORG, 'SP-ACT-2002'), storedBefore);

    const newer = `${exampleCsv.trimEnd()}\nSP-ACT-2002,Friday art and craft group,HCS-PARRAMATTA,FAC-20250926,26/09/2025,10:00,120,,Tom,Nakamura,07/08/1955,MALE,yes,yes\n`;
    const updated = await importActivityFiles(deps, [{ file: 'roll-v2.csv', text: newer }]);
    assert.deepEqual(
      updated.activities.map((a) => [a.activityId, a.outcome, a.sessions]),
      [['SP-ACT-2002', 'updated', 4]],
    );
    assert.equal(updated.clientsCreated, 0, 'Tom is found by SLK this time');
    const stored = await deps.activities.get(ORG, 'SP-ACT-2002');
    assert.equal(stored!.sessions.length, 4);
    const tomIds = new Set(stored!.sessions.flatMap((s) => s.roll.filter((e) => e.givenName === 'Tom').map((e) => e.clientId)));
    assert.equal(tomIds.size, 1);
    assert.deepEqual((await deps.clients.listForSearch(ORG)).length, clientsBefore.length);
  });

  it('writes nothing in a check-only run', async () => {
    const report = await importActivityFiles(deps, files(), { dryRun: true });
    assert.equal(report.written, false);
    assert.equal(report.clientsCreated, 6);
    assert.deepEqual(
      report.activities.map((a) => a.outcome),
      ['created', 'created'],
    );
    assert.deepEqual(await deps.activities.list(ORG), []);
  });
});
