import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Datastore from '@seald-io/nedb';
import {
  assertCollectionName,
  assertReplacement,
  assertUpdateOperators,
  type BatchOptions,
  type Database,
  type DocumentCollection,
  DuplicateKeyError,
  type Filter,
  type FindOptions,
  type IndexOptions,
  type PingResult,
  type Projection,
  type Update,
  type WriteResult,
} from './database';
import type { DataDirLock } from './dataDirLock';
import { explainLoadFailure } from './dataFileRepair';
import { dataFileNames, openDataDir } from './embeddedDataDir';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './privateFiles';

export type StoreWarning = (event: string, fields: Record<string, string | number>) => void;

export type EmbeddedDatabaseOptions =
  | {
      readonly dataDir: string;
      readonly compactionIntervalMs?: number;
      /** Repairs and permission fixes made while opening; each names the file it touched. */
      readonly onWarning?: StoreWarning;
      /** The folder lock was taken away while open (default: throw, which stops the process). */
      readonly onLockLost?: (error: Error) => void;
    }
  | { readonly inMemoryOnly: true };

type Stored = Record<string, unknown> & { _id?: string };

const DEFAULT_COMPACTION_INTERVAL_MS = 60 * 60 * 1000;
const NOTHING_CHANGED: WriteResult = { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };

function mapError(collection: string, error: unknown): unknown {
  if (error instanceof Error && (error as { errorType?: unknown }).errorType === 'uniqueViolated') {
    return new DuplicateKeyError(collection, { cause: error });
  }
  return error;
}

function withoutId<T>(doc: Stored): T {
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

/**
 * nedb tests `$in` by comparing the field with each listed value in turn, for every document it scans, so an
 * `$in` over thousands of ids (a case file's clients across an organisation) cost about a second over 24,000
 * clients. A long list of plain values is tested through a Set instead (measured ~40 times faster there).
 */
const LONG_IN_LIST = 16;

function isLongPlainInList(key: string, condition: unknown): condition is { $in: (string | number)[] } {
  if (key.startsWith('$') || !isOperatorObject(condition) || Object.keys(condition).length !== 1) return false;
  const list = condition.$in;
  return Array.isArray(list) && list.length > LONG_IN_LIST && list.every((v) => typeof v === 'string' || typeof v === 'number');
}

/** The values a dotted path reaches, stepping into every element of an array on the way, as MongoDB does. */
function valuesAt(node: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return Array.isArray(node) ? [node, ...node] : [node];
  if (Array.isArray(node) && !/^\d+$/.test(parts[0]!)) return node.flatMap((element) => valuesAt(element, parts));
  if (typeof node !== 'object' || node === null) return [];
  return valuesAt((node as Record<string, unknown>)[parts[0]!], parts.slice(1));
}

function inSet(path: string, values: readonly (string | number)[]): Record<string, unknown> {
  const wanted = new Set<unknown>(values);
  const parts = path.split('.');
  return {
    $where(this: unknown): boolean {
      return valuesAt(this, parts).some((v) => wanted.has(v));
    },
  };
}

/** nedb 4 has no `$eq`; a one-element `$in` means the same. */
function toNedbQuery(filter: Filter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const alsoRequired: Record<string, unknown>[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (isLongPlainInList(key, condition)) {
      alsoRequired.push(inSet(key, condition.$in));
    } else if ((key === '$and' || key === '$or') && Array.isArray(condition)) {
      query[key] = (condition as Filter[]).map(toNedbQuery);
    } else if (isOperatorObject(condition) && '$eq' in condition) {
      const { $eq, ...rest } = condition;
      if ('$in' in rest) {
        query[key] = rest;
        alsoRequired.push({ [key]: { $in: [$eq] } });
      } else {
        query[key] = { ...rest, $in: [$eq] };
      }
    } else {
      query[key] = condition;
    }
  }
  return alsoRequired.length === 0 ? query : { $and: [query, ...alsoRequired] };
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  const last = parts.pop() as string;
  let node = target;
  for (const part of parts) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[last] = value;
}

/** The fields an upsert copies from its filter, following MongoDB: equality conditions only. */
function upsertSeed(filter: Filter, seed: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition as Filter[]) upsertSeed(part, seed);
    } else if (key.startsWith('$') || condition instanceof RegExp) {
      // Other operators and patterns do not name one value, so MongoDB copies nothing from them.
    } else if (isOperatorObject(condition)) {
      if ('$eq' in condition) setPath(seed, key, condition.$eq);
    } else {
      setPath(seed, key, condition);
    }
  }
  return seed;
}

/**
 * nedb has no `$setOnInsert` and builds upsert documents differently from MongoDB (it drops dotted filter
 * fields and keeps emptied operator objects), so the document is computed here: the filter's equality fields,
 * then the update applied by nedb itself in a throwaway in-memory store so operator semantics stay nedb's.
 */
