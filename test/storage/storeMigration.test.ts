import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/env';
import { parseOrganisations } from '../../src/config/organisations';
import { silentLogger } from '../../src/logger';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { createServices } from '../../src/services';
import { openDatabase } from '../../src/storage/openDatabase';
import { MigrationRefusedError, migrateEmbeddedToMongo } from '../../src/storage/storeMigration';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

/** `npm run store:migrate`: every collection copied to a MongoDB-wire server, verified, re-runnable, source untouched. */

const clock = () => DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' });
const organisations = () => parseOrganisations(sampleOrganisations(), 'sample');

function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.db'))
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );
}

describe('moving the embedded store to MongoDB', function () {
  this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
  let uri: string;
  let dir: string;
  let dbName: string;
  let client: MongoClient;

  before(async function () {
    const server = await mongoServerOrSkip();
    if (!server) return this.skip();
    uri = server.uri;
  });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dex-migrate-'));
    dbName = uniqueDatabaseName('dex_migrate');
    const db = await openDatabase({ dataDir: dir });
    const services = await createServices(loadConfig({ DATA_DIR: dir }), silentLogger, { db, clock, organisations: organisations() });
    await seedDemoData(services);
    // Collections the bot keeps besides the domain ones, with a date value and a deleted document.
    await db.collection('botState').insertMany([
      { key: 'conv-1', state: { step: 3, at: new Date('2025-10-20T00:00:00Z') } },
      { key: 'conv-2', state: { step: 1 } },
    ]);
    await db.collection('botState').deleteOne({ key: 'conv-2' });
    await db.close();
    client = await new MongoClient(uri).connect();
  });

  afterEach(async () => {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every collection, verifies counts and checksums, and leaves the source files as they were', async () => {
    const before = fingerprint(dir);
    const lines: string[] = [];
    const results = await migrateEmbeddedToMongo({ dataDir: dir, uri, dbName, progress: (line) => lines.push(line) });
    assert.deepEqual(
      results.map((r) => r.name),
      Object.keys(before).map((f) => f.replace(/\.db$/, '')),
    );
    assert.ok(
      results.every((r) => r.verified && r.source === r.target && r.sourceChecksum === r.targetChecksum),
      JSON.stringify(results),
    );
    const byName = Object.fromEntries(results.map((r) => [r.name, r.source]));
    assert.equal(byName.clients, 12);
    assert.equal(byName.botState, 1, 'a deleted document is not copied');
    assert.match(lines.join('\n'), /clients: 12 copied, 12 in MongoDB, checksum [0-9a-f]{12} matches/);
    assert.deepEqual(fingerprint(dir), before);
    const state = await client.db(dbName).collection('botState').findOne({ key: 'conv-1' });
    assert.ok(state?.state.at instanceof Date, 'dates arrive as dates');

    // The bot started on MongoDB finds the same data and creates its indexes there.
    const mongo = await openDatabase({ dataDir: dir, mongodbUri: uri, mongodbDb: dbName });
    try {
      const services = await createServices(loadConfig({}), silentLogger, { db: mongo, clock, organisations: organisations() });
      const summary = (await services.caseFiles.listSummaries('harbourside-community')).find((s) => s.caseId === 'CF-DEMO-0001');
      const cf = await services.caseFiles.get('harbourside-community', summary!.caseFileId);
      assert.equal(cf?.sessions.length, 3);
      assert.equal((await services.clients.listForSearch('harbourside-community')).length, 12);
    } finally {
      await mongo.close();
    }
  });

  it('after an interruption, runs again without duplicating anything', async () => {
    await migrateEmbeddedToMongo({ dataDir: dir, uri, dbName });
    // As if the first run had stopped part-way: some documents missing, one written from an older copy.
    const clients = client.db(dbName).collection('clients');
    const some = await clients.find({}).limit(5).toArray();
    await clients.deleteMany({ _id: { $in: some.map((d) => d._id) } });
    await clients.updateOne({}, { $set: { givenName: 'Stale' } });
    const results = await migrateEmbeddedToMongo({ dataDir: dir, uri, dbName });
    assert.ok(
      results.every((r) => r.verified),
      JSON.stringify(results),
    );
    assert.equal(await clients.countDocuments(), 12);
    assert.equal(await clients.countDocuments({ givenName: 'Stale' }), 0);
  });

  it('refuses a target that already holds other data, and a folder a running bot holds', async () => {
    await client.db(dbName).collection('clients').insertOne({ organisationId: 'x', clientId: 'already-there' });
    await assert.rejects(migrateEmbeddedToMongo({ dataDir: dir, uri, dbName }), (error: unknown) => {
      assert.ok(error instanceof MigrationRefusedError);
      assert.match(error.message, /clients already holds 1 documents that did not come from this embedded store/);
      return true;
    });
    const running = await openDatabase({ dataDir: dir });
    try {
      await assert.rejects(migrateEmbeddedToMongo({ dataDir: dir, uri, dbName: `${dbName}b` }), /is already open in this process|in use by/);
    } finally {
      await running.close();
    }
  });
});
