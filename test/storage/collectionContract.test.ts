import assert from 'node:assert/strict';
import { DuplicateKeyError } from '../../src/storage/database';
import { type DriverUnderTest, describeOnEachDriver } from '../support/ferretdb';

interface Item {
  sku: string;
  name: string;
  qty: number;
  tags?: string[];
  addedAt?: Date;
  note?: string;
}

interface Session {
  sessionId: string;
  date: string;
  participants: { clientId: string; attended: boolean }[];
}

interface CaseFile {
  orgId: string;
  caseId: string;
  version: number;
  title: string;
  sessions: Session[];
  counters?: { edits: number };
}

const items: Item[] = [
  { sku: 'A-1', name: 'apple', qty: 5, tags: ['fruit', 'red'] },
  { sku: 'B-2', name: 'banana', qty: 12, tags: ['fruit'] },
  { sku: 'C-3', name: 'Carrot', qty: 0, tags: ['veg'] },
  { sku: 'D-4', name: 'date', qty: 7 },
];

function caseFile(caseId: string, sessions: Session[] = []): CaseFile {
  return { orgId: 'org1', caseId, version: 1, title: `Case ${caseId}`, sessions };
}

const session = (sessionId: string, clientIds: string[]): Session => ({
  sessionId,
  date: '2025-03-01',
  participants: clientIds.map((clientId) => ({ clientId, attended: true })),
});

