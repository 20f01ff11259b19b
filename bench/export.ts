import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../src/config/organisations';
import type { CaseClient, CaseFile } from '../src/domain/caseFile';
// The case file module first: the summary module depends on it through readiness.
import '../src/domain/caseFile';
import { summariseCaseFile } from '../src/domain/caseFileSummary';
import type { Client } from '../src/domain/client';
import { loadReferenceData } from '../src/config/referenceDataFiles';
import type { Session } from '../src/domain/session';
import { computeSlk } from '../src/domain/slk';
import { readDexSchema } from '../src/export/dexSchema';
import { exportPeriod } from '../src/export/exportPeriod';
import { folderSink } from '../src/export/folderSink';
import { CaseFileRepository } from '../src/storage/caseFileRepository';
import { ClientRepository } from '../src/storage/clientRepository';
import type { Database } from '../src/storage/database';
import { openEmbeddedDatabase } from '../src/storage/embeddedDatabase';
import { ExportLedger } from '../src/storage/exportLedger';
import { connectMongo } from '../src/storage/mongoDatabase';
import { bulkInserter } from './capacityData';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';

/**
 * Export of a whole reporting period: by default 2,000 case files × 26 weekly sessions × 12 participants,
 * every session with a Community SCORE, all DEX-ready. The data is loaded by a child process first, so the
 * figures are those of a process that only exports. Prints the export time (wall and CPU), the schema-check
 * time within it, the files written, and memory: the RSS with the store open before exporting, after a full
 * garbage collection (the embedded store keeps every document in memory, so this is most of it there), the peak of opening the store, and the
 * peak while exporting (sampled every 20 ms, since the process's lifetime peak may be the store's loading).
 *
 *   npx tsx bench/export.ts [--store embedded|mongodb] [--case-files 2000] [--sessions 26] [--participants 12]
 */

const ORG_ID = 'harbourside-community';
const ZONE = 'Australia/Sydney';
const NOW = DateTime.fromISO('2026-07-10T10:00', { zone: ZONE }) as DateTime<true>;
const ACTOR = { userId: 'bench', name: 'Bench Mark' };
const TARGET_S = 60;
const TARGET_RSS_MB = 300;

const organisation = parseOrganisations(
  {
    organisations: [
      {
        organisationId: ORG_ID,
        name: 'Bench organisation',
        timeZone: ZONE,
        tenantIds: ['bench'],
        outlets: [
          {
            outletId: 'O1',
            name: 'Hub',
            activities: [{ outletActivityId: 10421, name: 'Seniors social groups', program: 'Community and Home Support', serviceTypeIds: [352, 353] }],
          },
        ],
      },
    ],
  },
  'bench organisation',
).byId(ORG_ID)!;

const SUBURBS: [string, 'NSW' | 'NT' | 'VIC', string][] = [
  ['Parramatta', 'NSW', '2150'],
  ['Darwin', 'NT', '0800'],
  ['Fitzroy', 'VIC', '3065'],
];

function client(n: number): Client {
  const givenName = `Given${String.fromCharCode(65 + (n % 26))}${n}`;
  const familyName = `Family${String.fromCharCode(65 + ((n * 7) % 26))}${n}`;
  // A distinct birth date per client, so no two bench clients share an SLK (which readiness would flag).
  const birthDate = DateTime.fromISO('1920-01-01').plus({ days: n }).toISODate()!;
  const [suburb, state, postcode] = SUBURBS[n % SUBURBS.length]!;
  return {
    organisationId: ORG_ID,
    clientId: `CL-B${String(n).padStart(7, '0')}`,
    givenName,
    familyName,
    birthDate,
    birthDateEstimated: false,
    gender: n % 2 ? 'FEMALE' : 'MALE',
    slk: computeSlk({ familyName, givenName, birthDate, sex: n % 2 ? 'FEMALE' : 'MALE' }),
    consentToProvideDetails: n % 5 !== 0,
    consentedForFutureContacts: true,
    isUsingPseudonym: false,
    countryOfBirthCode: '1101',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    hasDisabilities: false,
    residentialAddress: { suburb, state, postcode },
    createdAt: NOW.toISO()!,
    createdBy: ACTOR,
  };
}

