import { CaseFileSchema, type CaseFile } from '../domain/caseFile';
import { summariseCaseFile, type SummarisedCaseFile } from '../domain/caseFileSummary';
import type { Outcome } from '../domain/outcome';
import { DEFAULT_ORG_ZONE } from '../domain/calendar';
import { fail } from '../domain/outcome';
import { DuplicateKeyError, type Database, type DocumentCollection } from './database';
import { RecentCaseFiles } from './recentCaseFiles';

export type CaseFileSummary = Pick<CaseFile, 'organisationId' | 'caseFileId' | 'caseId' | 'name' | 'outletActivityId' | 'updatedAt'>;

/** The small listing kept beside each case file: what lists and name searches read, never the sessions. */
type CaseFileListing = CaseFileSummary & Pick<CaseFile, 'version' | 'summary'>;

export class ConcurrentUpdateError extends Error {}

const DashboardListingSchema = CaseFileSchema.pick({ caseFileId: true, caseId: true, name: true, summary: true });
export type DashboardListing = Omit<SummarisedCaseFile, 'summary'> & { summary?: SummarisedCaseFile['summary'] };

const MAX_ATTEMPTS = 25;

/** Parsed case files kept per process; a few dozen cover the case files staff are working on at once. */
const RECENT_CASE_FILES = 50;
/** About 20-25 MB of heap at most: five of the largest case files measured (500 sessions, 1.3 MB) fit. */
const RECENT_CASE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * A random pause before retrying, so writers that collided do not collide again in lock step. It grows
 * with each collision (capped) because on a slower server ten people saving one case file at once kept
 * colliding within a fixed short window and ran out of attempts.
 */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(400, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Case files are single documents (clients, sessions, scores embedded) so one write changes one case
 * atomically on every supported store; concurrent writers are serialised by the `version` field.
 */
export class CaseFileRepository {
  private readonly docs: DocumentCollection<CaseFile>;
  /**
   * Listings live in their own collection because a server may read whole documents even for a projection
   * (FerretDB 1.x does): listing 2,000 case files must not mean reading 2,000 sets of sessions.
   */
  private readonly listings: DocumentCollection<CaseFileListing>;
  private readonly recent = new RecentCaseFiles(RECENT_CASE_FILES, RECENT_CASE_FILE_BYTES);
  /** The last queued change per case file, so changes made in this process take turns. */
  private readonly writing = new Map<string, Promise<void>>();

  /**
   * `zoneOf` gives an organisation's time zone, in which each write's stored summary places sessions in
   * reporting periods (the rule readiness applies too).
   */
  constructor(
    db: Database,
    private readonly zoneOf: (organisationId: string) => string = () => DEFAULT_ORG_ZONE,
  ) {
    this.docs = db.collection<CaseFile>('caseFiles', { key: ['organisationId', 'caseFileId'] });
    this.listings = db.collection<CaseFileListing>('caseFileListings');
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ organisationId: 1, caseFileId: 1 }, { unique: true, name: 'caseFile_key' });
    await this.docs.createIndex({ organisationId: 1, caseId: 1 }, { unique: true, name: 'caseFile_dexCaseId' });
    await this.listings.createIndex({ organisationId: 1, caseFileId: 1 }, { unique: true, name: 'caseFileListing_key' });
    await this.listings.createIndex({ organisationId: 1, updatedAt: -1 }, { name: 'caseFileListing_recent' });
  }

  /**
   * Without transactions the listing is written after its case file, so a crash in between leaves it one
   * write behind until the next change; at start-up every case file without a listing (including data from
   * before listings existed) gets one. Returns how many were written.
   */
  async repairListings(organisationId: string): Promise<number> {
    if ((await this.listings.countDocuments({ organisationId })) === (await this.docs.countDocuments({ organisationId }))) return 0;
    const listed = new Set((await this.listings.find({ organisationId }, { projection: { caseFileId: 1 } })).map((l) => l.caseFileId));
    let written = 0;
    for (const key of await this.docs.find({ organisationId }, { projection: { caseFileId: 1 } })) {
      if (listed.has(key.caseFileId)) continue;
      const cf = await this.get(organisationId, key.caseFileId!);
      if (cf) {
        await this.writeListing(cf);
        written++;
      }
    }
    return written;
  }

  /** Writes the listing unless a newer version's listing is already there (two writers finishing out of order). */
  private async writeListing(cf: CaseFile): Promise<void> {
    const listing: CaseFileListing = {
      organisationId: cf.organisationId,
      caseFileId: cf.caseFileId,
      caseId: cf.caseId,
      name: cf.name,
      outletActivityId: cf.outletActivityId,
      updatedAt: cf.updatedAt,
      version: cf.version,
      ...(cf.summary ? { summary: cf.summary } : {}),
    };
    try {
      await this.listings.replaceOne({ organisationId: cf.organisationId, caseFileId: cf.caseFileId, version: { $lt: cf.version } }, listing, { upsert: true });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
  }

  async insert(cf: CaseFile): Promise<Outcome<CaseFile>> {
    try {
      const stored = CaseFileSchema.parse({ ...cf, summary: summariseCaseFile(cf, this.zoneOf(cf.organisationId)) });
      await this.docs.insertOne(stored);
      await this.writeListing(stored);
      this.remember(stored);
      return { ok: true, value: stored };
    } catch (err) {
      if (err instanceof DuplicateKeyError) {
        return fail({ code: 'caseId.taken', field: 'caseId', message: `Case id ${cf.caseId} is already used by another case file.` });
      }
      throw err;
    }
  }

  /**
   * The case file as stored. A guided flow reads the same case file on most of its steps, and a large one is
   * slow to fetch and parse (a 500-session case file is 1.3 MB), so parsed copies are kept per process and
   * reused while the small listing says the stored version is still the same. (If a write elsewhere stopped
   * between the case file and its listing, a copy can be one change behind until the next change; writes
   * themselves always start from the stored document.)
   */
  async get(organisationId: string, caseFileId: string): Promise<CaseFile | undefined> {
    const key = `${organisationId}|${caseFileId}`;
    const cached = this.recent.get(key);
    if (cached) {
      const listing = await this.listings.findOne({ organisationId, caseFileId }, { projection: { version: 1 } });
      if (listing?.version === cached.version) return structuredClone(cached);
    }
    return this.read(organisationId, caseFileId);
  }

  /** Always from the database: writes must start from what is stored, never from a copy. */
  private async read(organisationId: string, caseFileId: string): Promise<CaseFile | undefined> {
    const doc = await this.docs.findOne({ organisationId, caseFileId });
    if (!doc) return undefined;
    const cf = CaseFileSchema.parse(doc);
    this.remember(cf);
    return cf;
  }

  /**
   * The organisation's case files (of the given activities, when given) a page at a time, each schema-checked,
   * for a pass over all of them (an export): never the whole set at once, and one query, not one per case file.
   */
  async *pages(organisationId: string, pageSize: number, outletActivityIds?: readonly number[]): AsyncGenerator<CaseFile[]> {
    const filter = outletActivityIds ? { organisationId, outletActivityId: { $in: [...outletActivityIds] } } : { organisationId };
    for await (const docs of this.docs.findInBatches(filter, { batchSize: pageSize })) yield docs.map((d) => CaseFileSchema.parse(d));
  }

  private remember(cf: CaseFile): void {
    this.recent.put(`${cf.organisationId}|${cf.caseFileId}`, cf);
  }

  /** The case files a client is on, by name, for telling two clients apart. */
  async listForClient(organisationId: string, clientId: string): Promise<Pick<CaseFile, 'caseFileId' | 'caseId' | 'name'>[]> {
    const found = await this.docs.find({ organisationId, 'clients.clientId': clientId }, { projection: { caseFileId: 1, caseId: 1, name: 1 } });
    return found.map((f) => ({ caseFileId: f.caseFileId!, caseId: f.caseId!, name: f.name! }));
  }

  async findByCaseId(organisationId: string, caseId: string): Promise<CaseFile | undefined> {
    const doc = await this.docs.findOne({ organisationId, caseId });
    return doc ? CaseFileSchema.parse(doc) : undefined;
  }

  /** The case files any of these clients is on, by key only (never their sessions). */
  async caseFileIdsWithClients(organisationId: string, clientIds: readonly string[]): Promise<string[]> {
    if (clientIds.length === 0) return [];
    const docs = await this.docs.find({ organisationId, 'clients.clientId': { $in: [...clientIds] } }, { projection: { caseFileId: 1 } });
    return docs.map((d) => d.caseFileId!);
  }

  /** Names and keys only, never the embedded sessions, so listing stays cheap for large organisations. */
  async listSummaries(organisationId: string): Promise<CaseFileSummary[]> {
    return (await this.listings.find(
      { organisationId },
      { sort: { updatedAt: -1 }, projection: { organisationId: 1, caseFileId: 1, caseId: 1, name: 1, outletActivityId: 1, updatedAt: 1 } },
    )) as CaseFileSummary[];
  }

  /**
   * Keys, names and stored summaries only, never sessions, clients or audit, so "what is due" over thousands
   * of case files reads a few numbers from each. A case file stored before summaries existed has none.
   */
  async listForDashboard(organisationId: string): Promise<DashboardListing[]> {
    const docs = await this.listings.find({ organisationId }, { projection: { caseFileId: 1, caseId: 1, name: 1, summary: 1 } });
    return docs.map((d) => DashboardListingSchema.parse(d));
  }

  /**
   * Applies `change` to the latest stored case file and writes it only if nobody wrote in between; on a
   * conflict it re-reads and re-applies, so a concurrent change is merged rather than overwritten. List
   * edits pass a `ListChange` (what the user was shown and what they submitted) applied inside `change`, so
   * every re-application sees the latest list and touches only the items that user changed; a change that
   * leaves the case file as it is (returns `current` itself) writes nothing.
   * With an `operationId`, a change already applied under that id (a save retried after a lost reply)
   * is not applied again: the stored case file is returned as it is.
   *
   * Within one process, changes to one case file take turns: ten people saving at once would otherwise
   * keep invalidating each other's reads (on a slow server one of them ran out of attempts). Other
   * processes are still kept apart by the version check alone.
   */
  update(organisationId: string, caseFileId: string, change: (current: CaseFile) => Outcome<CaseFile>, operationId?: string): Promise<Outcome<CaseFile>> {
    const key = `${organisationId}|${caseFileId}`;
    const before = this.writing.get(key) ?? Promise.resolve();
    const run = before.then(() => this.applyChange(organisationId, caseFileId, change, operationId));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(key, settled);
    void settled.then(() => {
      if (this.writing.get(key) === settled) this.writing.delete(key);
    });
    return run;
  }

  private async applyChange(
    organisationId: string,
    caseFileId: string,
    change: (current: CaseFile) => Outcome<CaseFile>,
    operationId?: string,
  ): Promise<Outcome<CaseFile>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.read(organisationId, caseFileId);
      if (!current) return fail({ code: 'caseFile.unknown', field: 'caseFileId', message: 'That case file no longer exists.' });
      if (operationId && current.audit.some((a) => a.operationId === operationId)) return { ok: true, value: current };
      const changed = change(current);
      if (!changed.ok) return changed;
      // Nothing to change (what the user wanted is already stored, e.g. a colleague did the same): no write.
      if (changed.value === current) return changed;
      const audit = operationId ? changed.value.audit.map((entry, i) => (i >= current.audit.length ? { ...entry, operationId } : entry)) : changed.value.audit;
      const merged = { ...changed.value, audit, organisationId, caseFileId, version: current.version + 1 };
      const next = CaseFileSchema.parse({ ...merged, summary: summariseCaseFile(merged, this.zoneOf(merged.organisationId)) });
      try {
        const result = await this.docs.replaceOne({ organisationId, caseFileId, version: current.version }, next);
        if (result.matchedCount === 1) {
          // Forget the old copy first: if the listing write fails, the next read must go to the database.
          this.recent.delete(`${organisationId}|${caseFileId}`);
          await this.writeListing(next);
          this.remember(next);
          return { ok: true, value: next };
        }
        await backoff(attempt);
      } catch (err) {
        if (err instanceof DuplicateKeyError) {
          return fail({ code: 'caseId.taken', field: 'caseId', message: `Case id ${next.caseId} is already used by another case file.` });
        }
        throw err;
      }
    }
    throw new ConcurrentUpdateError(`case file ${caseFileId} kept changing during ${MAX_ATTEMPTS} attempts`);
  }
}
