import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseFile } from '../../src/domain/caseFile';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, updateSessionDetails, type ChangeContext } from '../../src/domain/caseFileOperations';
import type { Client } from '../../src/domain/client';
import { recordCommunityScore } from '../../src/domain/communityScore';
import type { Organisation } from '../../src/domain/organisation';
import type { Outcome } from '../../src/domain/outcome';
import { loadReferenceData } from '../../src/config/referenceDataFiles';
import { computeSlk } from '../../src/domain/slk';
import type { FileSink } from '../../src/export/exportTypes';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { ClientRepository } from '../../src/storage/clientRepository';
import type { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { sampleOrganisations } from './sampleOrganisations';

export const organisation: Organisation = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
export const ORG_ID = organisation.organisationId;
export const ZONE = organisation.timeZone;
export const referenceData = loadReferenceData();
/** Mid-period: 2026-H1 is open, 2025-H2 closed on 30 January 2026. */
export const NOW = DateTime.fromISO('2026-03-20T12:00:00', { zone: ZONE }) as DateTime<true>;
export const ACTOR = { userId: 'u-export', name: 'Pat Officer' };
export const ctx = (now: DateTime = NOW): ChangeContext => ({ actor: ACTOR, now, zone: ZONE });

export function must<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}

/** A client with every detail DEX's Client element requires. */
export function completeClient(clientId: string, givenName: string, familyName: string, extra: Partial<Client> = {}): Client {
  const birthDate = extra.birthDate ?? '1950-04-02';
  return {
    organisationId: ORG_ID,
    clientId,
    givenName,
    familyName,
    birthDate,
    birthDateEstimated: false,
    gender: 'FEMALE',
    slk: computeSlk({ familyName, givenName, birthDate, sex: 'FEMALE' }),
    consentToProvideDetails: true,
    consentedForFutureContacts: false,
    isUsingPseudonym: false,
    countryOfBirthCode: '1101',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    hasDisabilities: false,
    residentialAddress: { suburb: 'Darwin', state: 'NT', postcode: '0800' },
    createdAt: NOW.toISO()!,
    createdBy: ACTOR,
    ...extra,
  } as Client;
}

export type GroupSpec = {
  caseFileId: string;
  caseId: string;
  name: string;
  clients: Client[];
  /** Local dates and times of the sessions, e.g. '2026-02-10T10:00'. */
  sessionTimes: string[];
  serviceTypeId?: number | undefined;
  scored?: boolean;
};

/** A seniors' group case file with every session filled in, through the domain operations the flows use. */
export function groupCaseFile(spec: GroupSpec): CaseFile {
  const c = ctx();
  let cf = must(
    createCaseFile(
      organisation,
      {
        organisationId: ORG_ID,
        caseFileId: spec.caseFileId,
        caseId: spec.caseId,
        name: spec.name,
        overview: '',
        outletActivityId: 10421,
        clientAttendanceProfileCode: 'PSGROUP',
        totalUnidentifiedClients: 1,
      },
      c,
    ),
  );
  cf = must(
    addCaseClients(
      cf,
      spec.clients.map((p) => ({
        clientId: p.clientId,
        givenName: p.givenName,
        familyName: p.familyName,
        referralSourceCode: 'SELF',
        reasons: [{ code: 'COMMUNITY', isPrimary: true }],
      })),
      c,
    ),
  );
  cf = must(
    addSessions(
      cf,
      spec.sessionTimes.map((t) => ({ startsAt: DateTime.fromISO(t, { zone: ZONE }), durationMinutes: 90, unidentifiedParticipants: 1 })),
      c,
    ),
  );
  for (const s of cf.sessions) {
    cf = must(
      assignParticipants(
        cf,
        s.sessionId,
        { added: spec.clients.map((p) => ({ clientId: p.clientId, participationCode: 'CLIENT' as const, referrals: [] })), removed: [], changed: [] },
        c,
      ),
    );
    if (spec.serviceTypeId !== undefined)
      cf = must(
        updateSessionDetails(
          cf,
          organisation,
          s.sessionId,
          { serviceTypeId: spec.serviceTypeId, interpreterPresent: false, serviceSettingCode: 'COMMVENUE' },
          c,
        ),
      );
    if (spec.scored) {
      cf = must(
        recordCommunityScore(
          cf,
          s.sessionId,
          {
            ratings: [
              { domainCode: 'GROUPSKILLS', pre: 2, post: 4 },
              { domainCode: 'GROUPNETWORKS', pre: 3, post: 3 },
            ],
            singleRating: false,
            assessedByCode: 'SDPRACTITIONER',
          },
          c,
          referenceData,
        ),
      );
    }
  }
  return cf;
}

export type ExportStore = { db: Database; caseFiles: CaseFileRepository; clients: ClientRepository; dir: string; close(): Promise<void> };

export async function embeddedStore(): Promise<ExportStore> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dex-export-'));
  const db = openEmbeddedDatabase({ dataDir: path.join(dir, 'data') });
  const caseFiles = new CaseFileRepository(db);
  const clients = new ClientRepository(db);
  await caseFiles.ensureIndexes();
  await clients.ensureIndexes();
  return {
    db,
    caseFiles,
    clients,
    dir,
    async close() {
      await db.close();
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function store(s: ExportStore, cf: CaseFile, clients: readonly Client[]): Promise<void> {
  for (const c of clients) if (!(await s.clients.get(ORG_ID, c.clientId))) assert.ok(await s.clients.insert(c));
  must(await s.caseFiles.insert(cf));
}

/** Keeps what the exporter writes, in memory. */
export function memorySink(): FileSink & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    async write(name, content) {
      files.set(name, content.toString('utf8'));
    },
  };
}
