import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { BSON } from 'mongodb';
import { loadOrganisations, resolveOrganisationsFile } from '../src/config/organisations';
import { addNewActivitySessions, caseFileFromActivity } from '../src/domain/activityTransfer';
import type { CaseFile } from '../src/domain/caseFile';
import type { ChangeContext } from '../src/domain/caseFileOperations';
import { generateCaseId } from '../src/domain/identifiers';
import { importActivityFiles } from '../src/importing/activityImport';
import { matchAttendees } from '../src/importing/attendeeMatching';
import { ActivityRepository } from '../src/storage/activityRepository';
import { ActivityTransferLedger, insertTransferredCaseFile } from '../src/storage/activityTransferLedger';
import { CaseFileRepository } from '../src/storage/caseFileRepository';
import { ClientRepository } from '../src/storage/clientRepository';
import type { Database } from '../src/storage/database';
import { openEmbeddedDatabase } from '../src/storage/embeddedDatabase';
import { connectMongo, type MongoDatabase } from '../src/storage/mongoDatabase';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';

/**
 * Transfers an activity of 52 weekly sessions with 25 attendees each (a year of a large group) into a new
 * case file, on the embedded store and on MongoDB (MONGODB_URI, else a local FerretDB), and prints the time
 * of each part and the stored case file's size. Run: npx tsx bench/transfer.ts [runs]
 */

const SESSIONS = 52;
const ATTENDEES = 25;
const RUNS = Number(process.argv[2] ?? 5);

const org = loadOrganisations(resolveOrganisationsFile(undefined)).organisations[0]!;
const zone = org.timeZone;
const GIVEN = ['Margaret', 'Harold', 'Joan', 'Wei', 'Beryl', 'Stan', 'Aroha', 'Giuseppe', 'Fatima', 'Doug', 'Priya', 'Alex', 'Nora'];
const FAMILY = ['Nguyen', 'Fitzgerald', 'Papadopoulos', 'Li', 'OConnor', 'Kowalski', 'Walker', 'Romano', 'Haddad', 'Smith', 'Sharma', 'Taylor', 'Brennan'];

