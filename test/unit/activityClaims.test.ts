import assert from 'node:assert/strict';
import { MemoryActivityClaims } from '../../src/storage/activityClaims';

describe('in-process activity claims (embedded store)', () => {
  it('accepts the first claim of an activity and refuses repeats until released', async () => {
    const claims = new MemoryActivityClaims();
    assert.equal(await claims.claim('c|1'), true);
    assert.equal(await claims.claim('c|1'), false);
    assert.equal(await claims.claim('c|2'), true);
    await claims.release('c|1');
    assert.equal(await claims.claim('c|1'), true);
  });

  it('forgets claims older than the retention period', async () => {
    let now = 0;
    const claims = new MemoryActivityClaims(1000, 100, () => now);
    await claims.claim('old');
    now = 2000;
    assert.equal(await claims.claim('old'), true);
  });

  it('keeps at most the configured number of claims, dropping the oldest', async () => {
    const claims = new MemoryActivityClaims(60_000, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) await claims.claim(key);
    assert.equal(await claims.claim('a'), true, 'the oldest claim was dropped');
    assert.equal(await claims.claim('d'), false);
  });
});
