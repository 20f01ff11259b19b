import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import { addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import { silentLogger } from '../../src/logger';
import { repairCaseFileListings } from '../../src/services';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { runMigrations } from '../../src/storage/migrations';
import type { CollectionOptions, Database, DocumentCollection } from '../../src/storage/database';
import { createHarness, transcript } from '../support/botHarness';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

type Call = { collection: string; method: string; filter: unknown };

/** The same store, recording every collection call; closing it leaves the suite's store open. */
function recording(db: Database, calls: Call[]): Database {
  return {
    kind: db.kind,
    description: db.description,
    ping: () => db.ping(),
    close: async () => undefined,
    collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T> {
      const inner = db.collection<T>(name, options);
      return new Proxy(inner, {
        get(target, method, receiver) {
          const value = Reflect.get(target, method, receiver) as unknown;
          if (typeof value !== 'function' || typeof method !== 'string') return value;
          return (...args: unknown[]) => {
            calls.push({ collection: name, method, filter: args[0] });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}

const READS = new Set(['find', 'findOne', 'countDocuments']);

describeOnEachDriver('start-up and "my case files" read only what they need', (driver) => {
  const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
  const zone = 'Australia/Sydney';
  const ctx: ChangeContext = { actor: { userId: 'u', name: 'U' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };

  function caseFile(caseFileId: string, name: string) {
    const created = createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId,
        caseId: caseFileId.toUpperCase(),
        name,
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    );
    assert.ok(created.ok);
    const withSession = addSessions(
      created.value,
      [{ startsAt: DateTime.fromISO('2025-10-14T10:00:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 2 }],
      ctx,
    );
    assert.ok(withSession.ok);
    return withSession.value;
  }

  it('starts without reading any case file, then repairs a missing listing after start', async () => {
    const repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
    assert.ok((await repo.insert(caseFile('cf-a', 'Monday walkers'))).ok);
    assert.ok((await repo.insert(caseFile('cf-b', 'Tuesday cooks'))).ok);
    // A case file whose listing was never written (a crash between the two writes): start-up used to count
    // and read every case file to find it before answering anyone.
    await driver.db.collection('caseFiles').insertOne({ ...caseFile('cf-c', 'Wednesday readers'), summary: undefined });

    // Migrations not yet recorded run once per database and may read case files; this is any later start.
    await runMigrations(driver.db, silentLogger, () => '2025-10-20T10:00:00+11:00');
    const calls: Call[] = [];
    const harness = await createHarness({ db: recording(driver.db, calls) });
    const caseFileReads = calls.filter((c) => c.collection === 'caseFiles' && READS.has(c.method));
    assert.deepEqual(caseFileReads, [], 'start-up read case files');

    const logged: string[] = [];
    await repairCaseFileListings({ ...harness.services, logger: { ...silentLogger, warn: (event: string) => void logged.push(event) } });
    assert.deepEqual(logged, ['caseFileListings.repaired']);
    assert.deepEqual((await harness.services.caseFiles.listSummaries(org.organisationId)).map((s) => s.caseFileId).sort(), ['cf-a', 'cf-b', 'cf-c']);
    await harness.close();
  });

  it('answers "my case files" from the listings alone, with a filter an index starts with', async () => {
    await driver.db.collection('caseFiles').deleteMany({ caseFileId: 'cf-c' });
    await driver.db.collection('caseFileListings').deleteMany({ caseFileId: 'cf-c' });
    const calls: Call[] = [];
    const harness = await createHarness({ db: recording(driver.db, calls) });
    const listingIndexes = calls.filter((c) => c.collection === 'caseFileListings' && c.method === 'createIndex').map((c) => Object.keys(c.filter as object));
    calls.length = 0;
    const said = transcript(await harness.conversation().say('my case files'));
    assert.match(said, /Monday walkers/);
    assert.match(said, /Tuesday cooks/);
    const caseFileCalls = calls.filter((c) => c.collection.startsWith('caseFile'));
    assert.deepEqual(caseFileCalls, [{ collection: 'caseFileListings', method: 'find', filter: { organisationId: org.organisationId } }]);
    assert.ok(
      listingIndexes.some((fields) => fields[0] === 'organisationId'),
      `an index on the listings starts with organisationId: ${JSON.stringify(listingIndexes)}`,
    );
    await harness.close();
  });
});