/** The roll as the activity system exports it: every one of the attendees booked and present every week. */
function rollCsv(activityId: string, now: DateTime): string {
  const rows = [
    'activity_id,activity_name,outlet_id,session_key,session_date,start_time,duration_minutes,client_id,given_name,family_name,birth_date,gender,booked,attended',
  ];
  for (let w = 0; w < SESSIONS; w++) {
    const day = now.minus({ weeks: SESSIONS - w }).set({ weekday: 2 });
    for (let p = 0; p < ATTENDEES; p++) {
      const given = `${GIVEN[p % GIVEN.length]}${p >= GIVEN.length ? 'e' : ''}`;
      const family = FAMILY[(p * 7) % FAMILY.length]!;
      const birth = `${String(1 + (p % 28)).padStart(2, '0')}/0${1 + (p % 9)}/19${40 + p}`;
      rows.push(
        [
          activityId,
          `Large group ${activityId}`,
          org.outlets[0]!.outletId,
          `${activityId}-${w}`,
          day.toFormat('dd/MM/yyyy'),
          '10:00',
          '120',
          '',
          given,
          family,
          birth,
          p % 2 ? 'MALE' : 'FEMALE',
          'yes',
          'yes',
        ].join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

type Timings = { importMs: number; matchMs: number; buildMs: number; writeMs: number; addSessionMs: number };

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

async function run(db: Database): Promise<{ timings: Timings[]; stored: CaseFile }> {
  const activities = new ActivityRepository(db);
  const clients = new ClientRepository(db);
  const caseFiles = new CaseFileRepository(db);
  const ledger = new ActivityTransferLedger(db);
  await Promise.all([activities.ensureIndexes(), clients.ensureIndexes(), caseFiles.ensureIndexes(), ledger.ensureIndexes()]);
  const now = DateTime.now().setZone(zone);
  const ctx: ChangeContext = { actor: { userId: 'bench', name: 'Bench Runner' }, now, zone };
  const organisations = loadOrganisations(resolveOrganisationsFile(undefined));
  const timings: Timings[] = [];
  let stored: CaseFile | undefined;
  for (let i = 0; i < RUNS; i++) {
    const activityId = `BENCH-${i}`;
    const [report, importMs] = await timed(() =>
      importActivityFiles({ activities, clients, organisations, clock: () => now }, [{ file: `${activityId}.csv`, text: rollCsv(activityId, now) }]),
    );
    if (report.problems.length) throw new Error(JSON.stringify(report.problems.slice(0, 3)));
    const activity = (await activities.get(org.organisationId, activityId))!;
    const [matches, matchMs] = await timed(() =>
      matchAttendees(
        clients,
        org.organisationId,
        activity.sessions.flatMap((s) => s.roll.filter((e) => e.attended)),
      ),
    );
    const details = {
      caseFileId: `bench-${i}-${Date.now()}`,
      caseId: generateCaseId(now),
      name: `Large group ${i}`,
      overview: '',
      outletActivityId: org.outlets[0]!.activities[0]!.outletActivityId,
      clientAttendanceProfileCode: 'PSGROUP' as const,
    };
    const [built, buildMs] = await timed(() => caseFileFromActivity(org, activity, matches.matched, details, ctx));
    if (!built.ok) throw new Error(built.problems[0]!.message);
    const [written, writeMs] = await timed(() =>
      insertTransferredCaseFile(ledger, caseFiles, built.value, { activityId, activityName: activity.name }, ctx.actor, now.toMillis()),
    );
    if (written.status !== 'created') throw new Error(`transfer ${written.status}`);
    const nextWeek = {
      ...activity,
      sessions: [
        ...activity.sessions,
        { ...activity.sessions.at(-1)!, sessionKey: `${activityId}-extra`, startsAt: now.startOf('day').plus({ hours: 9 }).toISO()! },
      ],
    };
    const [added, addSessionMs] = await timed(() =>
      caseFiles.update(org.organisationId, details.caseFileId, (cf) => addNewActivitySessions(cf, nextWeek, matches.matched, ctx)),
    );
    if (!added.ok) throw new Error(added.problems[0]!.message);
    stored = (await caseFiles.get(org.organisationId, details.caseFileId))!;
    timings.push({ importMs, matchMs, buildMs, writeMs, addSessionMs });
  }
  return { timings, stored: stored! };
}

function ms(n: number): string {
  return `${n.toFixed(1).padStart(7)} ms`;
}

function report(label: string, timings: Timings[], stored: CaseFile, extra: string[]): void {
  const first = timings[0]!;
  const rest = timings.length > 1 ? timings.slice(1) : timings;
  const transfer = timings.map((t) => t.matchMs + t.buildMs + t.writeMs);
  const participants = stored.sessions.reduce((n, s) => n + s.participants.length, 0);
  process.stdout.write(
    `${[
      `\n${label}`,
      `  case file: ${stored.sessions.length} sessions, ${stored.clients.length} clients, ${participants} participants (after adding one more week)`,
      `  import of the CSV roll (${SESSIONS * ATTENDEES} rows): first ${ms(first.importMs)} (creates ${ATTENDEES} clients), later runs median ${ms(median(rest.map((t) => t.importMs)))}`,
      `  transfer, median of ${timings.length}: ${ms(median(transfer))}  = match attendees ${ms(median(timings.map((t) => t.matchMs)))} + build case file ${ms(median(timings.map((t) => t.buildMs)))} + claim and insert ${ms(median(timings.map((t) => t.writeMs)))}`,
      `  add one new session to it, median: ${ms(median(timings.map((t) => t.addSessionMs)))}`,
      `  stored size: JSON.stringify ${JSON.stringify(stored).length.toLocaleString('en-AU')} bytes, BSON ${BSON.calculateObjectSize(stored).toLocaleString('en-AU')} bytes (computed by the driver's BSON library, without _id)`,
      ...extra.map((e) => `  ${e}`),
    ].join('\n')}\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(`Transfer benchmark: ${SESSIONS} weekly sessions x ${ATTENDEES} attendees, ${RUNS} run(s) per store, node ${process.version}\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-bench-transfer-'));
  try {
    const embedded = openEmbeddedDatabase({ dataDir: dir });
    const { timings, stored } = await run(embedded);
    await embedded.close();
    const fileBytes = statSync(path.join(dir, 'caseFiles.db')).size;
    report(embedded.description, timings, stored, [`caseFiles.db after compaction: ${fileBytes.toLocaleString('en-AU')} bytes for ${RUNS} case files`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  let mongo: MongoDatabase | undefined;
  try {
    const server = await getMongoServer();
    mongo = await connectMongo(server.uri, uniqueDatabaseName('dex_bench'));
    const { timings, stored } = await run(mongo);
    report(mongo.description, timings, stored, []);
  } finally {
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await stopMongoServer();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
