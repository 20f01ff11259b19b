import { DateTime } from 'luxon';
import type { AppConfig } from './config/env';
import { loadOrganisations, resolveOrganisationsFile, type OrganisationDirectory } from './config/organisations';
import { DEFAULT_ORG_ZONE } from './domain/dates';
import type { ReferenceData } from './domain/referenceData';
import { loadReferenceData } from './config/referenceDataFiles';
import type { Logger } from './logger';
import { ActivityRepository } from './storage/activityRepository';
import { CaseFileRepository } from './storage/caseFileRepository';
import { ClientRepository } from './storage/clientRepository';
import type { Database } from './storage/database';
import { openDatabase } from './storage/openDatabase';
import { runMigrations } from './storage/migrations';
import { OrganisationRepository } from './storage/organisationRepository';
import { ReminderRepository } from './storage/reminderRepository';

export type Clock = () => DateTime;

/** Everything a turn may need, built once at start-up and passed down explicitly. */
export type Services = {
  config: AppConfig;
  logger: Logger;
  db: Database;
  referenceData: ReferenceData;
  organisations: OrganisationDirectory;
  caseFiles: CaseFileRepository;
  clients: ClientRepository;
  activities: ActivityRepository;
  reminders: ReminderRepository;
  clock: Clock;
};

export async function createServices(
  config: AppConfig,
  logger: Logger,
  overrides: { db?: Database; clock?: Clock; organisations?: OrganisationDirectory } = {},
): Promise<Services> {
  const referenceData = loadReferenceData({ overrideDir: config.referenceDataDir, dexXmlFile: config.referenceDataFile });
  const organisations = overrides.organisations ?? loadOrganisations(resolveOrganisationsFile(config.organisationsFile));
  const db =
    overrides.db ??
    (await openDatabase({
      mongodbUri: config.mongodbUri,
      mongodbDb: config.mongodbDb,
      dataDir: config.dataDir,
      onWarning: (event, fields) => logger.warn(event, fields),
    }));
  const services: Services = {
    config,
    logger,
    db,
    referenceData,
    organisations,
    caseFiles: new CaseFileRepository(db, (id) => organisations.byId(id)?.timeZone ?? DEFAULT_ORG_ZONE),
    clients: new ClientRepository(db),
    activities: new ActivityRepository(db),
    reminders: new ReminderRepository(db),
    clock: overrides.clock ?? (() => DateTime.now()),
  };
  const orgRepo = new OrganisationRepository(db);
  await Promise.all([
    orgRepo.ensureIndexes(),
    services.caseFiles.ensureIndexes(),
    services.clients.ensureIndexes(),
    services.activities.ensureIndexes(),
    services.reminders.ensureIndexes(),
  ]);
  await runMigrations(db, logger, () => services.clock().toISO()!);
  await orgRepo.upsertAll(organisations.organisations);
  for (const org of organisations.organisations) {
    const repaired = await services.caseFiles.repairListings(org.organisationId);
    if (repaired) logger.warn('caseFileListings.repaired', { organisation: org.organisationId, count: repaired });
  }
  return services;
}
