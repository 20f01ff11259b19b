import 'dotenv/config';
import { loadConfig } from '../src/config/env';
import { describeFailure } from './startupFailure';
import { createLogger } from '../src/logger';
import { seedDemoData } from '../src/seed/seedDemoData';
import { createServices } from '../src/services';

/** Loads demo data into the configured store (embedded, or MONGODB_URI). */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const services = await createServices(config, createLogger(config.logLevel));
  try {
    const r = await seedDemoData(services);
    process.stdout.write(
      `Seeded ${services.db.description} for organisation ${r.organisationId}: ${r.clientsAdded} of ${r.clientsTotal} clients added${r.clientsCompleted ? `, ${r.clientsCompleted} given their DEX details` : ''}, ` +
        `the case file with gaps ${r.caseFileAdded ? 'added' : 'already there'}, the case file ready for DEX ${r.readyCaseFileAdded ? 'added' : 'already there'}, activity ${r.activity}.\n`,
    );
  } finally {
    await services.db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${describeFailure(err)}\n`);
  process.exit(1);
});
