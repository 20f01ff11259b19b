import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import { addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { keyedId, meetsSimpleConditions, splitKeyFilter } from '../../src/storage/keyedIds';
import { connectMongo, type MongoDatabase } from '../../src/storage/mongoDatabase';
import { describeOnEachDriver, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

type Doc = { org: string; ref: string; version: number; title: string };
const KEY = ['org', 'ref'] as const;

describe('business keys as _id (keyedIds)', () => {
  it('makes one unambiguous id from the key values, and none when a value is not a string', () => {
    assert.equal(keyedId(KEY, { org: 'a|b', ref: 'c' }), '["a|b","c"]');
    assert.notEqual(keyedId(KEY, { org: 'a', ref: 'b|c' }), keyedId(KEY, { org: 'a|b', ref: 'c' }));
    assert.equal(keyedId(KEY, { org: 'a' }), undefined);
    assert.equal(keyedId(KEY, { org: 'a', ref: { $in: ['b'] } }), undefined);
  });

  it('splits a key filter into the id and the other conditions, and leaves a filter naming _id alone', () => {
    assert.deepEqual(splitKeyFilter(KEY, { org: 'a', ref: 'b', version: 3 }), { id: '["a","b"]', rest: { version: 3 } });
    assert.equal(splitKeyFilter(KEY, { org: 'a', ref: 'b', _id: 'x' }), undefined);
    assert.equal(splitKeyFilter(KEY, { org: 'a' }), undefined);
  });

  it('judges version checks as MongoDB does and declines anything else', () => {
    const doc = { version: 3, name: 'x' };
    assert.equal(meetsSimpleConditions(doc, { version: 3 }), true);
    assert.equal(meetsSimpleConditions(doc, { version: 4 }), false);
    assert.equal(meetsSimpleConditions(doc, { version: { $lt: 4 } }), true);
    assert.equal(meetsSimpleConditions(doc, { version: { $lt: 3 } }), false);
    assert.equal(meetsSimpleConditions(doc, { version: { $gte: 3, $lte: 3 } }), true);
    assert.equal(meetsSimpleConditions(doc, { version: { $lt: '9' } }), false, 'no comparison across types');
    assert.equal(meetsSimpleConditions(doc, { missing: { $ne: 1 } }), true);
    assert.equal(meetsSimpleConditions(doc, {}), true);
    assert.equal(meetsSimpleConditions(doc, { version: { $in: [3] } }), undefined);
    assert.equal(meetsSimpleConditions(doc, { 'a.b': 1 }), undefined);
    assert.equal(meetsSimpleConditions(doc, { $or: [] }), undefined);
  });
});

describeOnEachDriver('a collection with a business key', (driver) => {
  it('finds a document by its key, replaces it under a version check and refuses a stale version', async () => {
    const docs = driver.db.collection<Doc>('keyedDocs', { key: KEY });
    await docs.insertOne({ org: 'o1', ref: 'r1', version: 1, title: 'one' });
    await docs.insertOne({ org: 'o1', ref: 'r2', version: 1, title: 'other' });
    assert.deepEqual(await docs.findOne({ org: 'o1', ref: 'r1' }), { org: 'o1', ref: 'r1', version: 1, title: 'one' });
    assert.equal((await docs.replaceOne({ org: 'o1', ref: 'r1', version: 1 }, { org: 'o1', ref: 'r1', version: 2, title: 'two' })).matchedCount, 1);
    assert.equal((await docs.replaceOne({ org: 'o1', ref: 'r1', version: 1 }, { org: 'o1', ref: 'r1', version: 2, title: 'lost' })).matchedCount, 0);
    assert.equal((await docs.replaceOne({ org: 'o1', ref: 'r1', version: { $lt: 2 } }, { org: 'o1', ref: 'r1', version: 2, title: 'lost' })).matchedCount, 0);
    assert.equal((await docs.replaceOne({ org: 'o1', ref: 'r1', version: { $lt: 3 } }, { org: 'o1', ref: 'r1', version: 3, title: 'three' })).matchedCount, 1);
    assert.deepEqual(await docs.findOne({ org: 'o1', ref: 'r1' }, { projection: { title: 1 } }), { title: 'three' });
    assert.equal((await docs.findOne({ org: 'o1', ref: 'r2' }))?.title, 'other', 'the other document is untouched');
    assert.equal(await docs.findOne({ org: 'o1', ref: 'nope' }), null);
    assert.equal((await docs.replaceOne({ org: 'o1', ref: 'nope', version: 1 }, { org: 'o1', ref: 'nope', version: 2, title: 'x' })).matchedCount, 0);
    assert.equal(await docs.countDocuments({ org: 'o1' }), 2);
  });

  it('still finds and replaces documents stored before the key was declared (other _ids)', async () => {
    const plain = driver.db.collection<Doc>('keyedLater');
    await plain.insertOne({ org: 'o1', ref: 'old', version: 1, title: 'stored earlier' });
    const keyed = driver.db.collection<Doc>('keyedLater', { key: KEY });
    assert.equal((await keyed.findOne({ org: 'o1', ref: 'old' }))?.title, 'stored earlier');
    assert.equal((await keyed.replaceOne({ org: 'o1', ref: 'old', version: 1 }, { org: 'o1', ref: 'old', version: 2, title: 'changed' })).matchedCount, 1);
    assert.equal((await keyed.replaceOne({ org: 'o1', ref: 'old', version: 1 }, { org: 'o1', ref: 'old', version: 2, title: 'lost' })).matchedCount, 0);
    assert.equal((await keyed.findOne({ org: 'o1', ref: 'old' }))?.title, 'changed');
    assert.equal(await keyed.countDocuments({}), 1);
  });
});

describe('case files on FerretDB 1.x are read and saved by _id, never by a scan of every case file', () => {
  const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
  const zone = 'Australia/Sydney';
  const ctx: ChangeContext = { actor: { userId: 'u', name: 'U' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };
  let db: MongoDatabase | undefined;
  let dbName = '';
  const commands: { name: string; command: Document }[] = [];

  before(async function () {
    this.timeout(20 * 60_000);
    const server = await mongoServerOrSkip();
    if (!server) this.skip();
    dbName = uniqueDatabaseName();
    db = await connectMongo(server.uri, dbName, { onCommand: (name, command) => commands.push({ name, command }) });
    if (!/FerretDB v?1\./.test(db.description)) this.skip();
  });

  after(async () => {
    await db?.dropDatabase();
    await db?.close();
  });

  it('stores the key as _id and sends only {_id} filters to caseFiles when reading or saving one', async () => {
    const repo = new CaseFileRepository(db!);
    await repo.ensureIndexes();
    const created = createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId: 'cf-k',
        caseId: 'CF-K',
        name: 'Keyed',
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    );
    assert.ok(created.ok);
    assert.ok((await repo.insert(created.value)).ok);
    const raw = await db!.collection<{ caseFileId: string }>('caseFiles').countDocuments({ _id: JSON.stringify([org.organisationId, 'cf-k']) });
    assert.equal(raw, 1, 'the case file is stored with its key as _id');

    commands.length = 0;
    const fresh = new CaseFileRepository(db!);
    assert.equal((await fresh.get(org.organisationId, 'cf-k'))?.name, 'Keyed');
    const saved = await fresh.update(org.organisationId, 'cf-k', (cf) =>
      addSessions(cf, [{ startsAt: DateTime.fromISO('2025-10-10T10:00:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx),
    );
    assert.ok(saved.ok);
    assert.equal((await new CaseFileRepository(db!).get(org.organisationId, 'cf-k'))?.sessions.length, 1);

    const toCaseFiles = commands.filter((c) => c.command[c.name] === 'caseFiles');
    const filters = toCaseFiles.map((c) => (c.name === 'find' ? c.command.filter : c.name === 'update' ? c.command.updates?.[0]?.q : { other: c.name }));
    assert.ok(toCaseFiles.length >= 4, `reads and the save reached caseFiles: ${JSON.stringify(toCaseFiles.map((c) => c.name))}`);
    for (const filter of filters) assert.deepEqual(Object.keys(filter as object), ['_id'], `filter ${JSON.stringify(filter)}`);
  });
});
