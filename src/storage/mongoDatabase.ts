import {
  type Collection,
  type Db,
  type Document,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type UpdateFilter,
  type UpdateResult,
} from 'mongodb';
import { keyedId, meetsSimpleConditions, splitKeyFilter } from './keyedIds';
import {
  assertCollectionName,
  type CollectionOptions,
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
  StorageUnavailableError,
  type Update,
  type WriteResult,
} from './database';

const DUPLICATE_KEY = 11000;
const INTERNAL_ERROR = 1;
const NOT_IMPLEMENTED = 238;
/** FerretDB 1.x reports a unique violation by an update as an internal error carrying the SQL error text. */
const BACKEND_UNIQUE_VIOLATION = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

/**
 * How long a batch of findInBatches may take. Such a pass over a whole collection is not inside a chat turn, and
 * a server may read every matching document before it sends the first batch: FerretDB 1.x took about a minute
 * for 2,000 case files of 26 sessions × 12 participants. It gets its own client, so the bot's own reads keep
 * their 8 s socket timeout.
 */
const BATCH_READ_SOCKET_TIMEOUT_MS = 300_000;

export interface MongoConnectOptions {
  readonly serverSelectionTimeoutMs?: number;
  /** For tooling whose calls may rightly take long (bulk loads); the bot keeps the default, inside a turn. */
  readonly socketTimeoutMs?: number;
  /** Sees every command sent (name and body), for checking which queries reach the server. */
  readonly onCommand?: (name: string, command: Document) => void;
}

function isDuplicateKey(error: MongoServerError): boolean {
  return error.code === DUPLICATE_KEY || (error.code === INTERNAL_ERROR && BACKEND_UNIQUE_VIOLATION.test(error.message));
}

function mapError(collection: string, where: string, error: unknown): unknown {
  if (error instanceof MongoServerError && isDuplicateKey(error)) {
    return new DuplicateKeyError(collection, { cause: error });
  }
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  ) {
    return new StorageUnavailableError(`${where} is unavailable: ${error.message}`, { cause: error });
  }
  return error;
}

function toWriteResult(result: UpdateResult): WriteResult {
  return {
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedCount: result.upsertedCount,
  };
}

interface ServerTraits {
  /** Host list and database name, for error messages. */
  readonly where: string;
  /**
   * FerretDB 1.x runs an update as a query followed by a write by _id, so two concurrent conditional updates
   * can both match (a version check then loses an update, and so do concurrent $inc and $push). Serialising
   * this process's writes per collection restores atomicity for a single bot instance; several instances on
   * one FerretDB 1.x server would still race.
   */
  readonly ferretdbV1: boolean;
}

type Doc = Record<string, unknown>;

