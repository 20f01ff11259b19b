import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../src/config/organisations';
import type { CaseClient, CaseFile } from '../src/domain/caseFile';
import { caseFileStatus } from '../src/domain/caseFileStatus';
import { caseFilesDue, summariseCaseFile, type SummarisedCaseFile } from '../src/domain/caseFileSummary';
import type { Client } from '../src/domain/client';
import { checkReadiness } from '../src/domain/readiness';
import { loadReferenceData } from '../src/config/referenceDataFiles';
import type { Session } from '../src/domain/session';
import { computeSlk } from '../src/domain/slk';
import { CaseFileRepository } from '../src/storage/caseFileRepository';
import { ClientRepository } from '../src/storage/clientRepository';
import type { Database } from '../src/storage/database';
import { openEmbeddedDatabase } from '../src/storage/embeddedDatabase';
import { connectMongo } from '../src/storage/mongoDatabase';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';

/**
 * Status and readiness of one big case file (500 sessions of 30 participants), read from the store and
 * computed, and "case files due" over 2,000 case files, on the embedded store and on MongoDB (FerretDB when
 * MONGODB_URI is not set). Usage: npx tsx bench/status.ts [--store embedded|mongodb|both] [--clients N]
 * The exit code reflects the computation's median CPU time, which a busy shared machine inflates least.
 */

const ORG_ID = 'harbourside-community';
const ZONE = 'Australia/Sydney';
const NOW = DateTime.fromISO('2025-12-20T10:00', { zone: ZONE });
const ACTOR = { userId: 'bench', name: 'Bench Mark' };
const SESSIONS = 500;
const PARTICIPANTS = 30;
const CASE_FILES = 2_000;
/** `--clients N`: N more clients in the organisation, on no case file, which "my case files" reads too (their records' errors). */
const EXTRA_CLIENTS = process.argv.includes('--clients') ? Number(process.argv[process.argv.indexOf('--clients') + 1]) : 0;
const SMALL_SESSIONS = 12;
const SMALL_PARTICIPANTS = 8;
const STATUS_RUNS = 30;
const DUE_RUNS = 5;
const TARGET_MS = 100;

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
const referenceData = loadReferenceData();

function clientsFor(count: number): Client[] {
  return Array.from({ length: count }, (_, i) => {
    // The SLK takes the 2nd, 3rd and 5th letters of the family name and the 2nd and 3rd of the given name, so
    // those letters vary with i: every client has an SLK of its own, as in a real organisation.
    const letter = (n: number) => String.fromCharCode(97 + (Math.floor(n) % 26));
    const givenName = `G${letter(i / 17576)}${letter(i / 676)}ven${i}`;
    const familyName = `F${letter(i)}${letter(i / 26)}m${letter(i / 676)}ly${i}`;
    return {
      organisationId: ORG_ID,
      clientId: `CL-BENCH${String(i).padStart(4, '0')}`,
      givenName,
      familyName,
      birthDate: '1950-03-01',
      birthDateEstimated: false,
      gender: 'FEMALE' as const,
      slk: computeSlk({ familyName, givenName, birthDate: '1950-03-01', sex: 'FEMALE' }),
      consentToProvideDetails: true,
      consentedForFutureContacts: true,
      createdAt: NOW.toISO()!,
      createdBy: ACTOR,
    };
  });
}

