import { ClientSchema, type Client } from '../domain/client';
import { clientRecordErrorCount } from '../domain/clientReadiness';
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

  /**
   * For each given client, the other clients of the organisation with the same SLK: DEX treats one SLK as
   * one person, so each such pair is either a duplicate to merge or two people to tell apart.
   */
  async othersWithSameSlk(organisationId: string, clients: readonly Pick<Client, 'clientId' | 'slk'>[]): Promise<Map<string, ClientListing[]>> {
    const result = new Map<string, ClientListing[]>();
    if (clients.length === 0) return result;
    const sharing = (await this.docs.find(
      { organisationId, slk: { $in: [...new Set(clients.map((c) => c.slk))] }, mergedInto: { $exists: false } },
      { projection: { clientId: 1, givenName: 1, familyName: 1, birthDate: 1, birthDateEstimated: 1, slk: 1 } },
    )) as ClientListing[];
    return slkSharers(sharing, clients);
  }

  /**
   * The errors each given client's own record brings to the case files it is on (missing DEX details, an SLK
   * shared with another client), by client id, leaving out clients without any. Two reads whatever the number of
   * case files: the given clients' records, and the SLKs of the organisation's clients (a few fields each), grouped
   * here; an `$in` over many SLKs measured several times slower on the embedded store (bench/status.ts --clients).
   */
  async recordErrorCounts(organisationId: string, clientIds: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    const records = await this.getMany(organisationId, [...clientIds]);
    if (records.length === 0) return result;
    const sharers = (await this.slkDirectory(organisationId)).sharersOf(records);
    for (const record of records) {
      const errors = clientRecordErrorCount(record, sharers.get(record.clientId));
      if (errors > 0) result.set(record.clientId, errors);
    }
    return result;
  }

  /**
   * The organisation's clients by SLK, read once (a few fields each), for questions about many clients at a
   * time: asked per page of case files, FerretDB 1.x would read every client each time.
   */
  async slkDirectory(organisationId: string): Promise<SlkDirectory> {
    return new SlkDirectory(await this.listForSearch(organisationId));
  }

  /**
   * Sets the given fields of a client and nothing else, so a colleague's change to other fields in the
   * meantime is kept. `expectedUpdatedAt` (the record's updatedAt, or createdAt, as read) makes a write that
   * raced another change to the same client fail instead of overwriting it; returns false then.
   */
  async setDetails(
    organisationId: string,
    clientId: string,
    set: Partial<Client>,
    unset: readonly (keyof Client)[],
    expected: { updatedAt: string | undefined },
  ): Promise<boolean> {
    const update = { $set: set, ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, 1 as const])) } : {}) };
    const result = await this.docs.updateOne({ organisationId, clientId, updatedAt: expected.updatedAt ?? { $exists: false } }, update);
    return result.matchedCount === 1;
  }

  /** Marks a record as merged into another; writing it again is harmless, so a retried merge can finish. */
  async markMerged(organisationId: string, clientId: string, intoId: string, at: { now: string; actor: Client['createdBy'] }): Promise<void> {
    await this.docs.updateOne({ organisationId, clientId }, { $set: { mergedInto: intoId, updatedAt: at.now, updatedBy: at.actor } });
  }

  /** The fields a person search needs; the rest of each record stays in the database. */
  async listForSearch(organisationId: string): Promise<ClientListing[]> {
    // A record merged into another is the same person as that one, so it is not offered again.
    return (await this.docs.find(
      { organisationId, mergedInto: { $exists: false } },
      { projection: { clientId: 1, givenName: 1, familyName: 1, birthDate: 1, birthDateEstimated: 1, slk: 1 } },
    )) as ClientListing[];
  }
}

/**
 * For each of `clients`, the other clients among `candidates` with the same SLK, by client id; merged records
 * are not candidates. The one rule behind "clients sharing an SLK", whether the candidates were queried or read.
 */
export function slkSharers(
  candidates: readonly (ClientListing & { mergedInto?: unknown })[],
  clients: readonly Pick<Client, 'clientId' | 'slk'>[],
): Map<string, ClientListing[]> {
  const result = new Map<string, ClientListing[]>();
  for (const c of clients) {
    const others = candidates
      .filter((o) => o.slk === c.slk && o.clientId !== c.clientId && o.mergedInto === undefined)
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
    if (others.length) result.set(c.clientId, others);
  }
  return result;
}

/** Clients grouped by SLK, so "who else has this SLK" needs no query per client. */
export class SlkDirectory {
  private readonly bySlk = new Map<string, ClientListing[]>();

  constructor(listings: readonly ClientListing[]) {
    for (const c of listings) {
      const group = this.bySlk.get(c.slk);
      if (group) group.push(c);
      else this.bySlk.set(c.slk, [c]);
    }
  }

  /** For each of `clients`, the others with the same SLK (see slkSharers). */
  sharersOf(clients: readonly Pick<Client, 'clientId' | 'slk'>[]): Map<string, ClientListing[]> {
    const result = new Map<string, ClientListing[]>();
    for (const c of clients) {
      const others = slkSharers(this.bySlk.get(c.slk) ?? [], [c]).get(c.clientId);
      if (others) result.set(c.clientId, others);
    }
    return result;
  }
}