class MongoCollection<T extends object> implements DocumentCollection<T> {
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly docs: Collection<Document>,
    private readonly server: ServerTraits,
    /** The collection's business key, when declared (see CollectionOptions.key). */
    private readonly key: () => readonly string[] | undefined,
    /** The same collection through the connection for long reads (see BATCH_READ_SOCKET_TIMEOUT_MS). */
    private readonly forLongReads: () => Promise<Collection<Document>>,
  ) {}

  findOne(filter: Filter): Promise<T | null>;
  findOne(filter: Filter, options: { readonly projection: Projection }): Promise<Partial<T> | null>;
  findOne(filter: Filter, options: { readonly projection?: Projection } = {}): Promise<T | null> {
    return this.run(async () => {
      const projection = { ...options.projection, _id: 0 };
      const byKey = this.keyShortcut(filter);
      if (byKey && Object.keys(byKey.rest).length === 0) {
        const found = await this.docs.findOne({ _id: byKey.id as never }, { projection });
        if (found) return found as T;
      }
      return (await this.docs.findOne(filter, { projection })) as T | null;
    });
  }

  /**
   * On FerretDB 1.x a filter is answered from an index only when it is `{_id: value}` alone; any other filter
   * reads and parses every document of the collection. So there a filter naming a keyed document is first
   * tried as its `_id`. (MongoDB answers the plain filter from the unique index on the key already.)
   */
  private keyShortcut(filter: Filter): { id: string; rest: Record<string, unknown> } | undefined {
    const key = this.key();
    return key && this.server.ferretdbV1 ? splitKeyFilter(key, filter) : undefined;
  }

  /** The document as stored, with its key as `_id` when the collection has a key (see keyedIds.ts). */
  private withKeyedId(doc: T): Doc {
    const key = this.key();
    const id = key ? keyedId(key, doc as Doc) : undefined;
    return id === undefined ? ({ ...doc } as Doc) : { ...doc, _id: id };
  }

  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  find(filter: Filter, options: FindOptions & { readonly projection: Projection }): Promise<Partial<T>[]>;
  find(filter: Filter, options: FindOptions & { readonly projection?: Projection } = {}): Promise<T[]> {
    return this.run(async () => {
      const cursor = this.docs.find(filter, { projection: { ...options.projection, _id: 0 } });
      if (options.sort) cursor.sort({ ...options.sort });
      if (options.skip) cursor.skip(options.skip);
      if (options.limit) cursor.limit(options.limit);
      return (await cursor.toArray()) as T[];
    });
  }

  findInBatches(filter: Filter, options: BatchOptions): AsyncGenerator<T[]>;
  findInBatches(filter: Filter, options: BatchOptions & { readonly projection: Projection }): AsyncGenerator<Partial<T>[]>;
  async *findInBatches(filter: Filter, options: BatchOptions & { readonly projection?: Projection }): AsyncGenerator<T[]> {
    const docs = await this.run(() => this.forLongReads());
    const cursor = docs.find(filter, { projection: { ...options.projection, _id: 0 }, batchSize: options.batchSize });
    try {
      let batch: T[] = [];
      while (true) {
        const doc = await this.run(() => cursor.next());
        if (doc === null) break;
        batch.push(doc as T);
        if (batch.length < options.batchSize) continue;
        yield batch;
        batch = [];
      }
      if (batch.length > 0) yield batch;
    } finally {
      await cursor.close();
    }
  }

  // The driver writes a generated _id into the object it is given, so it always gets a copy.
  insertOne(doc: T): Promise<void> {
    return this.write(async () => {
      await this.docs.insertOne(this.withKeyedId(doc));
    });
  }

  insertMany(docs: readonly T[]): Promise<void> {
    return this.write(async () => {
      if (docs.length === 0) return;
      await this.docs.insertMany(
        docs.map((doc) => this.withKeyedId(doc)),
        { ordered: true },
      );
    });
  }

  updateOne(filter: Filter, update: Update, options: { readonly upsert?: boolean } = {}): Promise<WriteResult> {
    return this.write(async () => {
      assertUpdateOperators(update);
      const { $setOnInsert, ...operators } = update;
      if (options.upsert && $setOnInsert && this.server.ferretdbV1) {
        // FerretDB 1.x drops empty arrays given in $setOnInsert, so the insert case is written with $set instead.
        if (Object.keys(operators).length > 0) {
          const updated = toWriteResult(await this.docs.updateOne(filter, operators as UpdateFilter<Document>));
          if (updated.matchedCount > 0) return updated;
        } else if ((await this.docs.countDocuments(filter, { limit: 1 })) > 0) {
          return { matchedCount: 1, modifiedCount: 0, upsertedCount: 0 };
        }
        const onInsert = { ...operators, $set: { ...$setOnInsert, ...operators.$set } };
        return toWriteResult(await this.docs.updateOne(filter, onInsert as UpdateFilter<Document>, { upsert: true }));
      }
      return toWriteResult(await this.docs.updateOne(filter, update as UpdateFilter<Document>, { upsert: options.upsert ?? false }));
    });
  }

  replaceOne(filter: Filter, doc: T, options: { readonly upsert?: boolean } = {}): Promise<WriteResult> {
    return this.write(async () => {
      assertReplacement(doc);
      const byKey = this.keyShortcut(filter);
      if (byKey) {
        // FerretDB 1.x runs a replace as a read then a write by _id anyway, and this process's writes to the
        // collection take turns (see write), so reading by _id, checking the rest here and writing by _id is
        // as atomic as the server's own replace, without reading every other document.
        const current = (await this.docs.findOne({ _id: byKey.id as never })) as Doc | null;
        const met = current ? meetsSimpleConditions(current, byKey.rest) : undefined;
        if (met === true) return toWriteResult(await this.docs.replaceOne({ _id: byKey.id as never }, { ...doc }));
        if (met === false && !options.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
      }
      return toWriteResult(await this.docs.replaceOne(filter, { ...doc }, { upsert: options.upsert ?? false }));
    });
  }

  deleteOne(filter: Filter): Promise<number> {
    return this.write(async () => (await this.docs.deleteOne(filter)).deletedCount);
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.write(async () => (await this.docs.deleteMany(filter)).deletedCount);
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.run(() => this.docs.countDocuments(filter));
  }

  createIndex(fields: Readonly<Record<string, 1 | -1>>, options: IndexOptions = {}): Promise<void> {
    return this.run(async () => {
      const { expireAfterSeconds, ...plain } = options;
      if (expireAfterSeconds !== undefined) {
        try {
          await this.docs.createIndex({ ...fields }, { ...plain, expireAfterSeconds });
          return;
        } catch (error) {
          if (!(error instanceof MongoServerError && error.code === NOT_IMPLEMENTED)) throw error;
        }
      }
      await this.docs.createIndex({ ...fields }, plain);
    });
  }

  private write<R>(operation: () => Promise<R>): Promise<R> {
    if (!this.server.ferretdbV1) return this.run(operation);
    const result = this.writeQueue.then(() => this.run(operation));
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  private async run<R>(operation: () => Promise<R>): Promise<R> {
    try {
      return await operation();
    } catch (error) {
      throw mapError(this.name, this.server.where, error);
    }
  }
}

export class MongoDatabase implements Database {
  readonly kind = 'mongodb' as const;
  private readonly collections = new Map<string, MongoCollection<object>>();
  private readonly keys = new Map<string, readonly string[]>();
  private longReads: Promise<MongoClient> | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    readonly description: string,
    private readonly server: ServerTraits,
    /** Opens the second client, for long reads; connected on first use only. */
    private readonly connectForLongReads: () => Promise<MongoClient>,
  ) {}

  private longReadDb(): Promise<Db> {
    if (!this.longReads) {
      const connecting = this.connectForLongReads();
      // A connection that failed is tried again on the next long read, not remembered as failed.
      connecting.catch(() => {
        if (this.longReads === connecting) this.longReads = undefined;
      });
      this.longReads = connecting;
    }
    return this.longReads.then((client) => client.db(this.db.databaseName));
  }

  collection<T extends object>(name: string, options: CollectionOptions = {}): DocumentCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      assertCollectionName(name);
      collection = new MongoCollection<object>(
        name,
        this.db.collection(name),
        this.server,
        () => this.keys.get(name),
        () => this.longReadDb().then((db) => db.collection(name)),
      );
      this.collections.set(name, collection);
    }
    if (options.key && !this.keys.has(name)) this.keys.set(name, options.key);
    return collection as unknown as DocumentCollection<T>;
  }

  async ping(): Promise<PingResult> {
    const started = performance.now();
    try {
      await this.db.command({ ping: 1 });
      return { ok: true, latencyMs: performance.now() - started };
    } catch {
      return { ok: false, latencyMs: performance.now() - started };
    }
  }

  /** For tests and tooling that own a throwaway database. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }

  async close(): Promise<void> {
    const longReads = this.longReads?.catch(() => undefined);
    this.longReads = undefined;
    await Promise.all([this.client.close(), longReads?.then((client) => client?.close())]);
  }
}

function hostsOf(client: MongoClient): string {
  return client.options.srvHost ?? client.options.hosts.map(String).join(',');
}

async function identifyServer(db: Db, where: string): Promise<{ description: string; ferretdbV1: boolean }> {
  const info = await db.command({ buildInfo: 1 }).catch(() => undefined);
  const version = typeof info?.version === 'string' ? ` ${info.version}` : '';
  const ferretdbVersion: unknown = info?.ferretdbVersion;
  const ferret = typeof ferretdbVersion === 'string' ? ` (FerretDB ${ferretdbVersion})` : '';
  return {
    description: `MongoDB${version}${ferret} at ${where}`,
    ferretdbV1: typeof ferretdbVersion === 'string' && /^v?1\./.test(ferretdbVersion),
  };
}

/**
 * Connects and checks the server answers before returning, so a wrong URI fails at start-up rather than on
 * the first user turn. `dbName` defaults to the database named in the URI.
 */
