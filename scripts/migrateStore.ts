import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env';
import { describeFailure } from './startupFailure';
import { migrateEmbeddedToMongo } from '../src/storage/storeMigration';

const USAGE = `Usage: npm run store:migrate -- --to <MONGODB_URI> [--db <name>] [--from <DATA_DIR>]
Copies every collection of the embedded store (DATA_DIR, default ./data) to MongoDB (database MONGODB_DB, default
dex_assistant), then checks each collection's count and checksum. Stop the bot first. Safe to run again.`;

/** `npm run store:migrate`: the embedded store to MongoDB, verified (see README: When you outgrow the embedded store). */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { to: { type: 'string' }, db: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.to) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig({
    ...process.env,
    MONGODB_URI: values.to,
    ...(values.db ? { MONGODB_DB: values.db } : {}),
    ...(values.from ? { DATA_DIR: values.from } : {}),
  });
  const results = await migrateEmbeddedToMongo({
    dataDir: config.dataDir,
    uri: values.to,
    dbName: config.mongodbDb,
    progress: (line) => process.stdout.write(`${line}\n`),
  });
  const failed = results.filter((r) => !r.verified);
  if (failed.length > 0) {
    process.stderr.write(`Not verified: ${failed.map((r) => r.name).join(', ')}. Run the command again; the embedded store is unchanged.\n`);
    return 1;
  }
  process.stdout.write(
    `All ${results.length} collections copied and verified into ${config.mongodbDb}. Set MONGODB_URI (and MONGODB_DB) for the bot ` +
      'and start it; it creates its indexes on first start. The embedded folder is unchanged: keep it as a backup.\n',
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${describeFailure(err)}\n`);
    process.exitCode = 1;
  },
);
