import type { Database } from './database';
import { withDeadlines } from './deadlines';
import { openEmbeddedDatabase } from './embeddedDatabase';

export interface StorageConfig {
  readonly mongodbUri?: string | undefined;
  readonly mongodbDb?: string | undefined;
  readonly dataDir: string;
}

/** MongoDB when a URI is configured; otherwise the embedded store under `dataDir`, so a fresh machine just runs. */
export async function openDatabase(config: StorageConfig): Promise<Database> {
  if (config.mongodbUri) {
    // Loaded only when used: the MongoDB driver costs about 11 MB of memory that the embedded store never needs.
    const { connectMongo } = require('./mongoDatabase') as typeof import('./mongoDatabase');
    return withDeadlines(await connectMongo(config.mongodbUri, config.mongodbDb || undefined));
  }
  return withDeadlines(await openEmbeddedDatabase({ dataDir: config.dataDir }));
}