export async function connectMongo(uri: string, dbName?: string, options: MongoConnectOptions = {}): Promise<MongoDatabase> {
  const newClient = (socketTimeoutMS: number): MongoClient => {
    const made = new MongoClient(uri, {
      appName: 'dex-assistant',
      // Without this the driver stores undefined fields as null, which the embedded driver never does.
      ignoreUndefined: true,
      // Bounded well inside Teams' 15 s turn: finding a server, opening a connection and waiting on a silent one
      // (a frozen server keeps its sockets open). withDeadlines caps each call as a whole.
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 4_000,
      connectTimeoutMS: 4_000,
      socketTimeoutMS,
      monitorCommands: options.onCommand !== undefined,
    });
    const { onCommand } = options;
    if (onCommand) made.on('commandStarted', (event) => onCommand(event.commandName, event.command));
    return made;
  };
  const client = newClient(options.socketTimeoutMs ?? 8_000);
  const db = client.db(dbName);
  const hosts = hostsOf(client);
  try {
    await client.connect();
    await db.command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mapError('', `MongoDB at ${hosts}`, error);
  }
  const where = `${hosts}/${db.databaseName}`;
  const { description, ferretdbV1 } = await identifyServer(db, where);
  const connectForLongReads = () => newClient(Math.max(options.socketTimeoutMs ?? 0, BATCH_READ_SOCKET_TIMEOUT_MS)).connect();
  return new MongoDatabase(client, db, description, { where: `MongoDB at ${where}`, ferretdbV1 }, connectForLongReads);
}