async function buildUpsertDocument(filter: Filter, update: Update): Promise<Stored> {
  const { $setOnInsert, ...operators } = update;
  const onInsert: Record<string, Record<string, unknown>> = { ...operators };
  if ($setOnInsert) onInsert.$set = { ...$setOnInsert, ...operators.$set };
  const scratch = new Datastore<Stored>({ inMemoryOnly: true });
  const seeded = await scratch.insertAsync(upsertSeed(filter));
  if (Object.keys(onInsert).length === 0) return withoutId(seeded);
  const { affectedDocuments } = await scratch.updateAsync({ _id: seeded._id }, onInsert, { returnUpdatedDocs: true });
  return withoutId(affectedDocuments as Stored);
}

class EmbeddedCollection<T extends object> implements DocumentCollection<T> {
  /** Writes are serialised per collection so read-then-write steps (modified counts, upserts) are atomic. */
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly store: Datastore<Stored>,
    private readonly loaded: Promise<void>,
  ) {}

  findOne(filter: Filter): Promise<T | null>;
  findOne(filter: Filter, options: { readonly projection: Projection }): Promise<Partial<T> | null>;
  async findOne(filter: Filter, options?: { readonly projection?: Projection }): Promise<T | Partial<T> | null> {
    const [first] = await this.find(filter, { limit: 1, ...options });
    return first ?? null;
  }

  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  find(filter: Filter, options: FindOptions & { readonly projection: Projection }): Promise<Partial<T>[]>;
  async find(filter: Filter, options: FindOptions & { readonly projection?: Projection } = {}): Promise<T[]> {
    await this.loaded;
    // nedb's cursor is itself a promise; its settings methods return it, so it is kept rather than left floating.
    let cursor = this.store.findAsync(toNedbQuery(filter)).projection({ ...options.projection, _id: 0 });
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await this.run(() => cursor.execAsync())) as unknown as T[];
  }

  /**
   * nedb copies every document a query returns, so the matching ids are read first and the documents a batch at
   * a time. The projection picks a field no document has: an `_id`-only one makes nedb copy whole documents.
   */
  async *findInBatches(filter: Filter, options: BatchOptions): AsyncGenerator<T[]> {
    await this.loaded;
    const query = toNedbQuery(filter);
    const idsOnly = { _id: 1, _idOnly: 1 } as const;
    const ids = (await this.run(() => this.store.findAsync(query).projection(idsOnly).execAsync())).map((d) => d._id as string);
    for (let at = 0; at < ids.length; at += options.batchSize) {
      // Matched again, so a document changed since no longer to match is left out.
      const batch = { ...query, _id: { $in: ids.slice(at, at + options.batchSize) } };
      const docs = await this.run(() => this.store.findAsync(batch).projection({ _id: 0 }).execAsync());
      if (docs.length > 0) yield docs as unknown as T[];
    }
  }

  insertOne(doc: T): Promise<void> {
    return this.exclusive(async () => {
      await this.store.insertAsync(doc as Stored);
    });
  }

  insertMany(docs: readonly T[]): Promise<void> {
    return this.exclusive(async () => {
      for (const doc of docs) await this.store.insertAsync(doc as Stored);
    });
  }

  async updateOne(filter: Filter, update: Update, options: { readonly upsert?: boolean } = {}): Promise<WriteResult> {
    assertUpdateOperators(update);
    const { $setOnInsert: _onInsertOnly, ...operators } = update;
    return this.exclusive(async () => {
      const current = await this.store.findOneAsync(toNedbQuery(filter));
      if (current === null) {
        if (!options.upsert) return NOTHING_CHANGED;
        await this.store.insertAsync(await buildUpsertDocument(filter, update));
        return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
      }
      if (Object.keys(operators).length === 0) return { matchedCount: 1, modifiedCount: 0, upsertedCount: 0 };
      return this.modify(current, operators);
    });
  }

  async replaceOne(filter: Filter, doc: T, options: { readonly upsert?: boolean } = {}): Promise<WriteResult> {
    assertReplacement(doc);
    return this.exclusive(async () => {
      const current = await this.store.findOneAsync(toNedbQuery(filter));
      if (current === null) {
        if (!options.upsert) return NOTHING_CHANGED;
        await this.store.insertAsync(doc as Stored);
        return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
      }
      return this.modify(current, doc);
    });
  }

  deleteOne(filter: Filter): Promise<number> {
    return this.exclusive(() => this.store.removeAsync(toNedbQuery(filter), { multi: false }));
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.exclusive(() => this.store.removeAsync(toNedbQuery(filter), { multi: true }));
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    await this.loaded;
    return this.run(async () => (await this.store.countAsync(toNedbQuery(filter))) as unknown as number);
  }

  /** nedb indexes have no name or direction; unique and TTL behave as in MongoDB. */
  async createIndex(fields: Readonly<Record<string, 1 | -1>>, options: IndexOptions = {}): Promise<void> {
    const names = Object.keys(fields);
    const [single] = names;
    if (single === undefined) throw new TypeError('an index needs at least one field');
    await this.loaded;
    await this.run(() =>
      this.store.ensureIndexAsync({
        fieldName: names.length === 1 ? single : names,
        unique: options.unique ?? false,
        ...(options.expireAfterSeconds === undefined ? {} : { expireAfterSeconds: options.expireAfterSeconds }),
      }),
    );
  }

  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Settles once every write queued so far has finished. */
  async drained(): Promise<void> {
    await this.writeQueue;
  }

  /** A store that failed to load never runs queued work, so only loaded stores are compacted. */
  async compact(): Promise<void> {
    const loaded = await this.loaded.then(
      () => true,
      () => false,
    );
    if (loaded) await this.store.compactDatafileAsync();
  }

  private async modify(current: Stored, change: object): Promise<WriteResult> {
    const { affectedDocuments } = await this.store.updateAsync({ _id: current._id }, change, {
      returnUpdatedDocs: true,
    });
    const modified = affectedDocuments !== null && !isDeepStrictEqual(current, affectedDocuments);
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0, upsertedCount: 0 };
  }

  private exclusive<R>(operation: () => Promise<R>): Promise<R> {
    const result = this.writeQueue.then(async () => {
      await this.loaded;
      return this.run(operation);
    });
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  private async run<R>(operation: () => PromiseLike<R>): Promise<R> {
    try {
      return await operation();
    } catch (error) {
      throw mapError(this.name, error);
    }
  }
}