/** Sessions spread back from the day before NOW, all in the open period, with a realistic mix of gaps. */
function caseFile(id: number, sessionCount: number, participantCount: number, clientIds: string[]): CaseFile {
  const firstDay = NOW.minus({ days: 1 }).startOf('day');
  const clients: CaseClient[] = clientIds.slice(0, participantCount).map((clientId, i) => ({
    clientId,
    referralSourceCode: i % 10 === 0 ? undefined : 'SELF',
    reasons: [
      { code: 'COMMUNITY', isPrimary: true },
      { code: 'AGE', isPrimary: false },
    ],
    addedAt: NOW.toISO()!,
    addedBy: ACTOR,
  }));
  const sessions: Session[] = Array.from({ length: sessionCount }, (_, i) => ({
    sessionId: `S-${String(i + 1).padStart(4, '0')}`,
    startsAt: firstDay
      .minus({ hours: Math.floor((i * 24 * 170) / Math.max(sessionCount, 1)) })
      .set({ minute: 0 })
      .toISO()!,
    durationMinutes: 90,
    unidentifiedParticipants: i % 4,
    details: i % 7 === 0 ? {} : { serviceTypeId: 352, serviceSettingCode: 'ORGOUTLETOFFICE' },
    participants: clients.map((c, j) => ({
      clientId: c.clientId,
      participationCode: j % 9 === 0 ? ('SUPPORT' as const) : ('CLIENT' as const),
      referrals: (i + j) % 25 === 0 ? [{ typeCode: 'EXTERNAL' as const, purposeCodes: ['MONEY', 'HOUSING'] }] : [],
    })),
    ...(i % 3 === 0
      ? {}
      : {
          communityScore: {
            ratings: [
              { domainCode: 'SOCIALCOHESION', pre: 2, ...(i % 5 === 0 ? {} : { post: 4 }) },
              { domainCode: 'GROUPSKILLS', pre: 3, post: 3 },
            ],
            singleRating: false,
            assessedByCode: 'SDPRACTITIONER',
            recordedAt: NOW.toISO()!,
            recordedBy: ACTOR,
          },
        }),
  }));
  return {
    organisationId: ORG_ID,
    caseFileId: `cf-${id}`,
    caseId: `CF-BENCH-${String(id).padStart(5, '0')}`,
    name: `Bench group ${id}`,
    overview: '',
    outletActivityId: 10421,
    clientAttendanceProfileCode: 'PSGROUP',
    totalUnidentifiedClients: 0,
    clients,
    sessions,
    transfers: [],
    audit: sessions.map((s) => ({ at: NOW.toISO()!, by: ACTOR, action: 'sessions.added', detail: `Added session(s) ${s.sessionId}` })),
    createdAt: NOW.toISO()!,
    createdBy: ACTOR,
    updatedAt: NOW.toISO()!,
    updatedBy: ACTOR,
    version: 1,
  };
}

type Stats = { median: number; p95: number; max: number };

/**
 * Wall time and this process's CPU time. On a busy machine the wall time includes waiting for a core; the
 * CPU time is the work itself (it leaves out the database server's own work for MongoDB).
 */
type Sample = { wall: number; cpu: number };

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const line = (label: string, s: Stats) =>
  `  ${label.padEnd(40)} median ${ms(s.median).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   max ${ms(s.max).padStart(10)}`;

