import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CaseClient, CaseFile } from '../src/domain/caseFile';
import type { Client } from '../src/domain/client';
import type { Session } from '../src/domain/session';
import { computeSlk } from '../src/domain/slk';
import { CaseFileRepository } from '../src/storage/caseFileRepository';
import { ClientRepository } from '../src/storage/clientRepository';
import type { Database, DocumentCollection, Filter, WriteResult } from '../src/storage/database';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE } from '../src/storage/privateFiles';

/**
 * Fills an embedded data folder with N case files of 26 weekly sessions × 12 participants, each with its own 12
 * clients, for the sample organisation. The documents are made by the project's own repositories (schemas,
 * summaries, listings), but written straight to nedb's files as they come, so generating 5,000 case files
 * (about 190 MB) does not hold them all in memory as a live store would.
 */

export const ORG_ID = 'harbourside-community';
export const TARGET_NAME = 'Riverside walking group';
const ZONE = 'Australia/Sydney';
const SESSIONS = 26;
const PARTICIPANTS = 12;
const ACTOR = { userId: 'bench', name: 'Bench Mark' };

/** Captures what the repositories write, as nedb data-file lines, one file per collection. */
class FileWritingDatabase implements Database {
  readonly kind = 'embedded' as const;
  readonly description = 'capacity data writer';
  private readonly files = new Map<string, number>();

  constructor(private readonly dir: string) {}

  collection<T extends object>(name: string): DocumentCollection<T> {
    const write = (doc: object): void => {
      let fd = this.files.get(name);
      if (fd === undefined) {
        fd = fs.openSync(path.join(this.dir, `${name}.db`), 'a', PRIVATE_FILE_MODE);
        this.files.set(name, fd);
      }
      fs.writeSync(fd, `${JSON.stringify({ ...doc, _id: randomBytes(8).toString('hex') })}\n`);
    };
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

  async close(): Promise<void> {
    for (const fd of this.files.values()) fs.closeSync(fd);
    this.files.clear();
  }
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
    caseFileId: `cf-${String(caseNumber).padStart(6, '0')}`,
    caseId: `CAP-${String(caseNumber).padStart(6, '0')}`,
    name: caseNumber === 0 ? TARGET_NAME : `Capacity group ${caseNumber}`,
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

/** Writes the data folder unless a finished one is there already (a `.complete` marker). */
export async function ensureCapacityData(dir: string, caseFiles: number): Promise<{ generatedMs: number | undefined }> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return { generatedMs: undefined };
  fs.rmSync(dir, { recursive: true, force: true });
  ensurePrivateDirectory(dir);
  const started = performance.now();
  const now = DateTime.now().setZone(ZONE);
  const db = new FileWritingDatabase(dir);
  try {
    const clientRepo = new ClientRepository(db);
    for (let n = 0; n < caseFiles; n++) {
      const clients = clientsOf(n, now);
      for (const client of clients) await clientRepo.insert(client);
      // A fresh repository each time: its per-process copy of recent case files is not wanted here.
      const outcome = await new CaseFileRepository(db).insert(caseFileOf(n, clients, now));
      if (!outcome.ok) throw new Error(`case file ${n} was refused: ${JSON.stringify(outcome)}`);
    }
  } finally {
    await db.close();
  }
  fs.writeFileSync(marker, '');
  return { generatedMs: performance.now() - started };
}

export function dataBytes(dir: string): number {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}
