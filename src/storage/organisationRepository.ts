import { OrganisationSchema, type Organisation } from '../domain/organisation';
import type { Database, DocumentCollection } from './database';

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
      await this.docs.replaceOne({ organisationId: org.organisationId }, OrganisationSchema.parse(org), { upsert: true });
    }
  }

  async get(organisationId: string): Promise<Organisation | undefined> {
    const doc = await this.docs.findOne({ organisationId });
    return doc ? OrganisationSchema.parse(doc) : undefined;
  }
}
