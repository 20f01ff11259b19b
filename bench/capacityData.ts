import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DateTime } from 'luxon';
import type { CaseClient, CaseFile } from '../src/domain/caseFile';
import type { Client } from '../src/domain/client';
import type { Session } from '../src/domain/session';
import { computeSlk } from '../src/domain/slk';
import { CaseFileRepository } from '../src/storage/caseFileRepository';
import { ClientRepository } from '../src/storage/clientRepository';
import type { CollectionOptions, Database, DocumentCollection, Filter, WriteResult } from '../src/storage/database';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE } from '../src/storage/privateFiles';

/**
 * Fills an embedded data folder with N case files of 26 weekly sessions × 12 participants, each with its own 12
 * clients, for the sample organisation. The documents are made by the project's own repositories (schemas,
 * summaries, listings), but written straight to nedb's files as they come, so generating 5,000 case files
 * (about 190 MB) does not hold them all in memory as a live store would; or, for MongoDB, inserted in bulk
 * (`fillInBulk`).
 */

export const ORG_ID = 'harbourside-community';
export const TARGET_NAME = 'Riverside walking group';
const ZONE = 'Australia/Sydney';
const SESSIONS = 26;
const PARTICIPANTS = 12;
const ACTOR = { userId: 'bench', name: 'Bench Mark' };

/** Receives each document a repository writes, with the collection and the options the repository opened it with. */
type DocumentSink = (collection: string, doc: object, options: CollectionOptions) => void;

/**
 * A store that only captures what the repositories write (inserts and upserting replaces, which is all that
 * creating clients and case files does), handing each document to a sink instead of keeping it.
 */
class CapturingDatabase implements Database {
  readonly kind = 'embedded' as const;
  readonly description = 'capacity data writer';

  constructor(private readonly sink: DocumentSink) {}

  private readonly options = new Map<string, CollectionOptions>();

  collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T> {
    if (options && !this.options.has(name)) this.options.set(name, options);
    const write = (doc: object): void => this.sink(name, doc, this.options.get(name) ?? {});
    const upserted: WriteResult = { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
    const unsupported = (): never => {
      throw new Error(`the capacity data writer only inserts (collection ${name})`);
    };
    return {
      name,
      insertOne: async (doc: T) => write(doc),
      insertMany: async (docs: readonly T[]) => docs.forEach(write),
      replaceOne: async (_filter: Filter, doc: T) => {
        write(doc);
        return upserted;
      },
      createIndex: async () => undefined,
      findOne: unsupported,
      find: unsupported,
      updateOne: unsupported,
      deleteOne: unsupported,
      deleteMany: unsupported,
      countDocuments: unsupported,
    } as unknown as DocumentCollection<T>;
  }

  async ping() {
    return { ok: true, latencyMs: 0 };
  }

  async close(): Promise<void> {}
}

export function caseFileIdOf(caseNumber: number): string {
  return `cf-${String(caseNumber).padStart(6, '0')}`;
}

/** The name of case file number n (from 0). */
export function caseFileNameOf(caseNumber: number): string {
  return caseNumber === 0 ? TARGET_NAME : `Capacity group ${caseNumber}`;
}

function clientsOf(caseNumber: number, now: DateTime): Client[] {
  return Array.from({ length: PARTICIPANTS }, (_, i) => {
    const n = caseNumber * PARTICIPANTS + i;
    const givenName = `Given${String.fromCharCode(65 + (n % 26))}${n}`;
    const familyName = `Family${String.fromCharCode(65 + ((n * 7) % 26))}${n}`;
    const birthDate = `19${40 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`;
    return {
      organisationId: ORG_ID,
      clientId: `CL-${String(n).padStart(7, '0')}`,
      givenName,
      familyName,
      birthDate,
      birthDateEstimated: false,
      gender: n % 2 === 0 ? ('FEMALE' as const) : ('MALE' as const),
      slk: computeSlk({ familyName, givenName, birthDate, sex: n % 2 === 0 ? 'FEMALE' : 'MALE' }),
      consentToProvideDetails: true,
      consentedForFutureContacts: true,
      createdAt: now.toISO()!,
      createdBy: ACTOR,
    };
  });
}

function caseFileOf(caseNumber: number, clients: Client[], now: DateTime): CaseFile {
  const caseClients: CaseClient[] = clients.map((c, i) => ({
    clientId: c.clientId,
    referralSourceCode: 'SELF',
    reasons: [{ code: 'COMMUNITY', isPrimary: true }, ...(i % 2 === 0 ? [{ code: 'AGE', isPrimary: false }] : [])],
    addedAt: now.toISO()!,
    addedBy: ACTOR,
  }));
  const firstWeek = now.minus({ weeks: SESSIONS }).startOf('day').set({ hour: 10 });
  const sessions: Session[] = Array.from({ length: SESSIONS }, (_, i) => ({
    sessionId: `S-${String(i + 1).padStart(3, '0')}`,
    startsAt: firstWeek.plus({ weeks: i }).toISO()!,
    durationMinutes: 90,
    unidentifiedParticipants: i % 3,
    details: { serviceTypeId: 352, serviceSettingCode: 'ORGOUTLETOFFICE' },
    participants: caseClients.map((c, j) => ({
      clientId: c.clientId,
      participationCode: 'CLIENT' as const,
      referrals: (i + j) % 20 === 0 ? [{ typeCode: 'EXTERNAL' as const, purposeCodes: ['HOUSING'] }] : [],
    })),
    ...(i % 4 === 0
      ? {
          communityScore: {
            ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 4 }],
            singleRating: false,
            assessedByCode: 'SDPRACTITIONER',
            recordedAt: now.toISO()!,
            recordedBy: ACTOR,
          },
        }
      : {}),
  }));
  return {
    organisationId: ORG_ID,
    caseFileId: caseFileIdOf(caseNumber),
    caseId: `CAP-${String(caseNumber).padStart(6, '0')}`,
    name: caseFileNameOf(caseNumber),
    overview: '',
    outletActivityId: 10421,
    clientAttendanceProfileCode: 'PSGROUP',
    totalUnidentifiedClients: 0,
    clients: caseClients,
    sessions,
    transfers: [],
    audit: sessions.map((s) => ({ at: now.toISO()!, by: ACTOR, action: 'sessions.added', detail: `Added session ${s.sessionId}` })),
    createdAt: now.toISO()!,
    createdBy: ACTOR,
    updatedAt: now.toISO()!,
    updatedBy: ACTOR,
    version: 1,
  };
}

/**
 * Makes N case files (and their clients) through the repositories, handing every document they write to
 * `sink`; `afterEach` runs after each case file, so a sink that batches can flush.
 */
async function generate(caseFiles: number, db: Database, afterEach: () => Promise<void> = async () => undefined): Promise<void> {
  const now = DateTime.now().setZone(ZONE);
  const clientRepo = new ClientRepository(db);
  for (let n = 0; n < caseFiles; n++) {
    const clients = clientsOf(n, now);
    for (const client of clients) await clientRepo.insert(client);
    // A fresh repository each time: its per-process copy of recent case files is not wanted here.
    const outcome = await new CaseFileRepository(db).insert(caseFileOf(n, clients, now));
    if (!outcome.ok) throw new Error(`case file ${n} was refused: ${JSON.stringify(outcome)}`);
    await afterEach();
  }
}

/** Writes the data folder unless a finished one is there already (a `.complete` marker). */
export async function ensureCapacityData(dir: string, caseFiles: number): Promise<{ generatedMs: number | undefined }> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return { generatedMs: undefined };
  fs.rmSync(dir, { recursive: true, force: true });
  ensurePrivateDirectory(dir);
  const started = performance.now();
  const files = new Map<string, number>();
  try {
    await generate(
      caseFiles,
      new CapturingDatabase((name, doc) => {
        let fd = files.get(name);
        if (fd === undefined) {
          fd = fs.openSync(path.join(dir, `${name}.db`), 'a', PRIVATE_FILE_MODE);
          files.set(name, fd);
        }
        fs.writeSync(fd, `${JSON.stringify({ ...doc, _id: randomBytes(8).toString('hex') })}\n`);
      }),
    );
  } finally {
    for (const fd of files.values()) fs.closeSync(fd);
  }
  fs.writeFileSync(marker, '');
  return { generatedMs: performance.now() - started };
}

