import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { type Db, MongoClient } from 'mongodb';
import { lockDataDir } from './dataDirLock';
import { dataFileNames } from './embeddedDataDir';
import { StoreStartupError } from './storeStartupError';

/**
 * Copies every collection of an embedded data folder to a MongoDB database (issue 17, item 4).
 *
 * - The source is read, never written: files are parsed the way nedb loads them, without nedb's rewrite on load,
 *   and the folder's lock keeps a bot from writing while it is copied.
 * - Each document keeps nedb's `_id` as its MongoDB `_id`: new ones are inserted, ones an interrupted run already
 *   wrote are replaced by `_id`, so a run stopped half-way can simply be run again and nothing is duplicated.
 * - Afterwards each collection's count and a SHA-256 over its documents (sorted by `_id`, keys sorted) are
 *   compared between the two sides.
 * - Indexes are not copied: the bot creates its own on first start against MongoDB.
 */

type Doc = Record<string, unknown> & { _id: string };

export type CollectionResult = {
  readonly name: string;
  readonly source: number;
  readonly target: number;
  readonly sourceChecksum: string;
  readonly targetChecksum: string;
  readonly verified: boolean;
};

export class MigrationRefusedError extends StoreStartupError {
  override readonly name = 'MigrationRefusedError';
}

const BATCH = 500;

/** The documents nedb would load from one data file (latest version of each, deletions applied). */
async function readDataFile(file: string): Promise<Doc[]> {
  const reader = new Datastore({ inMemoryOnly: true, corruptAlertThreshold: 0 });
  const persistence = reader.persistence as unknown as {
    treatRawStreamAsync(stream: NodeJS.ReadableStream): Promise<{ data: Doc[] }>;
  };
  const { data } = await persistence.treatRawStreamAsync(fs.createReadStream(file, { encoding: 'utf8' }));
  return data;
}

/** Key-order independent, with dates written out, so both sides hash the same document the same way. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function checksum(docs: readonly Doc[]): string {
  const hash = createHash('sha256');
  for (const doc of [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
    hash.update(JSON.stringify(canonical(doc)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

export function embeddedCollections(dataDir: string): string[] {
  return dataFileNames(dataDir).sort();
}

/**
 * The ids already in the target. Documents there that did not come from this store would mix two stores'
 * data, so they are refused.
 */
async function idsAlreadyCopied(db: Db, name: string, sourceIds: ReadonlySet<string>): Promise<Set<string>> {
  const ids = await db
    .collection(name)
    .find({}, { projection: { _id: 1 } })
    .map((doc) => String(doc._id))
    .toArray();
  const foreign = ids.filter((id) => !sourceIds.has(id)).length;
  if (foreign > 0) {
    throw new MigrationRefusedError(
      `The target collection ${db.databaseName}.${name} already holds ${foreign} documents that did not come from this ` +
        'embedded store (was the bot started on MongoDB already?). Migrate into an empty database, or drop that one first.',
    );
  }
  return new Set(ids);
}

/**
 * New documents are inserted in batches (fast everywhere); documents an interrupted run already wrote are
 * replaced by `_id`, so whatever state that run left, the target ends as the source.
 */
async function copyCollection(db: Db, name: string, docs: readonly Doc[], present: ReadonlySet<string>): Promise<void> {
  const target = db.collection<Doc>(name);
  const fresh = docs.filter((doc) => !present.has(doc._id));
  const again = docs.filter((doc) => present.has(doc._id));
  for (let i = 0; i < fresh.length; i += BATCH) {
    await target.insertMany(
      fresh.slice(i, i + BATCH).map((doc) => ({ ...doc })),
      { ordered: false },
    );
  }
  for (let i = 0; i < again.length; i += BATCH) {
    await target.bulkWrite(
      again.slice(i, i + BATCH).map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
      { ordered: false },
    );
  }
}

export type MigrationOptions = {
  readonly dataDir: string;
  readonly uri: string;
  readonly dbName: string;
  readonly progress?: (line: string) => void;
};

export async function migrateEmbeddedToMongo(options: MigrationOptions): Promise<CollectionResult[]> {
  const say = options.progress ?? (() => undefined);
  if (!fs.existsSync(options.dataDir)) throw new MigrationRefusedError(`There is no embedded data folder at ${path.resolve(options.dataDir)}.`);
  const lock = lockDataDir(options.dataDir, (error) => {
    throw error;
  });
  const client = new MongoClient(options.uri, { appName: 'dex-assistant-migrate', ignoreUndefined: true, serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const db = client.db(options.dbName);
    const results: CollectionResult[] = [];
    for (const name of embeddedCollections(options.dataDir)) {
      const docs = await readDataFile(path.join(options.dataDir, `${name}.db`));
      const present = await idsAlreadyCopied(db, name, new Set(docs.map((doc) => doc._id)));
      await copyCollection(db, name, docs, present);
      const copied = (await db.collection<Doc>(name).find({}).toArray()) as Doc[];
      const sourceChecksum = checksum(docs);
      const targetChecksum = checksum(copied);
      const verified = docs.length === copied.length && sourceChecksum === targetChecksum;
      results.push({ name, source: docs.length, target: copied.length, sourceChecksum, targetChecksum, verified });
      say(
        `${name}: ${docs.length} copied, ${copied.length} in MongoDB, checksum ${sourceChecksum.slice(0, 12)} ` +
          `${verified ? 'matches' : `DIFFERS (${targetChecksum.slice(0, 12)})`}`,
      );
    }
    return results;
  } finally {
    await client.close().catch(() => undefined);
    lock.release();
  }
}