/** Weekly sessions from 5 January 2026, all in January–June, each fully filled in and scored. */
function caseFile(id: number, sessionCount: number, clientIds: string[]): CaseFile {
  const first = DateTime.fromISO('2026-01-05T10:00', { zone: ZONE });
  const clients: CaseClient[] = clientIds.map((clientId) => ({
    clientId,
    referralSourceCode: 'SELF',
    reasons: [{ code: 'COMMUNITY', isPrimary: true }],
    addedAt: NOW.toISO()!,
    addedBy: ACTOR,
  }));
  const sessions: Session[] = Array.from({ length: sessionCount }, (_, i) => ({
    sessionId: `S-${String(i + 1).padStart(3, '0')}`,
    startsAt: first.plus({ weeks: i % 26, hours: Math.floor(i / 26) }).toISO()!,
    durationMinutes: 90,
    unidentifiedParticipants: i % 3,
    details: { serviceTypeId: 352, interpreterPresent: false, serviceSettingCode: 'COMMVENUE' },
    participants: clientIds.map((clientId, j) => ({
      clientId,
      participationCode: 'CLIENT' as const,
      referrals: (i + j) % 25 === 0 ? [{ typeCode: 'EXTERNAL' as const, purposeCodes: ['MONEY', 'HOUSING'] }] : [],
    })),
    communityScore: {
      ratings: [
        { domainCode: 'GROUPSKILLS', pre: 2, post: 4 },
        { domainCode: 'GROUPNETWORKS', pre: 3, post: 3 },
      ],
      singleRating: false,
      assessedByCode: 'SDPRACTITIONER',
      recordedAt: NOW.toISO()!,
      recordedBy: ACTOR,
    },
  }));
  const cf: CaseFile = {
    organisationId: ORG_ID,
    caseFileId: `cf-${id}`,
    caseId: `CF-BENCH-${String(id).padStart(5, '0')}`,
    name: `Bench group ${id}`,
    overview: '',
    outletActivityId: 10421,
    clientAttendanceProfileCode: 'PSGROUP',
    totalUnidentifiedClients: 3,
    clients,
    sessions,
    transfers: [],
    audit: [{ at: NOW.toISO()!, by: ACTOR, action: 'sessions.added', detail: 'bench data' }],
    createdAt: NOW.toISO()!,
    createdBy: ACTOR,
    updatedAt: NOW.toISO()!,
    updatedBy: ACTOR,
    version: 1,
  };
  return { ...cf, summary: summariseCaseFile(cf) };
}

type Options = { store: string; caseFiles: number; sessions: number; participants: number };

async function open(options: Options, location: string): Promise<Database> {
  return options.store === 'mongodb' ? connectMongo(location, 'dex_bench_export') : openEmbeddedDatabase({ dataDir: location });
}