/** About 2 MB of documents per insertMany: few round trips, and each one short enough for a busy server. */
const BULK_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * A store for the repositories to write through that inserts what they write into `target` with insertMany in
 * batches of about 2 MB, through the target's own driver (so keyed collections get the same `_id`s). Call
 * `settle()` between records (it inserts once a batch is full) and `finish()` at the end; `written` counts the
 * documents per collection. `seen` is shown every document on its way.
 */
export function bulkInserter(target: Database, seen: DocumentSink = () => undefined) {
  const pending = new Map<string, { docs: object[]; options: CollectionOptions }>();
  const written: Record<string, number> = {};
  let bytesSeen = 0;
  const flush = async (name: string): Promise<void> => {
    const batch = pending.get(name);
    if (!batch || batch.docs.length === 0) return;
    pending.delete(name);
    await target.collection<object>(name, batch.options).insertMany(batch.docs);
    written[name] = (written[name] ?? 0) + batch.docs.length;
  };
  const db = new CapturingDatabase((name, doc, options) => {
    seen(name, doc, options);
    const batch = pending.get(name) ?? { docs: [], options };
    batch.docs.push(doc);
    bytesSeen += JSON.stringify(doc).length;
    pending.set(name, batch);
  });
  return {
    db: db as Database,
    written,
    async settle(): Promise<void> {
      if (bytesSeen < BULK_BATCH_BYTES) return;
      bytesSeen = 0;
      for (const name of [...pending.keys()]) await flush(name);
    },
    async finish(): Promise<void> {
      for (const name of [...pending.keys()]) await flush(name);
    },
  };
}

/**
 * The bulk path for MongoDB: the same documents the repositories write (made by them, so validated by the
 * domain schemas, with their summaries and listings), inserted by `bulkInserter`: a fraction of the time that
 * saving them one at a time through the repositories takes. Returns the documents written per collection.
 */
export async function fillInBulk(target: Database, caseFiles: number): Promise<{ written: Record<string, number>; samples: object[] }> {
  // The first, middle and last case files as written, for checking that they read back the same.
  const sampleIds = new Set([0, Math.floor(caseFiles / 2), caseFiles - 1].map(caseFileIdOf));
  const samples: object[] = [];
  const bulk = bulkInserter(target, (name, doc) => {
    if (name === 'caseFiles' && sampleIds.has((doc as CaseFile).caseFileId)) samples.push(structuredClone(doc));
  });
  await generate(caseFiles, bulk.db, () => bulk.settle());
  await bulk.finish();
  return { written: bulk.written, samples };
}

/**
 * Reads the sample case files back through the repositories (schema-checked) and compares them, and their
 * clients, with what was written; returns the problems found, none when the bulk path wrote what the
 * repositories would have.
 */
export async function checkSamplesRoundTrip(db: Database, samples: readonly object[]): Promise<string[]> {
  const caseFiles = new CaseFileRepository(db);
  const clients = new ClientRepository(db);
  const problems: string[] = [];
  for (const written of samples as CaseFile[]) {
    const read = await caseFiles.get(written.organisationId, written.caseFileId);
    if (!isDeepStrictEqual(read, written)) problems.push(`${written.caseFileId} reads back differently`);
    const listed = (await caseFiles.listSummaries(written.organisationId)).find((l) => l.caseFileId === written.caseFileId);
    if (listed?.name !== written.name) problems.push(`${written.caseFileId} has no listing`);
    const people = await clients.getMany(
      written.organisationId,
      written.clients.map((c) => c.clientId),
    );
    if (people.length !== written.clients.length) problems.push(`${written.caseFileId}: ${people.length} of ${written.clients.length} clients read back`);
  }
  return problems;
}

export function dataBytes(dir: string): number {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}
