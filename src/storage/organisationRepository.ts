import { OrganisationSchema, type Organisation } from '../domain/organisation';
import { type Database, type DocumentCollection, DuplicateKeyError } from './database';

/** Organisations are configured in a file; the database keeps a copy so data and its owner travel together. */
export class OrganisationRepository {
  private readonly docs: DocumentCollection<Organisation>;

  constructor(db: Database) {
    this.docs = db.collection<Organisation>('organisations');
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ organisationId: 1 }, { unique: true, name: 'organisation_key' });
  }

  async upsertAll(organisations: readonly Organisation[]): Promise<void> {
    for (const org of organisations) {
      const doc = OrganisationSchema.parse(org);
      try {
        await this.docs.replaceOne({ organisationId: org.organisationId }, doc, { upsert: true });
      } catch (error) {
        // Several instances starting at once on a new database race to insert; the losers update instead.
        if (!(error instanceof DuplicateKeyError)) throw error;
        await this.docs.replaceOne({ organisationId: org.organisationId }, doc);
      }
    }
  }

  async get(organisationId: string): Promise<Organisation | undefined> {
    const doc = await this.docs.findOne({ organisationId });
    return doc ? OrganisationSchema.parse(doc) : undefined;
  }
}
