import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';

/** Child process for the data-folder lock tests: opens the embedded store at argv[2], says so, and waits. */
const db = openEmbeddedDatabase({ dataDir: process.argv[2]! });
void db.ready().then(() => {
  process.stdout.write(`ready ${process.pid}\n`);
  process.once('SIGTERM', () => void db.close().then(() => process.exit(0)));
  setInterval(() => undefined, 60_000);
});