function report(label: string, samples: Sample[]): { wall: Stats; cpu: Stats } {
  const wall = stats(samples.map((x) => x.wall));
  const cpu = stats(samples.map((x) => x.cpu));
  console.log(line(`${label}, wall`, wall));
  console.log(line(`${label}, CPU`, cpu));
  return { wall, cpu };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function sampled<T>(fn: () => Promise<T> | T): Promise<[T, Sample]> {
  const wall = performance.now();
  const cpu = cpuMs();
  const value = await fn();
  return [value, { wall: performance.now() - wall, cpu: cpuMs() - cpu }];
}

async function benchStore(label: string, db: Database): Promise<boolean> {
  const caseFiles = new CaseFileRepository(db);
  const clientRepo = new ClientRepository(db);
  await caseFiles.ensureIndexes();
  await clientRepo.ensureIndexes();
  const clients = clientsFor(PARTICIPANTS);
  for (const c of clients) await clientRepo.insert(c);
  const clientIds = clients.map((c) => c.clientId);

  console.log(
    `\n${label} (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs)`,
  );
  const big = caseFile(0, SESSIONS, PARTICIPANTS, clientIds);
  const [, insertMs] = await timed(() => caseFiles.insert(big));
  console.log(
    `  insert one case file of ${SESSIONS} sessions x ${PARTICIPANTS} participants (summary included): ${ms(insertMs)}, ${(Buffer.byteLength(JSON.stringify(big)) / 1024).toFixed(0)} KB`,
  );

  // A bot process that has not read this case file yet (just started, or another instance wrote it last).
  const coldReads: number[] = [];
  for (let run = 0; run < 3; run++) {
    const [, coldMs] = await timed(() => new CaseFileRepository(db).get(ORG_ID, big.caseFileId));
    coldReads.push(coldMs);
  }
  console.log(`  first read of the case file in a process (no copy kept yet), 3 runs: ${coldReads.map(ms).join(', ')}`);

  const read: Sample[] = [];
  const compute: Sample[] = [];
  const total: Sample[] = [];
  let counts = '';
  for (let run = 0; run < STATUS_RUNS; run++) {
    const [[cf, people], r] = await sampled(async () => {
      const found = (await caseFiles.get(ORG_ID, big.caseFileId))!;
      return [
        found,
        await clientRepo.getMany(
          ORG_ID,
          found.clients.map((c) => c.clientId),
        ),
      ] as const;
    });
    const [text, c] = await sampled(() => {
      const clientsById = new Map(people.map((p) => [p.clientId, p]));
      const status = caseFileStatus(cf, { organisation, clientsById });
      const readiness = checkReadiness(cf, { organisation, referenceData, clientsById, now: NOW });
      return `${status.sessionCount} sessions, ${readiness.errors.length} errors, ${readiness.warnings.length} warnings`;
    });
    counts = text;
    read.push(r);
    compute.push(c);
    total.push({ wall: r.wall + c.wall, cpu: r.cpu + c.cpu });
  }
  console.log(`  status + readiness (${counts}), ${STATUS_RUNS} runs:`);
  report('read (case file + clients)', read);
  const computeStats = report('compute (status + readiness)', compute);
  const totalStats = report('read + compute', total);

  const others = Array.from({ length: CASE_FILES - 1 }, (_, i) => caseFile(i + 1, SMALL_SESSIONS, SMALL_PARTICIPANTS, clientIds));
  const [, fillMs] = await timed(async () => {
    for (let i = 0; i < others.length; i += 50) await Promise.all(others.slice(i, i + 50).map((cf) => caseFiles.insert(cf)));
  });
  console.log(`  stored ${CASE_FILES} case files in ${(fillMs / 1000).toFixed(1)} s`);
  const extra = clientsFor(PARTICIPANTS + EXTRA_CLIENTS).slice(PARTICIPANTS);
  for (let i = 0; i < extra.length; i += 100) await Promise.all(extra.slice(i, i + 100).map((c) => clientRepo.insert(c)));

  const due: Sample[] = [];
  let listed = 0;
  for (let run = 0; run < DUE_RUNS; run++) {
    const [result, took] = await sampled(async () => {
      const listings = await caseFiles.listForDashboard(ORG_ID);
      const summarised = listings.filter((l): l is SummarisedCaseFile => l.summary !== undefined);
      // As the dialog does: the errors of the clients' own records are read now, not stored (see caseFilesDue).
      const clientErrors = await clientRepo.recordErrorCounts(ORG_ID, [...new Set(summarised.flatMap((l) => l.summary.clientIds ?? []))]);
      return caseFilesDue(summarised, NOW, ZONE, clientErrors);
    });
    due.push(took);
    listed = result.reduce((n, p) => n + p.caseFiles.length, 0);
  }
  console.log(`  "my case files" over ${CASE_FILES} case files (${listed} listed), ${PARTICIPANTS + EXTRA_CLIENTS} clients, ${DUE_RUNS} runs:`);
  report('read summaries + client records + sort', due);
  const clientPart: Sample[] = [];
  for (let run = 0; run < DUE_RUNS; run++) clientPart.push((await sampled(() => clientRepo.recordErrorCounts(ORG_ID, clientIds)))[1]);
  report('of which client records alone', clientPart);
  const [, naiveMs] = await timed(async () => {
    const all = await db.collection<CaseFile>('caseFiles').find({ organisationId: ORG_ID });
    return all.map((cf) => summariseCaseFile(cf));
  });
  console.log(`  for comparison, reading every case file in full and summarising it: ${ms(naiveMs)}`);
  const [, namesMs] = await timed(() => caseFiles.listSummaries(ORG_ID));
  console.log(`  for comparison, listSummaries (names only, what finding a case file by name reads): ${ms(namesMs)}`);

  const verdict = (n: number) => (n < TARGET_MS ? 'met' : 'NOT MET');
  console.log(
    `  under ${TARGET_MS} ms? compute: median ${verdict(computeStats.wall.median)}, p95 ${verdict(computeStats.wall.p95)}; read + compute: median ${verdict(totalStats.wall.median)}, p95 ${verdict(totalStats.wall.p95)}`,
  );
  return computeStats.cpu.median < TARGET_MS;
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--store');
  const store = arg >= 0 ? process.argv[arg + 1] : 'both';
  if (!['embedded', 'mongodb', 'both'].includes(store ?? '')) throw new Error('--store must be embedded, mongodb or both');
  let allMet = true;
  if (store !== 'mongodb') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-bench-status-'));
    const db = openEmbeddedDatabase({ dataDir: dir });
    try {
      allMet = (await benchStore(`embedded store (${db.description})`, db)) && allMet;
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (store !== 'embedded') {
    try {
      const server = await getMongoServer();
      const dbName = uniqueDatabaseName('dex_bench_status');
      const db = await connectMongo(server.uri, dbName);
      try {
        allMet = (await benchStore(`MongoDB store (${server.label})`, db)) && allMet;
      } finally {
        await db.dropDatabase();
        await db.close();
      }
    } finally {
      await stopMongoServer();
    }
  }
  if (!allMet) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
