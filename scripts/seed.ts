import 'dotenv/config';
import { ConfigError, loadConfig } from '../src/config/env';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';
import { demoActivity, demoCaseFile, demoClients } from '../src/seed/demoData';

/** Loads demo data into the configured store (embedded, or MONGODB_URI). Running it twice changes nothing. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const services = await createServices(config, logger);
  try {
    const org = services.organisations.organisations[0]!;
    const now = services.clock().setZone(org.timeZone);
    const ctx = { actor: { userId: 'seed', name: 'Demo data' }, now, zone: org.timeZone };
    const clients = demoClients(org, ctx);
    let clientsAdded = 0;
    for (const c of clients) if (await services.clients.insert(c)) clientsAdded++;
    const caseFile = demoCaseFile(org, clients, ctx);
    const caseFileAdded = (await services.caseFiles.get(org.organisationId, caseFile.caseFileId)) ? false : (await services.caseFiles.insert(caseFile)).ok;
    const activityResult = await services.activities.upsert(demoActivity(org, clients, now));
    process.stdout.write(
      `Seeded ${services.db.description} for organisation ${org.organisationId}: ` +
        `${clientsAdded} of ${clients.length} clients added, case file ${caseFileAdded ? 'added' : 'already there'}, ` +
        `activity ${activityResult}.\n`,
    );
  } finally {
    await services.db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write((err instanceof ConfigError ? err.message : (err as Error).stack ?? String(err)) + '\n');
  process.exit(1);
});
