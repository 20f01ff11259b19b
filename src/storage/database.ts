/**
 * The storage interface the application is written against, with one driver per backend (embedded nedb and
 * MongoDB-compatible servers). Only the query and update operators that nedb, MongoDB, Azure Cosmos DB for
 * MongoDB and FerretDB 1.x all implement the same way belong here.
 *
 * Filters: field equality (dotted paths reach into embedded documents and arrays of them), `$eq $ne $gt $gte
 * $lt $lte $in $nin $exists`, `$regex` with a RegExp value (flags go on the RegExp, not in `$options`), and
 * `$and`/`$or`. Avoid `{field: null}` (MongoDB also matches a missing field, nedb does not: use `$exists`) and
 * `$elemMatch` on embedded documents (FerretDB 1.x rejects it).
 *
 * Documents never carry `_id`: drivers strip it on read and callers identify documents by business keys backed
 * by unique indexes.
 */

export type Filter = Readonly<Record<string, unknown>>;

/**
 * `$setOnInsert` applies only when an upsert inserts. `$push` takes a value or `{$each: [...]}`. Positional
 * (`a.$.b`) paths and `$pull` with conditions are not portable; address array elements by index (`a.3.b`) or
 * rewrite the array under a version check.
 */
export interface Update {
  readonly $set?: Readonly<Record<string, unknown>>;
  readonly $unset?: Readonly<Record<string, true | 1 | ''>>;
  readonly $inc?: Readonly<Record<string, number>>;
  readonly $push?: Readonly<Record<string, unknown>>;
  readonly $setOnInsert?: Readonly<Record<string, unknown>>;
}

export type SortSpec = Readonly<Record<string, 1 | -1>>;

/** Either all 1 (keep only these fields) or all 0 (drop these fields). */
export type Projection = Readonly<Record<string, 0 | 1>>;

export interface FindOptions {
  readonly sort?: SortSpec;
  readonly limit?: number;
  readonly skip?: number;
}

export interface BatchOptions {
  /** Documents per batch (the last may hold fewer). */
  readonly batchSize: number;
}

export interface WriteResult {
  readonly matchedCount: number;
  readonly modifiedCount: number;
  readonly upsertedCount: number;
}

export interface IndexOptions {
  readonly unique?: boolean;
  readonly name?: string;
  /**
   * Best effort: servers without TTL indexes (FerretDB 1.x) get a plain index instead, so callers that must
   * bound growth also delete old documents themselves.
   */
  readonly expireAfterSeconds?: number;
}

export interface DocumentCollection<T extends object> {
  readonly name: string;
  findOne(filter: Filter): Promise<T | null>;
  findOne(filter: Filter, options: { readonly projection: Projection }): Promise<Partial<T> | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  find(filter: Filter, options: FindOptions & { readonly projection: Projection }): Promise<Partial<T>[]>;
  /**
   * Every matching document, a batch at a time, for a pass over more documents than should be held at once (an
   * export). One query: a server that reads every document for any query (FerretDB 1.x) reads them once. A
   * document changed or removed while the batches are read may come in either state or not at all.
   */
  findInBatches(filter: Filter, options: BatchOptions): AsyncGenerator<T[]>;
  insertOne(doc: T): Promise<void>;
  /** Inserts in order and stops at the first failure; the documents before it stay inserted. */
  insertMany(docs: readonly T[]): Promise<void>;
  /** Updates the first matching document only. */
  updateOne(filter: Filter, update: Update, options?: { readonly upsert?: boolean }): Promise<WriteResult>;
  replaceOne(filter: Filter, doc: T, options?: { readonly upsert?: boolean }): Promise<WriteResult>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  countDocuments(filter?: Filter): Promise<number>;
  /** Idempotent: creating the same index again is a no-op. */
  createIndex(fields: Readonly<Record<string, 1 | -1>>, options?: IndexOptions): Promise<void>;
}

export interface PingResult {
  readonly ok: boolean;
  readonly latencyMs: number;
}

export interface CollectionOptions {
  /**
   * The string fields that together identify a document (its unique business key, already backed by a unique
   * index). A driver may store them as the document's `_id` so that reading or writing one document by its key
   * needs no other index: FerretDB 1.x uses no index but `_id`'s for a query, so without this every read of one
   * case file parses every case file. Callers still never see `_id`.
   */
  readonly key?: readonly string[];
}

export interface Database {
  readonly kind: 'embedded' | 'mongodb';
  /** Where the data lives, for logs and health output; never contains credentials. */
  readonly description: string;
  /** A collection's options are fixed by its first caller that gives them; later callers may omit them. */
  collection<T extends object>(name: string, options?: CollectionOptions): DocumentCollection<T>;
  ping(): Promise<PingResult>;
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';

  constructor(
    readonly collection: string,
    options?: { cause?: unknown },
  ) {
    super(`duplicate key in collection "${collection}"`, options);
  }
}

export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Names become file names in the embedded driver, so both drivers accept the same safe set. */
export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new TypeError(`invalid collection name "${name}": use letters, digits and _ (start with a letter)`);
  }
}

export function assertUpdateOperators(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0 || keys.some((key) => !key.startsWith('$'))) {
    throw new TypeError('an update must contain only update operators such as $set');
  }
}

export function assertReplacement(doc: object): void {
  if (Object.keys(doc).some((key) => key.startsWith('$'))) {
    throw new TypeError('a replacement document cannot contain update operators');
  }
}
