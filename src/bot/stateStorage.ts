import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { type Database, type DocumentCollection, DuplicateKeyError } from '../storage/database';

/**
 * Bot Framework state (conversation and user state, dialog stacks) kept in the application database, with the
 * same eTag rules as botbuilder's MemoryStorage. Items are stored as JSON text: dialog state holds arbitrary
 * keys (some start with '$' or contain '.') that are not valid field names in every backend, and MemoryStorage
 * also round-trips through JSON, so Dates come back as strings in both.
 */

export const BOT_STATE_COLLECTION = 'botState';

export interface BotStateDocument {
  key: string;
  json: string;
  eTag: string;
  updatedAt: Date;
}

export class ETagConflictError extends Error {
  override readonly name = 'ETagConflictError';

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

export class DatabaseStateStorage implements Storage {
  private readonly docs: DocumentCollection<BotStateDocument>;
  private indexReady: Promise<void> | undefined;

  constructor(db: Database, collectionName: string = BOT_STATE_COLLECTION) {
    this.docs = db.collection<BotStateDocument>(collectionName);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    await this.ensureIndex();
    const items: StoreItems = {};
    for (const doc of await this.docs.find({ key: { $in: keys } })) {
      items[doc.key] = { ...JSON.parse(doc.json), eTag: doc.eTag };
    }
    return items;
  }

  /** Writes every item it can; if any had a stale eTag, throws the first conflict after the others are written. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    await this.ensureIndex();
    const outcomes = await Promise.allSettled(Object.entries(changes).map(([key, item]) => this.writeItem(key, item)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Writes one item only if it is still as it was read: `expectedETag` is the eTag read at the start of the
   * turn, or undefined when nothing was stored then (so a first write loses to another first write). botbuilder's
   * own BotState.saveChanges always writes with eTag "*", which would let two instances overwrite each other.
   */
  async writeIfUnchanged(key: string, state: object, expectedETag: string | undefined): Promise<void> {
    await this.ensureIndex();
    const { eTag: _ignored, ...plain } = state as Record<string, unknown>;
    const next = { json: JSON.stringify(plain), eTag: randomUUID(), updatedAt: new Date() };
    if (expectedETag !== undefined) {
      if ((await this.docs.updateOne({ key, eTag: expectedETag }, { $set: next })).matchedCount !== 1) throw new ETagConflictError(key);
      return;
    }
    try {
      await this.docs.insertOne({ key, ...next });
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new ETagConflictError(key);
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.docs.deleteMany({ key: { $in: keys } });
  }

  private async writeItem(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: expected, ...state } = item ?? {};
    const next = { json: JSON.stringify(state), eTag: randomUUID(), updatedAt: new Date() };
    if (typeof expected !== 'string' || expected === '' || expected === '*') {
      await this.overwrite(key, next);
      return;
    }
    const swapped = await this.docs.updateOne({ key, eTag: expected }, { $set: next });
    if (swapped.matchedCount === 1) return;
    if ((await this.docs.countDocuments({ key })) > 0) throw new ETagConflictError(key);
    // Like MemoryStorage, an eTag for an item that is not stored (any more) does not block creating it.
    try {
      await this.docs.insertOne({ key, ...next });
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new ETagConflictError(key);
      throw error;
    }
  }

  /**
   * Update, else insert, rather than an upsert: the embedded store's upsert is several times slower, and a
   * conversation's first turn writes its state this way.
   */
  private async overwrite(key: string, next: Omit<BotStateDocument, 'key'>): Promise<void> {
    if ((await this.docs.updateOne({ key }, { $set: next })).matchedCount === 1) return;
    try {
      await this.docs.insertOne({ key, ...next });
    } catch (error) {
      // Two first writes of a new key can race to insert; the loser updates the winner's item instead.
      if (!(error instanceof DuplicateKeyError)) throw error;
      await this.docs.updateOne({ key }, { $set: next });
    }
  }

  private ensureIndex(): Promise<void> {
    this.indexReady ??= this.docs.createIndex({ key: 1 }, { unique: true, name: 'key_unique' }).catch((error: unknown) => {
      this.indexReady = undefined;
      throw error;
    });
    return this.indexReady;
  }
}
