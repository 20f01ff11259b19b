import assert from 'node:assert/strict';
import {
  CLAIM_RETENTION_SECONDS,
  PROCESSED_ACTIVITIES,
  type ProcessedActivity,
  claimActivity,
  purgeProcessedActivities,
  releaseActivity,
} from '../../src/storage/processedActivities';
import { type DriverUnderTest, describeOnEachDriver } from '../support/ferretdb';

const HOUR_MS = 60 * 60 * 1000;

function describeClaims(driver: DriverUnderTest): void {
  const claims = () => driver.db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES);

  it('claims an activity the first time only', async () => {
    assert.equal(await claimActivity(driver.db, 'conv-1|act-1'), true);
    assert.equal(await claimActivity(driver.db, 'conv-1|act-1'), false);
    assert.equal(await claimActivity(driver.db, 'conv-1|act-2'), true);
  });

  it('gives exactly one of many simultaneous deliveries the claim', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => claimActivity(driver.db, 'conv-2|act-1')));
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('records when the claim was made', async () => {
    const at = new Date();
    await claimActivity(driver.db, 'conv-3|act-1', at);
    const stored = await claims().findOne({ activityKey: 'conv-3|act-1' });
    assert.ok(stored?.createdAt instanceof Date);
    assert.equal(stored.createdAt.getTime(), at.getTime());
  });

  it('lets a released activity be claimed again', async () => {
    assert.equal(await claimActivity(driver.db, 'conv-4|act-1'), true);
    await releaseActivity(driver.db, 'conv-4|act-1');
    assert.equal(await claimActivity(driver.db, 'conv-4|act-1'), true);
  });

  it('purges claims older than a cut-off, and claimActivity purges expired ones by itself', async () => {
    const now = Date.now();
    await claims().insertMany([
      { activityKey: 'old|1', createdAt: new Date(now - 20 * HOUR_MS) },
      { activityKey: 'old|2', createdAt: new Date(now - 10 * HOUR_MS) },
    ]);
    assert.equal(await purgeProcessedActivities(driver.db, new Date(now - 15 * HOUR_MS)), 1);
    assert.equal(await claims().countDocuments({ activityKey: 'old|2' }), 1);

    const muchLater = new Date(now + 2 * HOUR_MS + CLAIM_RETENTION_SECONDS * 1000);
    assert.equal(await claimActivity(driver.db, 'later|1', muchLater), true);
    assert.equal(await claims().countDocuments({ createdAt: { $lt: new Date(now) } }), 0);
    assert.equal(await claims().countDocuments({ activityKey: 'later|1' }), 1);
  });
}

describeOnEachDriver('processed activity claims', describeClaims);
