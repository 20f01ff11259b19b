import assert from 'node:assert/strict';
import { BOT_STATE_COLLECTION, DatabaseStateStorage, ETagConflictError } from '../../src/bot/stateStorage';
import { type DriverUnderTest, describeOnEachDriver } from '../support/ferretdb';

const CONVERSATION = 'msteams/conversations/19:abc.def@thread.v2';
const USER = 'msteams/users/29:1a-b.c';

function describeStateStorage(driver: DriverUnderTest): void {
  let n = 0;
  const storage = () => new DatabaseStateStorage(driver.db, `${BOT_STATE_COLLECTION}${++n}`);

  it('reads nothing for keys never written', async () => {
    const s = storage();
    assert.deepEqual(await s.read([CONVERSATION, USER]), {});
    assert.deepEqual(await s.read([]), {});
  });

  it('writes and reads items, with keys and field names MongoDB would refuse as fields', async () => {
    const s = storage();
    const dialogState = {
      dialogStack: [{ id: 'createCase', state: { $instance: { a: 1 }, 'values.x': 2, options: { 'b.c': [1, null] } } }],
    };
    await s.write({ [CONVERSATION]: { dialogState }, [USER]: { name: 'Amy' } });
    const read = await s.read([CONVERSATION, USER, 'missing']);
    assert.deepEqual(Object.keys(read).sort(), [CONVERSATION, USER]);
    const { eTag, ...item } = read[CONVERSATION];
    assert.deepEqual(item, { dialogState });
    assert.equal(typeof eTag, 'string');
    assert.notEqual(eTag, read[USER].eTag);
  });

  it('assigns a new eTag on every write', async () => {
    const s = storage();
    await s.write({ [USER]: { count: 1 } });
    const first = (await s.read([USER]))[USER];
    await s.write({ [USER]: { ...first, count: 2 } });
    const second = (await s.read([USER]))[USER];
    assert.equal(second.count, 2);
    assert.notEqual(second.eTag, first.eTag);
  });

  it('refuses a write with a stale eTag and keeps the stored item', async () => {
    const s = storage();
    await s.write({ [CONVERSATION]: { step: 1 } });
    const loaded = (await s.read([CONVERSATION]))[CONVERSATION];
    await s.write({ [CONVERSATION]: { ...loaded, step: 2 } });
    const current = (await s.read([CONVERSATION]))[CONVERSATION];

    await assert.rejects(s.write({ [CONVERSATION]: { ...loaded, step: 99 } }), ETagConflictError);
    assert.deepEqual((await s.read([CONVERSATION]))[CONVERSATION], current);
  });

  it('lets exactly one of two writers with the same eTag succeed', async () => {
    const s = storage();
    await s.write({ [CONVERSATION]: { step: 1 } });
    const loaded = (await s.read([CONVERSATION]))[CONVERSATION];
    const outcomes = await Promise.allSettled([s.write({ [CONVERSATION]: { ...loaded, by: 'A' } }), s.write({ [CONVERSATION]: { ...loaded, by: 'B' } })]);
    const failed = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(failed.length, 1);
    assert.ok((failed[0] as PromiseRejectedResult).reason instanceof ETagConflictError);
    const winner = outcomes[0]?.status === 'fulfilled' ? 'A' : 'B';
    assert.equal((await s.read([CONVERSATION]))[CONVERSATION].by, winner);
  });

  it('writes the other items of a batch before reporting a conflict', async () => {
    const s = storage();
    await s.write({ [CONVERSATION]: { step: 1 } });
    const stale = (await s.read([CONVERSATION]))[CONVERSATION];
    await s.write({ [CONVERSATION]: { step: 2 } });
    await assert.rejects(s.write({ [CONVERSATION]: { ...stale, step: 3 }, [USER]: { name: 'Bo' } }), ETagConflictError);
    const read = await s.read([CONVERSATION, USER]);
    assert.equal(read[CONVERSATION].step, 2);
    assert.equal(read[USER].name, 'Bo');
  });

  it("overwrites whatever is stored when the eTag is '*' or missing", async () => {
    const s = storage();
    await s.write({ [USER]: { v: 1 } });
    await s.write({ [USER]: { v: 2, eTag: '*' } });
    assert.equal((await s.read([USER]))[USER].v, 2);
    await s.write({ [USER]: { v: 3 } });
    assert.equal((await s.read([USER]))[USER].v, 3);
    await Promise.all([s.write({ [CONVERSATION]: { v: 'a', eTag: '*' } }), s.write({ [CONVERSATION]: { v: 'b', eTag: '*' } })]);
    assert.ok(['a', 'b'].includes((await s.read([CONVERSATION]))[CONVERSATION].v));
  });

  it('creates an item written with an eTag when nothing is stored, as MemoryStorage does', async () => {
    const s = storage();
    await s.write({ [USER]: { v: 1, eTag: 'from-elsewhere' } });
    assert.equal((await s.read([USER]))[USER].v, 1);
  });

  it('deletes items, and a write after a delete starts afresh', async () => {
    const s = storage();
    await s.write({ [CONVERSATION]: { v: 1 }, [USER]: { v: 1 } });
    await s.delete([CONVERSATION, 'never-written']);
    assert.deepEqual(Object.keys(await s.read([CONVERSATION, USER])), [USER]);
    await s.write({ [CONVERSATION]: { v: 2 } });
    assert.equal((await s.read([CONVERSATION]))[CONVERSATION].v, 2);
  });

  it("writes a turn's state only if it is still as read: same eTag, or still absent when nothing was read", async () => {
    const s = storage();
    await s.writeIfUnchanged(CONVERSATION, { step: 1 }, undefined);
    await assert.rejects(s.writeIfUnchanged(CONVERSATION, { step: 'other first write' }, undefined), ETagConflictError);
    const read = (await s.read([CONVERSATION]))[CONVERSATION]!;
    assert.equal(read.step, 1);
    await s.writeIfUnchanged(CONVERSATION, { ...read, step: 2 }, read.eTag as string);
    await assert.rejects(s.writeIfUnchanged(CONVERSATION, { step: 'stale' }, read.eTag as string), ETagConflictError);
    const after = (await s.read([CONVERSATION]))[CONVERSATION]!;
    assert.equal(after.step, 2);
    assert.notEqual(after.eTag, read.eTag);
    assert.equal(JSON.stringify(Object.keys(after).sort()), JSON.stringify(['eTag', 'step']), 'the eTag read is not stored inside the state');
  });

  it('keeps state across a reopen of the database', async () => {
    const name = `${BOT_STATE_COLLECTION}${++n}`;
    await new DatabaseStateStorage(driver.db, name).write({ [CONVERSATION]: { step: 4 } });
    const reopened = new DatabaseStateStorage(await driver.reopen(), name);
    assert.equal((await reopened.read([CONVERSATION]))[CONVERSATION].step, 4);
  });
}

describeOnEachDriver('bot state storage', describeStateStorage);
