import { DateTime } from 'luxon';
import type { AppConfig } from './config/env';
import { loadOrganisations, resolveOrganisationsFile, type OrganisationDirectory } from './config/organisations';
import { DEFAULT_ORG_ZONE } from './domain/calendar';
import type { ReferenceData } from './domain/referenceData';
import { loadReferenceData } from './config/referenceDataFiles';
import type { Logger } from './logger';
import { ActivityRepository } from './storage/activityRepository';
import { ActivityTransferLedger } from './storage/activityTransferLedger';
import { CaseFileRepository } from './storage/caseFileRepository';
import { ClientRepository } from './storage/clientRepository';
import type { Database } from './storage/database';
import { ExportLedger } from './storage/exportLedger';
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
  activityTransfers: ActivityTransferLedger;
  exports: ExportLedger;
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
    activityTransfers: new ActivityTransferLedger(db),
    exports: new ExportLedger(db),
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
  return services;
}

/**
 * Gives every case file without a listing one (see CaseFileRepository.repairListings). Run after the server
 * listens, not before: it compares the case files with their listings, and on a server that cannot answer
 * that from an index (FerretDB 1.x reads every case file) waiting for it would make start-up grow with the
 * data. Until it finishes, a case file whose listing was lost in a crash is missing from lists, as it was
 * before the restart. A failure is logged and tried again at the next start.
 */
export async function repairCaseFileListings(services: Services): Promise<void> {
  for (const org of services.organisations.organisations) {
    const started = performance.now();
    try {
      const repaired = await services.caseFiles.repairListings(org.organisationId);
      const fields = { organisation: org.organisationId, count: repaired, ms: Math.round(performance.now() - started) };
      if (repaired) services.logger.warn('caseFileListings.repaired', fields);
      else services.logger.info('caseFileListings.checked', fields);
    } catch (error) {
      services.logger.warn('caseFileListings.repairFailed', { organisation: org.organisationId, error: (error as Error).message });
    }
  }
}
