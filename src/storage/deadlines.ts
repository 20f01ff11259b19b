import { type CollectionOptions, type Database, type DocumentCollection, type PingResult, StorageUnavailableError } from './database';

/**
 * Teams gives up on a turn after 15 s. A store call gets this long before the turn is told the store is
 * unavailable, so a frozen or unreachable database costs the user one clear "try again" instead of a hang; a
 * turn stops at the first call that fails. The largest case file (500 sessions) reads in about 2 s on FerretDB.
 */
export const STORE_CALL_DEADLINE_MS = 5_000;

/** /healthz should answer quickly whether the store is there; a healthy store pings in milliseconds. */
export const PING_DEADLINE_MS = 2_000;

const COLLECTION_CALLS = new Set([
  'findOne',
  'find',
  'insertOne',
  'insertMany',
  'updateOne',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'countDocuments',
  'createIndex',
]);

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailableError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * The same database with a deadline on every call, for both drivers. A call that misses it may still complete
 * on the server later; every write the bot makes is safe to repeat (version and eTag checks, operation ids), so
 * the user's retry cannot apply anything twice.
 */
export function withDeadlines(db: Database, callMs = STORE_CALL_DEADLINE_MS, pingMs = PING_DEADLINE_MS): Database {
  const collections = new Map<string, DocumentCollection<object>>();
  return {
    kind: db.kind,
    description: db.description,
    collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T> {
      // Always passed on, so options given after the first call still reach the driver.
      const inner = db.collection<object>(name, options);
      let wrapped = collections.get(name);
      if (!wrapped) {
        const what = `${db.description}, collection ${name}`;
        wrapped = new Proxy(inner, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver) as unknown;
            if (typeof property !== 'string' || !COLLECTION_CALLS.has(property) || typeof value !== 'function') return value;
            return (...args: unknown[]) => within((value as (...a: unknown[]) => Promise<unknown>).apply(target, args), callMs, what);
          },
        });
        collections.set(name, wrapped);
      }
      return wrapped as unknown as DocumentCollection<T>;
    },
    async ping(): Promise<PingResult> {
      const started = performance.now();
      try {
        return await within(db.ping(), pingMs, db.description);
      } catch {
        return { ok: false, latencyMs: performance.now() - started };
      }
    },
    close: () => within(db.close(), callMs, db.description),
  };
}
