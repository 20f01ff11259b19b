import type { Database } from './database';
import { CLAIM_RETENTION_SECONDS, claimActivity, releaseActivity } from './processedActivities';

/** Records which incoming activities are being or have been handled, so a redelivery is handled once. */
export interface ActivityClaims {
  claim(activityKey: string): Promise<boolean>;
  release(activityKey: string): Promise<void>;
}

/**
 * Claims kept in the process, for the embedded store. That store is a file only one process can own, so no other
 * instance can receive the redelivery; a database write per turn would cost far more than the turn itself (the
 * embedded store appends every insert to its file in turn). A claim is forgotten on restart, which only matters
 * for a redelivery that arrives across a restart: the turn it repeats was then either saved or not, and dialog
 * state decides what the repeated answer means.
 */
export class MemoryActivityClaims implements ActivityClaims {
  private readonly claimedAt = new Map<string, number>();

  constructor(
    private readonly retentionMs = CLAIM_RETENTION_SECONDS * 1000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(activityKey: string): Promise<boolean> {
    this.forgetOld();
    if (this.claimedAt.has(activityKey)) return false;
    this.claimedAt.set(activityKey, this.now());
    return true;
  }

  async release(activityKey: string): Promise<void> {
    this.claimedAt.delete(activityKey);
  }

  /** Map order is insertion order, so the oldest claims are at the front. */
  private forgetOld(): void {
    const cutoff = this.now() - this.retentionMs;
    for (const [key, at] of this.claimedAt) {
      if (at >= cutoff && this.claimedAt.size < this.maxEntries) break;
      this.claimedAt.delete(key);
    }
  }
}

/** Claims as documents with a unique key, shared by every bot instance on the same MongoDB. */
export class DatabaseActivityClaims implements ActivityClaims {
  constructor(private readonly db: Database) {}

  claim(activityKey: string): Promise<boolean> {
    return claimActivity(this.db, activityKey);
  }

  release(activityKey: string): Promise<void> {
    return releaseActivity(this.db, activityKey);
  }
}

export function activityClaimsFor(db: Database): ActivityClaims {
  return db.kind === 'embedded' ? new MemoryActivityClaims() : new DatabaseActivityClaims(db);
}