/** A full garbage collection, without starting node with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Loads the period's data; run in a child process so the exporting process starts clean. */
async function load(options: Options, location: string): Promise<void> {
  const db = await open(options, location);
  await new CaseFileRepository(db).ensureIndexes();
  await new ClientRepository(db).ensureIndexes();
  // The repositories make the documents (schema-checked, with summaries and listings) and they go in with
  // insertMany, about 2 MB at a time: one insert each takes a FerretDB round trip and a SQLite commit, which
  // made loading 2,000 case files take hours.
  const bulk = bulkInserter(db);
  const clients = new ClientRepository(bulk.db);
  for (let i = 0; i < options.caseFiles; i++) {
    const people: string[] = [];
    for (let j = 0; j < options.participants; j++) {
      const person = client(i * options.participants + j);
      await clients.insert(person);
      people.push(person.clientId);
    }
    // A fresh repository each time: its per-process copy of recent case files is not wanted here.
    const inserted = await new CaseFileRepository(bulk.db).insert(caseFile(i, options.sessions, people));
    if (!inserted.ok) throw new Error(inserted.problems[0]!.message);
    await bulk.settle();
  }
  await bulk.finish();
  await db.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'embedded' },
      'case-files': { type: 'string', default: '2000' },
      sessions: { type: 'string', default: '26' },
      participants: { type: 'string', default: '12' },
      'load-into': { type: 'string' },
    },
  });
  const options: Options = {
    store: values.store!,
    caseFiles: Number(values['case-files']),
    sessions: Number(values.sessions),
    participants: Number(values.participants),
  };
  if (values['load-into']) return load(options, values['load-into']);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-bench-export-'));
  let location = path.join(dir, 'data');
  let dbName: string | undefined;
  if (options.store === 'mongodb') {
    const server = await getMongoServer();
    dbName = uniqueDatabaseName('dex_bench_export');
    location = server.uri.replace(/\/?$/, `/${dbName}`);
  }
  const args = [
    '--store',
    options.store,
    '--case-files',
    String(options.caseFiles),
    '--sessions',
    String(options.sessions),
    '--participants',
    String(options.participants),
  ];
  const loadStarted = performance.now();
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...args, '--load-into', location], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('loading the bench data failed');
  process.stdout.write(
    `Loaded ${options.caseFiles} case files × ${options.sessions} sessions × ${options.participants} participants into ${options.store} in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );

  const db = await open(options, location);
  // The embedded store reads a collection's file on its first use: load every collection the export reads, so
  // the store's own memory is counted here and not as the export's. A MongoDB server holds nothing in this process.
  if (db.kind === 'embedded') {
    for (const name of ['caseFiles', 'caseFileListings', 'clients', 'dexExports', 'dexExportMarks']) await db.collection(name).countDocuments({});
  }
  // The store alone: settled, with nothing of the export in memory yet, and the garbage of reading its files
  // collected, as in a bot that has been running a while (else that garbage is counted as the export's peak).
  collectGarbage();
  // Twice, with a pause: V8 sweeps and hands freed pages back to the system in the background.
  await new Promise((resolve) => setTimeout(resolve, 500));
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const openPeakMb = process.resourceUsage().maxRSS / 1024;
  const storeRssMb = process.memoryUsage.rss() / 2 ** 20;
  const heapBeforeMb = process.memoryUsage().heapUsed / 2 ** 20;
  let heapPeak = 0;
  let exportPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    exportPeak = Math.max(exportPeak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed);
  }, 20);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await exportPeriod(
    { organisation, periodId: '2026-H1', actor: ACTOR, now: NOW },
    {
      caseFiles: new CaseFileRepository(db),
      clients: new ClientRepository(db),
      ledger: new ExportLedger(db),
      referenceData: loadReferenceData(),
      schema: readDexSchema(),
      sink: folderSink(path.join(dir, 'out')),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The process's lifetime peak counts when it was reached during the export (it is the store's loading otherwise).
  const lifetimeMb = process.resourceUsage().maxRSS / 1024;
  const rssMb = Math.max(exportPeak / 2 ** 20, lifetimeMb > openPeakMb ? lifetimeMb : 0);
  const bytes = summary.files.reduce((n, f) => n + f.bytes, 0);
  // What the export keeps once done, against what was garbage at its peak.
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 500));
  collectGarbage();
  const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  process.stdout.write(
    `${[
      `store ${db.description}`,
      `exported: ${summary.counts.cases} cases, ${summary.counts.sessions} sessions, ${summary.counts.participants} participants, ${summary.counts.communityScores} Community SCOREs, ${summary.counts.clients} clients`,
      `left out ${summary.leftOut.length}, schema problems ${summary.problems.length}`,
      `files: ${summary.files.length}, ${(bytes / 1e6).toFixed(1)} MB in all, largest ${(Math.max(...summary.files.map((f) => f.bytes)) / 1e6).toFixed(2)} MB`,
      `export time ${seconds.toFixed(1)} s (target < ${TARGET_S} s), of which schema validation ${(summary.validationMs / 1000).toFixed(1)} s; CPU time ${cpuSeconds.toFixed(1)} s (load average ${os.loadavg()[0]!.toFixed(1)})`,
      `peak RSS while exporting ${rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB); store alone ${storeRssMb.toFixed(0)} MB before exporting (opening it peaked at ${openPeakMb.toFixed(0)} MB), so the export added ${(rssMb - storeRssMb).toFixed(0)} MB`,
      `JS heap in use: ${heapBeforeMb.toFixed(0)} MB before, at most ${(heapPeak / 2 ** 20).toFixed(0)} MB while exporting, ${heapAfterMb.toFixed(0)} MB after it and a full collection (the rest of the peak was garbage not yet collected)`,
    ].join('\n')}\n`,
  );
  await db.close();
  if (dbName) await stopMongoServer();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = seconds < TARGET_S && rssMb < TARGET_RSS_MB && summary.problems.length === 0 ? 0 : 1;
}

main().catch(async (err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  // A failed run still stops the FerretDB it started; its open connections would otherwise keep it running.
  await stopMongoServer().catch(() => undefined);
  process.exit(1);
});
