import { type Database, DuplicateKeyError } from './database';

/**
 * Teams redelivers an activity the bot has not answered in time, possibly to another bot instance. A claim is a
 * document with a unique key, so exactly one delivery of each activity is processed however many instances run.
 */

export const PROCESSED_ACTIVITIES = 'processedActivities';

/** Retries arrive within minutes; a day of claims is plenty and keeps the collection small. */
export const CLAIM_RETENTION_SECONDS = 24 * 60 * 60;

export interface ProcessedActivity {
  activityKey: string;
  createdAt: Date;
}

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

const indexesReady = new WeakMap<Database, Promise<void>>();
const lastPurge = new WeakMap<Database, number>();

function ensureIndexes(db: Database): Promise<void> {
  let ready = indexesReady.get(db);
  if (!ready) {
    const claims = db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES);
    ready = (async () => {
      await claims.createIndex({ activityKey: 1 }, { unique: true, name: 'activityKey_unique' });
      // Servers without TTL indexes (FerretDB 1.x) and nedb, which expires only documents a query touches, rely
      // on the hourly purge in claimActivity instead.
      await claims.createIndex({ createdAt: 1 }, { name: 'createdAt_ttl', expireAfterSeconds: CLAIM_RETENTION_SECONDS });
    })();
    // A failure (say, the server was briefly unreachable) must not stick: the next claim tries again.
    ready.catch(() => indexesReady.delete(db));
    indexesReady.set(db, ready);
  }
  return ready;
}

/** True for the first claim of `activityKey`, false for every later one while the claim is kept. */
export async function claimActivity(db: Database, activityKey: string, now: Date = new Date()): Promise<boolean> {
  await ensureIndexes(db);
  if (now.getTime() - (lastPurge.get(db) ?? 0) >= PURGE_INTERVAL_MS) {
    lastPurge.set(db, now.getTime());
    await purgeProcessedActivities(db, new Date(now.getTime() - CLAIM_RETENTION_SECONDS * 1000));
  }
  try {
    await db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES).insertOne({ activityKey, createdAt: now });
    return true;
  } catch (error) {
    if (error instanceof DuplicateKeyError) return false;
    throw error;
  }
}

/** Gives up a claim so a redelivery of an activity whose processing failed is processed again. */
export async function releaseActivity(db: Database, activityKey: string): Promise<void> {
  await db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES).deleteOne({ activityKey });
}

/** Deletes claims made before `olderThan`; returns how many. */
export async function purgeProcessedActivities(db: Database, olderThan: Date): Promise<number> {
  return db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES).deleteMany({ createdAt: { $lt: olderThan } });
}
