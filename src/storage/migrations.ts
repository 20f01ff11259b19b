/**
 * Numbered changes to stored data, run at start-up in order, each once per database. A migration is recorded
 * in the `migrations` collection only after it finished, and every migration is written so that running it
 * again changes nothing: a crash half-way, or two bot processes starting together, then simply run it again.
 */
import type { Logger } from '../logger';
import { DuplicateKeyError, type Database } from './database';

export type Migration = {
  /** 1, 2, 3…: the order they run in; never reused. */
  id: number;
  name: string;
  /** Returns how many records it changed, for the log. */
  run(db: Database): Promise<number>;
};

type MigrationRecord = { id: number; name: string; appliedAt: string; changed: number };

const MIGRATIONS_COLLECTION = 'migrations';

/**
 * Clients created by an activity import before release 11 were stored with both consents set to false,
 * though nobody had asked the client. Consent is unknown for them, so the values are removed and readiness
 * asks for them. Only clients nobody has changed since (no `updatedAt`) are touched.
 */
const importConsentUnknown: Migration = {
  id: 1,
  name: 'clients created by an activity import: consent was never given or refused, so it is not recorded',
  async run(db) {
    const clients = db.collection<Record<string, unknown>>('clients');
    const filter = { 'createdBy.userId': 'activity-import', updatedAt: { $exists: false }, consentToProvideDetails: false, consentedForFutureContacts: false };
    const found = await clients.find(filter, { projection: { organisationId: 1, clientId: 1 } });
    for (const c of found) {
      await clients.updateOne(
        { ...filter, organisationId: c.organisationId, clientId: c.clientId },
        { $unset: { consentToProvideDetails: 1, consentedForFutureContacts: 1 } },
      );
    }
    return found.length;
  },
};

/**
 * Case file summaries name the case file's clients from this release, so "my case files" can add the errors of
 * their records (src/domain/caseFileSummary.ts). Summaries stored before get the list from their own case file:
 * without it each such listing would be redone from its full case file on every look until the case file changed.
 * Only a document still at the version read is touched, so a newer write is never given an older client list.
 */
const summaryClientIds: Migration = {
  id: 2,
  name: 'case file summaries name the case file’s clients',
  async run(db) {
    const docs = db.collection<Record<string, unknown>>('caseFiles');
    const listings = db.collection<Record<string, unknown>>('caseFileListings');
    const lacking = { summary: { $exists: true }, 'summary.clientIds': { $exists: false } };
    let changed = 0;
    for (const key of await docs.find(lacking, { projection: { organisationId: 1, caseFileId: 1 } })) {
      const cf = await docs.findOne({ organisationId: key.organisationId, caseFileId: key.caseFileId });
      if (!cf) continue;
      const set = { $set: { 'summary.clientIds': ((cf.clients as { clientId: string }[] | undefined) ?? []).map((c) => c.clientId) } };
      const same = { organisationId: key.organisationId, caseFileId: key.caseFileId, version: cf.version, ...lacking };
      changed += (await docs.updateOne(same, set)).modifiedCount;
      await listings.updateOne(same, set);
    }
    return changed;
  },
};

export const MIGRATIONS: readonly Migration[] = [importConsentUnknown, summaryClientIds];

/** Runs every migration not yet recorded, in id order. Returns the ids it ran. */
export async function runMigrations(db: Database, logger: Logger, now: () => string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const records = db.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  await records.createIndex({ id: 1 }, { unique: true, name: 'migration_id' });
  const done = new Set((await records.find({}, { projection: { id: 1 } })).map((r) => r.id));
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    const changed = await m.run(db);
    try {
      await records.insertOne({ id: m.id, name: m.name, appliedAt: now(), changed });
    } catch (err) {
      // Another process finished the same migration first; running it twice changed nothing.
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
    logger.info('migration.applied', { id: m.id, changed });
    ran.push(m.id);
  }
  return ran;
}
