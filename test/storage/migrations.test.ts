import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { loadConfig } from '../../src/config/env';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseFile } from '../../src/domain/caseFile';
import type { ChangeContext } from '../../src/domain/caseFileOperations';
import { missingClientDetails } from '../../src/domain/clientDetails';
import { demoCaseFile, demoClients } from '../../src/seed/demoData';
import { silentLogger } from '../../src/logger';
import { createServices } from '../../src/services';
import { MIGRATIONS, runMigrations } from '../../src/storage/migrations';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ORG = 'harbourside-community';

/** A client document exactly as the previous release stored it. */
function storedBefore(clientId: string, createdBy: { userId: string; name: string }, extra: Record<string, unknown> = {}) {
  return {
    organisationId: ORG,
    clientId,
    givenName: 'Rosa',
    familyName: 'Delgado',
    birthDate: '1959-11-30',
    birthDateEstimated: false,
    gender: 'FEMALE',
    slk: 'ELGOS301119592',
    consentToProvideDetails: false,
    consentedForFutureContacts: false,
    createdAt: '2025-09-01T09:00:00.000+10:00',
    createdBy,
    ...extra,
  };
}

describeOnEachDriver('numbered migrations at start-up', (driver) => {
  const IMPORT = { userId: 'activity-import', name: 'Activity import' };
  const STAFF = { userId: 'user-alice', name: 'Alice Case-Manager' };

  it('removes consent nobody gave from clients an activity import created, once, and records it', async () => {
    const clients = driver.db.collection<Record<string, unknown>>('clients');
    await clients.insertOne(storedBefore('CL-IMPORT01', IMPORT));
    await clients.insertOne(storedBefore('CL-STAFF001', STAFF));
    await clients.insertOne(storedBefore('CL-IMPORT02', IMPORT, { updatedAt: '2025-09-02T09:00:00.000+10:00', updatedBy: STAFF }));

    const start = () =>
      createServices(loadConfig({}), silentLogger, {
        db: driver.db,
        clock: () => DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' }),
        organisations: parseOrganisations(sampleOrganisations(), 'sample'),
      });
    const services = await start();
    const imported = (await services.clients.get(ORG, 'CL-IMPORT01'))!;
    assert.equal(imported.consentToProvideDetails, undefined);
    assert.equal(imported.consentedForFutureContacts, undefined);
    assert.deepEqual(missingClientDetails(imported).slice(0, 2), ['consentToProvideDetails', 'consentedForFutureContacts'], 'readiness now asks for it');
    assert.equal((await services.clients.get(ORG, 'CL-STAFF001'))!.consentToProvideDetails, false, 'a refusal staff recorded is kept');
    assert.equal((await services.clients.get(ORG, 'CL-IMPORT02'))!.consentToProvideDetails, false, 'a client staff changed since is left alone');

    const records = await driver.db.collection<{ id: number; changed: number }>('migrations').find({});
    assert.deepEqual(
      records.map((r) => [r.id, r.changed]).sort((a, b) => a[0]! - b[0]!),
      [
        [1, 1],
        [2, 0],
      ],
    );

    // A later import-made client with consent false (which this release no longer writes) shows the migration does not run twice.
    await clients.insertOne(storedBefore('CL-IMPORT03', IMPORT));
    await start();
    assert.equal((await services.clients.get(ORG, 'CL-IMPORT03'))!.consentToProvideDetails, false);
    assert.deepEqual(await runMigrations(driver.db, silentLogger, () => '2025-10-20T10:00:00.000+11:00'), []);
    assert.equal((await driver.db.collection('migrations').find({})).length, MIGRATIONS.length);
  });

  it('gives summaries stored before the case file’s client list one, in the case file and its listing, once', async () => {
    const services = await createServices(loadConfig({}), silentLogger, {
      db: driver.db,
      clock: () => DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' }),
      organisations: parseOrganisations(sampleOrganisations(), 'sample'),
    });
    const ctx: ChangeContext = { actor: STAFF, now: DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' }), zone: 'Australia/Sydney' };
    const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
    const clients = demoClients(org, ctx);
    const cf = demoCaseFile(org, clients, ctx);
    assert.ok((await services.caseFiles.insert(cf)).ok);
    const which = { organisationId: ORG, caseFileId: cf.caseFileId };
    for (const name of ['caseFiles', 'caseFileListings']) await driver.db.collection(name).updateOne(which, { $unset: { 'summary.clientIds': 1 } });
    const listing = async () => (await services.caseFiles.listForDashboard(ORG)).find((l) => l.caseFileId === cf.caseFileId)!;
    assert.equal((await listing()).summary!.clientIds, undefined, 'as stored before');

    const migration = MIGRATIONS.find((m) => m.id === 2)!;
    assert.equal(await migration.run(driver.db), 1);
    const expected = cf.clients.map((c) => c.clientId);
    assert.ok(expected.length > 0);
    assert.deepEqual((await listing()).summary!.clientIds, expected);
    assert.deepEqual((await driver.db.collection<CaseFile>('caseFiles').findOne(which))!.summary!.clientIds, expected);
    assert.equal(await migration.run(driver.db), 0, 'running it again changes nothing');
  });

  it('runs migrations in id order and records each only after it finished', async () => {
    const order: number[] = [];
    const failing = {
      id: 902,
      name: 'fails',
      run: async () => {
        order.push(902);
        throw new Error('disk full');
      },
    };
    const first = {
      id: 901,
      name: 'first',
      run: async () => {
        order.push(901);
        return 0;
      },
    };
    await assert.rejects(
      runMigrations(driver.db, silentLogger, () => '2025-10-20T10:00:00.000+11:00', [failing, first]),
      /disk full/,
    );
    assert.deepEqual(order, [901, 902]);
    const ids = (await driver.db.collection<{ id: number }>('migrations').find({})).map((r) => r.id);
    assert.ok(ids.includes(901) && !ids.includes(902), 'the failed migration is not recorded, so it runs again next start');
    order.length = 0;
    const fixed = {
      ...failing,
      run: async () => {
        order.push(902);
        return 0;
      },
    };
    assert.deepEqual(await runMigrations(driver.db, silentLogger, () => '2025-10-20T10:00:00.000+11:00', [fixed, first]), [902]);
    assert.deepEqual(order, [902]);
  });
});