export class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;
  readonly description: string;
  private readonly collections = new Map<string, EmbeddedCollection<object>>();
  private readonly compactionTimer: NodeJS.Timeout | undefined;
  private readonly lock: DataDirLock | undefined;
  private closed = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.description = 'dataDir' in options ? `embedded nedb at ${options.dataDir}` : 'embedded nedb in memory';
    if ('dataDir' in options) {
      this.lock = openDataDir(options);
      // Every existing collection loads now, so damage or a size the heap cannot hold shows at start-up.
      for (const name of dataFileNames(options.dataDir)) this.collection(name);
      // nedb appends every write to the data file; rewriting it keeps files and load times proportional to the data.
      this.compactionTimer = setInterval(() => void this.compactAll().catch(() => undefined), options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS);
      this.compactionTimer.unref();
    }
  }

  collection<T extends object>(name: string): DocumentCollection<T> {
    if (this.closed) throw new Error('database is closed');
    const existing = this.collections.get(name);
    if (existing) return existing as unknown as DocumentCollection<T>;
    assertCollectionName(name);
    const filename = 'dataDir' in this.options ? path.join(this.options.dataDir, `${name}.db`) : undefined;
    const store =
      filename === undefined
        ? new Datastore<Stored>({ inMemoryOnly: true })
        : new Datastore<Stored>({
            filename,
            // Any unreadable line stops the load; an incomplete last line was already dropped when opening.
            corruptAlertThreshold: 0,
            modes: { fileMode: PRIVATE_FILE_MODE, dirMode: PRIVATE_DIR_MODE },
          });
    const loaded = store.loadDatabaseAsync().catch((error: unknown) => {
      throw filename === undefined ? error : explainLoadFailure(filename, error);
    });
    // A load failure surfaces on the first operation; this keeps it from also being reported as unhandled.
    loaded.catch(() => undefined);
    const collection = new EmbeddedCollection<object>(name, store, loaded);
    this.collections.set(name, collection);
    return collection as unknown as DocumentCollection<T>;
  }

  /** Settles when every collection opened so far has loaded; rejects with the first load failure. */
  async ready(): Promise<void> {
    await Promise.all([...this.collections.values()].map((collection) => collection.whenLoaded()));
  }

  async ping(): Promise<PingResult> {
    const started = performance.now();
    return { ok: !this.closed, latencyMs: performance.now() - started };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.compactionTimer);
    try {
      await Promise.all([...this.collections.values()].map((collection) => collection.drained()));
      await this.compactAll();
    } finally {
      this.lock?.release();
    }
  }

  private async compactAll(): Promise<void> {
    if (!('dataDir' in this.options)) return;
    await Promise.all([...this.collections.values()].map((collection) => collection.compact()));
  }
}

export function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): EmbeddedDatabase {
  return new EmbeddedDatabase(options);
}
