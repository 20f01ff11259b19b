import type { Database } from './database';
import { openEmbeddedDatabase } from './embeddedDatabase';
import { connectMongo } from './mongoDatabase';

export interface StorageConfig {
  readonly mongodbUri?: string | undefined;
  readonly mongodbDb?: string | undefined;
  readonly dataDir: string;
}

/** MongoDB when a URI is configured; otherwise the embedded store under `dataDir`, so a fresh machine just runs. */
export async function openDatabase(config: StorageConfig): Promise<Database> {
  if (config.mongodbUri) return connectMongo(config.mongodbUri, config.mongodbDb || undefined);
  return openEmbeddedDatabase({ dataDir: config.dataDir });
}
