import { ClientSchema, type Client } from '../domain/client';
import { DuplicateKeyError, type Database, type DocumentCollection } from './database';

export type ClientListing = Pick<Client, 'clientId' | 'givenName' | 'familyName' | 'birthDate' | 'birthDateEstimated' | 'slk'>;

export class ClientRepository {
  private readonly docs: DocumentCollection<Client>;

  constructor(db: Database) {
    this.docs = db.collection<Client>('clients');
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ organisationId: 1, clientId: 1 }, { unique: true, name: 'client_key' });
    await this.docs.createIndex({ organisationId: 1, slk: 1 }, { name: 'client_slk' });
  }

  /** Returns false when the client id is already taken in the organisation. */
  async insert(client: Client): Promise<boolean> {
    try {
      await this.docs.insertOne(ClientSchema.parse(client));
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async get(organisationId: string, clientId: string): Promise<Client | undefined> {
    const doc = await this.docs.findOne({ organisationId, clientId });
    return doc ? ClientSchema.parse(doc) : undefined;
  }

  async getMany(organisationId: string, clientIds: string[]): Promise<Client[]> {
    if (clientIds.length === 0) return [];
    return (await this.docs.find({ organisationId, clientId: { $in: clientIds } })).map((d) => ClientSchema.parse(d));
  }

  async findBySlk(organisationId: string, slk: string): Promise<Client[]> {
    return (await this.docs.find({ organisationId, slk })).map((d) => ClientSchema.parse(d));
  }

  /** The fields a person search needs; the rest of each record stays in the database. */
  async listForSearch(organisationId: string): Promise<ClientListing[]> {
    return (await this.docs.find(
      { organisationId },
      { projection: { clientId: 1, givenName: 1, familyName: 1, birthDate: 1, birthDateEstimated: 1, slk: 1 } },
    )) as ClientListing[];
  }
}