function describeContract(driver: DriverUnderTest): void {
  let n = 0;
  /** Each case gets its own collection, so cases never see each other's documents or indexes. */
  const fresh = <T extends object>() => driver.db.collection<T>(`c${++n}`);

  it('inserts and finds with sort, skip, limit and projection', async () => {
    const c = fresh<Item>();
    await c.insertMany(items);
    await c.insertOne({ sku: 'E-5', name: 'eggplant', qty: 3 });
    assert.equal(await c.countDocuments(), 5);
    assert.deepEqual(await c.findOne({ sku: 'B-2' }), items[1]);
    assert.equal(await c.findOne({ sku: 'nope' }), null);

    const byQty = await c.find({}, { sort: { qty: -1 }, skip: 1, limit: 2 });
    assert.deepEqual(
      byQty.map((i) => i.sku),
      ['D-4', 'A-1'],
    );
    const picked = await c.find({ qty: { $gte: 5 } }, { sort: { sku: 1 }, projection: { sku: 1, qty: 1 } });
    assert.deepEqual(picked, [
      { sku: 'A-1', qty: 5 },
      { sku: 'B-2', qty: 12 },
      { sku: 'D-4', qty: 7 },
    ]);
    const dropped = await c.findOne({ sku: 'A-1' }, { projection: { tags: 0, name: 0 } });
    assert.deepEqual(dropped, { sku: 'A-1', qty: 5 });
    assert.deepEqual(
      (await c.find({}, { sort: { 'tags.0': -1, sku: 1 }, limit: 3 })).map((i) => i.sku),
      ['C-3', 'A-1', 'B-2'],
    );
  });

  it('matches comparison, $in, $nin, $ne, $exists, $or and $regex conditions', async () => {
    const c = fresh<Item>();
    await c.insertMany(items);
    const skus = async (filter: Record<string, unknown>) => (await c.find(filter, { sort: { sku: 1 } })).map((i) => i.sku);
    assert.deepEqual(await skus({ qty: { $gt: 0, $lt: 10 } }), ['A-1', 'D-4']);
    assert.deepEqual(await skus({ qty: { $lte: 5 } }), ['A-1', 'C-3']);
    assert.deepEqual(await skus({ sku: { $in: ['A-1', 'C-3', 'Z-9'] } }), ['A-1', 'C-3']);
    assert.deepEqual(await skus({ sku: { $nin: ['A-1', 'C-3'] } }), ['B-2', 'D-4']);
    assert.deepEqual(await skus({ name: { $ne: 'apple' }, qty: { $eq: 12 } }), ['B-2']);
    assert.deepEqual(await skus({ tags: { $exists: false } }), ['D-4']);
    assert.deepEqual(await skus({ tags: 'fruit' }), ['A-1', 'B-2']);
    assert.deepEqual(await skus({ tags: { $in: ['red', 'veg'] } }), ['A-1', 'C-3']);
    const many = Array.from({ length: 40 }, (_, i) => `other-${i}`);
    assert.deepEqual(await skus({ tags: { $in: [...many, 'veg'] } }), ['C-3'], 'a long $in list over an array field');
    assert.deepEqual(await skus({ qty: { $in: [...Array.from({ length: 40 }, (_, i) => 1000 + i), 12] } }), ['B-2'], 'a long $in list of numbers');
    assert.deepEqual(await skus({ $or: [{ qty: 0 }, { name: 'date' }] }), ['C-3', 'D-4']);
    assert.deepEqual(await skus({ name: { $regex: /^c/i } }), ['C-3']);
    assert.deepEqual(await skus({ name: /an/ }), ['B-2']);
  });

  it('queries dotted paths into embedded documents and arrays of them', async () => {
    const c = fresh<CaseFile>();
    await c.insertMany([caseFile('K1', [session('S1', ['p1', 'p2']), session('S2', ['p3'])]), caseFile('K2', [session('S3', ['p2'])]), caseFile('K3')]);
    const ids = async (filter: Record<string, unknown>) => (await c.find(filter, { sort: { caseId: 1 } })).map((k) => k.caseId);
    assert.deepEqual(await ids({ 'sessions.sessionId': 'S2' }), ['K1']);
    assert.deepEqual(await ids({ 'sessions.participants.clientId': 'p2' }), ['K1', 'K2']);
    assert.deepEqual(await ids({ 'sessions.sessionId': { $in: ['S1', 'S3'] } }), ['K1', 'K2']);
    const longList = (wanted: string[]) => [...wanted, ...Array.from({ length: 40 }, (_, i) => `none-${i}`)];
    assert.deepEqual(await ids({ caseId: { $in: longList(['K3', 'K1']) } }), ['K1', 'K3'], 'a long $in list over a plain field');
    assert.deepEqual(await ids({ 'sessions.sessionId': { $in: longList(['S3']) } }), ['K2'], 'a long $in list into an array of documents');
    assert.deepEqual(await ids({ 'sessions.participants.clientId': { $in: longList(['p3']) }, caseId: 'K1' }), ['K1']);
    assert.deepEqual(await ids({ 'sessions.participants.clientId': { $in: longList(['p3']) }, caseId: 'K2' }), []);
    assert.deepEqual(await ids({ 'sessions.0': { $exists: false } }), ['K3']);
    assert.equal(await c.countDocuments({ 'sessions.participants.clientId': 'p9' }), 0);
  });

  it('applies $set, $unset, $inc and $push, including dotted and array-index paths', async () => {
    const c = fresh<CaseFile>();
    await c.insertOne(caseFile('K1', [session('S1', ['p1'])]));
    const r = await c.updateOne(
      { caseId: 'K1' },
      {
        $set: { title: 'Renamed', 'sessions.0.date': '2025-04-02', 'sessions.0.participants.0.attended': false },
        $inc: { version: 1, 'counters.edits': 2 },
      },
    );
    assert.deepEqual(r, { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    await c.updateOne({ caseId: 'K1' }, { $push: { sessions: session('S2', ['p2']) } });
    await c.updateOne({ caseId: 'K1' }, { $push: { 'sessions.1.participants': { $each: [{ clientId: 'p3', attended: true }] } } });
    await c.updateOne({ caseId: 'K1' }, { $unset: { counters: true } });
    assert.deepEqual(await c.findOne({ caseId: 'K1' }), {
      orgId: 'org1',
      caseId: 'K1',
      version: 2,
      title: 'Renamed',
      sessions: [{ sessionId: 'S1', date: '2025-04-02', participants: [{ clientId: 'p1', attended: false }] }, { ...session('S2', ['p2', 'p3']) }],
    });
  });

  it('reports matched and modified counts like MongoDB', async () => {
    const c = fresh<Item>();
    await c.insertMany(items);
    assert.deepEqual(await c.updateOne({ sku: 'A-1' }, { $set: { qty: 5 } }), {
      matchedCount: 1,
      modifiedCount: 0,
      upsertedCount: 0,
    });
    assert.deepEqual(await c.updateOne({ sku: 'Z-9' }, { $set: { qty: 1 } }), {
      matchedCount: 0,
      modifiedCount: 0,
      upsertedCount: 0,
    });
    assert.deepEqual(await c.updateOne({ tags: 'fruit' }, { $inc: { qty: 100 } }), {
      matchedCount: 1,
      modifiedCount: 1,
      upsertedCount: 0,
    });
    assert.equal(await c.countDocuments({ qty: { $gt: 100 } }), 1);
    assert.deepEqual(await c.replaceOne({ sku: 'D-4' }, { sku: 'D-4', name: 'dried date', qty: 1 }), {
      matchedCount: 1,
      modifiedCount: 1,
      upsertedCount: 0,
    });
    assert.deepEqual(await c.findOne({ sku: 'D-4' }), { sku: 'D-4', name: 'dried date', qty: 1 });
  });

  it('upserts from the filter equality fields plus the update, honouring $setOnInsert', async () => {
    const c = fresh<CaseFile & { createdBy?: string }>();
    const first = await c.updateOne(
      { orgId: 'org1', caseId: 'K9', version: { $lt: 5 } },
      { $set: { title: 'New' }, $setOnInsert: { createdBy: 'amy', version: 1, sessions: [] } },
      { upsert: true },
    );
    assert.deepEqual(first, { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    assert.deepEqual(await c.findOne({ caseId: 'K9' }), {
      orgId: 'org1',
      caseId: 'K9',
      title: 'New',
      createdBy: 'amy',
      version: 1,
      sessions: [],
    });
    const second = await c.updateOne({ orgId: 'org1', caseId: 'K9' }, { $set: { title: 'Again' }, $setOnInsert: { createdBy: 'bob' } }, { upsert: true });
    assert.deepEqual(second, { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    assert.equal((await c.findOne({ caseId: 'K9' }))?.createdBy, 'amy');

    const replaced = await c.replaceOne({ caseId: 'K10' }, caseFile('K10'), { upsert: true });
    assert.deepEqual(replaced, { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    assert.deepEqual(await c.findOne({ caseId: 'K10' }), caseFile('K10'));
  });

  it('enforces unique single and compound indexes with DuplicateKeyError', async () => {
    const c = fresh<CaseFile>();
    await c.createIndex({ orgId: 1, caseId: 1 }, { unique: true, name: 'case_key' });
    await c.createIndex({ orgId: 1, caseId: 1 }, { unique: true, name: 'case_key' });
    await c.insertOne(caseFile('K1'));
    await c.insertOne({ ...caseFile('K1'), orgId: 'org2' });
    await assert.rejects(c.insertOne(caseFile('K1')), DuplicateKeyError);
    await c.insertOne(caseFile('K2'));
    await assert.rejects(c.updateOne({ caseId: 'K2' }, { $set: { caseId: 'K1' } }), DuplicateKeyError);
    await assert.rejects(c.replaceOne({ caseId: 'K2' }, caseFile('K1')), DuplicateKeyError);
    await assert.rejects(c.updateOne({ orgId: 'org1', caseId: 'K1', version: 7 }, { $set: { title: 'x' } }, { upsert: true }), DuplicateKeyError);
    assert.equal(await c.countDocuments({ caseId: 'K1' }), 2);

    const s = fresh<Item>();
    await s.createIndex({ sku: 1 }, { unique: true });
    await assert.rejects(s.insertMany([items[0] as Item, items[1] as Item, items[0] as Item, items[2] as Item]), (error) => {
      assert.ok(error instanceof DuplicateKeyError);
      assert.equal(error.collection, s.name);
      return true;
    });
    assert.deepEqual(
      (await s.find({}, { sort: { sku: 1 } })).map((i) => i.sku),
      ['A-1', 'B-2'],
    );
  });

  it('lets exactly one of several writers holding the same version win', async () => {
    const c = fresh<CaseFile>();
    await c.insertOne(caseFile('K1'));
    for (let version = 1; version <= 10; version += 1) {
      const writers = ['A', 'B', 'C', 'D'];
      const results = await Promise.all(
        writers.map((writer) => c.updateOne({ orgId: 'org1', caseId: 'K1', version }, { $set: { title: `${writer}${version}`, version: version + 1 } })),
      );
      const winners = writers.filter((_, i) => results[i]?.matchedCount === 1);
      assert.equal(winners.length, 1, `round ${version}: ${winners.length} writers matched`);
      const stored = await c.findOne({ caseId: 'K1' });
      assert.deepEqual([stored?.version, stored?.title], [version + 1, `${winners[0]}${version}`]);
    }
    const stale = await c.replaceOne({ caseId: 'K1', version: 1 }, { ...caseFile('K1'), title: 'stale' });
    assert.equal(stale.matchedCount, 0);
  });

  it('loses none of many concurrent $inc and $push updates', async () => {
    const c = fresh<CaseFile>();
    await c.insertOne(caseFile('K1'));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => c.updateOne({ caseId: 'K1' }, { $inc: { 'counters.edits': 1 }, $push: { sessions: session(`S${i}`, []) } })),
    );
    const stored = await c.findOne({ caseId: 'K1' });
    assert.equal(stored?.counters?.edits, 20);
    assert.equal(stored?.sessions.length, 20);
  });

  it('reads every matching document once, in batches of at most the size asked, without _id', async () => {
    const c = fresh<Item>();
    const many = Array.from({ length: 23 }, (_, i) => ({ sku: `S-${String(i).padStart(2, '0')}`, name: i % 2 ? 'odd' : 'even', qty: i }));
    await c.insertMany(many);
    const batches: Item[][] = [];
    for await (const batch of c.findInBatches({ name: 'odd' }, { batchSize: 5 })) batches.push(batch);
    assert.deepEqual(
      batches.map((b) => b.length),
      [5, 5, 1],
    );
    const seen = batches.flat();
    assert.deepEqual(
      seen.map((d) => d.sku).sort(),
      many.filter((d) => d.name === 'odd').map((d) => d.sku),
    );
    assert.ok(seen.every((d) => !('_id' in d)));
    assert.deepEqual(
      seen.find((d) => d.sku === 'S-03'),
      many[3],
    );

    // Nothing matching: no batch at all, rather than an empty one.
    const none: Item[][] = [];
    for await (const batch of c.findInBatches({ name: 'nobody' }, { batchSize: 5 })) none.push(batch);
    assert.deepEqual(none, []);
  });

  it('counts and deletes', async () => {
    const c = fresh<Item>();
    await c.insertMany(items);
    assert.equal(await c.countDocuments({ tags: 'fruit' }), 2);
    assert.equal(await c.deleteOne({ tags: 'fruit' }), 1);
    assert.equal(await c.countDocuments({ tags: 'fruit' }), 1);
    assert.equal(await c.deleteOne({ sku: 'Z-9' }), 0);
    assert.equal(await c.deleteMany({ tags: { $exists: false } }), 1);
    assert.equal(await c.countDocuments(), 2);
    assert.equal(await c.deleteMany({}), 2);
    assert.deepEqual(await c.find({}), []);
  });

  it('never exposes _id and never modifies the caller’s documents', async () => {
    const c = fresh<Item>();
    const doc: Item = { sku: 'A-1', name: 'apple', qty: 1, addedAt: new Date('2025-01-02T03:04:05Z'), note: undefined };
    const batch: Item[] = [{ sku: 'B-2', name: 'banana', qty: 2 }];
    await c.insertOne(doc);
    await c.insertMany(batch);
    await c.replaceOne({ sku: 'B-2' }, { sku: 'B-2', name: 'banana', qty: 3 }, { upsert: true });
    assert.deepEqual(Object.keys(doc).sort(), ['addedAt', 'name', 'note', 'qty', 'sku']);
    assert.deepEqual(Object.keys(batch[0] as Item).sort(), ['name', 'qty', 'sku']);
    for (const found of [...(await c.find({})), await c.findOne({ sku: 'A-1' })]) {
      assert.ok(found && !('_id' in found), `unexpected _id in ${JSON.stringify(found)}`);
    }
    const stored = await c.findOne({ sku: 'A-1' });
    assert.ok(stored?.addedAt instanceof Date);
    assert.equal(stored.addedAt.toISOString(), '2025-01-02T03:04:05.000Z');
    assert.equal(stored.note, undefined);
    assert.deepEqual(await c.find({ sku: 'A-1' }, { projection: { qty: 1 } }), [{ qty: 1 }]);
  });

  it('rejects updates without operators and replacements with them', async () => {
    const c = fresh<Item>();
    await assert.rejects(c.updateOne({ sku: 'A-1' }, { qty: 1 } as never), TypeError);
    await assert.rejects(c.replaceOne({ sku: 'A-1' }, { $set: { qty: 1 } } as never), TypeError);
    assert.throws(() => driver.db.collection('../escape'), TypeError);
  });

  it('answers ping', async () => {
    const result = await driver.db.ping();
    assert.equal(result.ok, true);
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 5_000);
  });

  it('keeps documents and unique indexes across a reopen', async () => {
    const name = `c${++n}`;
    const before = driver.db.collection<Item>(name);
    await before.createIndex({ sku: 1 }, { unique: true });
    await before.insertMany(items);
    await before.updateOne({ sku: 'A-1' }, { $inc: { qty: 1 } });
    await before.deleteOne({ sku: 'D-4' });
    const after = (await driver.reopen()).collection<Item>(name);
    assert.deepEqual(
      (await after.find({}, { sort: { sku: 1 } })).map((i) => [i.sku, i.qty]),
      [
        ['A-1', 6],
        ['B-2', 12],
        ['C-3', 0],
      ],
    );
    await assert.rejects(after.insertOne(items[1] as Item), DuplicateKeyError);
  });
}

describeOnEachDriver('collection contract', describeContract);
