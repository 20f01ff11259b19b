import type { Database } from './database';
import { withDeadlines } from './deadlines';
import { openEmbeddedDatabase, type StoreWarning } from './embeddedDatabase';
import { assertHeapFits, embeddedDataBytes } from './storeCapacity';

export interface StorageConfig {
  readonly mongodbUri?: string | undefined;
  readonly mongodbDb?: string | undefined;
  readonly dataDir: string;
  /** Repairs and permission fixes made while opening the embedded store. */
  readonly onWarning?: StoreWarning;
}

/** MongoDB when a URI is configured; otherwise the embedded store under `dataDir`, so a fresh machine just runs. */
export async function openDatabase(config: StorageConfig): Promise<Database> {
  if (config.mongodbUri) {
    // Loaded only when used: the MongoDB driver costs about 11 MB of memory that the embedded store never needs.
    const { connectMongo } = require('./mongoDatabase') as typeof import('./mongoDatabase');
    return withDeadlines(await connectMongo(config.mongodbUri, config.mongodbDb || undefined));
  }
  assertHeapFits(embeddedDataBytes(config.dataDir));
  const db = openEmbeddedDatabase({ dataDir: config.dataDir, ...(config.onWarning ? { onWarning: config.onWarning } : {}) });
  try {
    await db.ready();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return withDeadlines(db);
}
