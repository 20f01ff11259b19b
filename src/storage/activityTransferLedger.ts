import { z } from 'zod';
import { CaseFileSchema, TransferRecordSchema, type CaseFile, type TransferRecord } from '../domain/caseFile';
import { ActorSchema, IsoDateTimeSchema, OrganisationIdSchema, type Actor } from '../domain/common';
import type { Problem } from '../domain/problem';
import type { CaseFileRepository } from './caseFileRepository';
import { DuplicateKeyError, type Database, type DocumentCollection } from './database';

/**
 * "This activity has been transferred, into this case file." One document per activity under a unique key,
 * so however many staff press Save at once, exactly one case file is created per activity.
 *
 * Why a collection of its own rather than a unique index on the case files' `{organisationId, transfers.activityId}`:
 * tried on both stores, nedb refuses the second case file that has no transfers (both index as "no value"), and
 * FerretDB 1.24 accepts a second case file with the same activity (it does not enforce uniqueness through an
 * array). Partial indexes, the usual cure, exist on neither. A plain two-field unique index on scalar fields
 * behaves the same everywhere.
 */
export const ActivityTransferClaimSchema = z.object({
  organisationId: OrganisationIdSchema,
  activityId: z.string().min(1),
  activityName: z.string().min(1),
  caseFileId: z.string().min(1),
  claimedAt: IsoDateTimeSchema,
  claimedBy: ActorSchema,
  /** `pending` between the claim and the case file's insert; a pending claim whose case file never appeared is abandoned. */
  status: z.enum(['pending', 'done']),
});
export type ActivityTransferClaim = z.infer<typeof ActivityTransferClaimSchema>;

export const ACTIVITY_TRANSFERS = 'activityTransfers';

/** Far longer than one insert takes, so only a claim left by a crashed process is ever taken over. */
export const ABANDONED_CLAIM_MS = 2 * 60 * 1000;

export type TransferHistoryEntry = TransferRecord & { caseFileId: string; caseFileName: string; caseId: string };

type CaseFileTransfers = Pick<CaseFile, 'caseFileId' | 'name' | 'caseId' | 'transfers'>;

const indexesReady = new WeakMap<Database, Promise<void>>();

export class ActivityTransferLedger {
  private readonly claims: DocumentCollection<ActivityTransferClaim>;

  constructor(private readonly db: Database) {
    this.claims = db.collection<ActivityTransferClaim>(ACTIVITY_TRANSFERS);
  }

  /** Created on first use, because the ledger is not one of the repositories the services set up at start. */
  ensureIndexes(): Promise<void> {
    let ready = indexesReady.get(this.db);
    if (!ready) {
      ready = this.claims.createIndex({ organisationId: 1, activityId: 1 }, { unique: true, name: 'activityTransfer_key' });
      ready.catch(() => indexesReady.delete(this.db));
      indexesReady.set(this.db, ready);
    }
    return ready;
  }

  async find(organisationId: string, activityId: string): Promise<ActivityTransferClaim | undefined> {
    await this.ensureIndexes();
    const doc = await this.claims.findOne({ organisationId, activityId });
    return doc ? ActivityTransferClaimSchema.parse(doc) : undefined;
  }

  async list(organisationId: string): Promise<ActivityTransferClaim[]> {
    await this.ensureIndexes();
    return (await this.claims.find({ organisationId })).map((d) => ActivityTransferClaimSchema.parse(d));
  }

  /** True when this claim is now the activity's; false when the activity was already claimed. */
  async claim(claim: ActivityTransferClaim): Promise<boolean> {
    await this.ensureIndexes();
    try {
      await this.claims.insertOne(ActivityTransferClaimSchema.parse(claim));
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async complete(organisationId: string, activityId: string, caseFileId: string): Promise<void> {
    await this.claims.updateOne({ organisationId, activityId, caseFileId }, { $set: { status: 'done' } });
  }

  /** Gives up a claim, only if it is still the one for `caseFileId`, so a colleague's claim is never removed. */
  async release(organisationId: string, activityId: string, caseFileId: string): Promise<void> {
    await this.claims.deleteOne({ organisationId, activityId, caseFileId, status: 'pending' });
  }

  /**
   * Every transfer of the organisation, newest first: the first transfer of each activity and each later
   * "add the new sessions". The case files hold the records; only their names and transfers are read.
   */
  async history(organisationId: string): Promise<TransferHistoryEntry[]> {
    const caseFileIds = [...new Set((await this.list(organisationId)).map((c) => c.caseFileId))];
    if (caseFileIds.length === 0) return [];
    const docs = (await this.db
      .collection<CaseFile>('caseFiles')
      .find({ organisationId, caseFileId: { $in: caseFileIds } }, { projection: { caseFileId: 1, name: 1, caseId: 1, transfers: 1 } })) as CaseFileTransfers[];
    const entries = docs.flatMap((d) =>
      (d.transfers ?? []).map((t) => ({ ...TransferRecordSchema.parse(t), caseFileId: d.caseFileId, caseFileName: d.name, caseId: d.caseId })),
    );
    return entries.sort((a, b) => b.at.localeCompare(a.at));
  }
}

export type TransferInsertResult =
  | { status: 'created'; caseFile: CaseFile }
  | { status: 'alreadyTransferred'; claim: ActivityTransferClaim }
  | { status: 'failed'; problems: Problem[] };

/**
 * Writes a transferred case file at most once per activity: claim the activity, insert the case file, mark
 * the claim done. If the insert fails the claim is given back. A save retried after a lost reply finds its
 * own claim and its own case file, and writes nothing twice. A claim abandoned by a crash between claim and
 * insert is taken over once it is clearly stale.
 */
export async function insertTransferredCaseFile(
  ledger: ActivityTransferLedger,
  caseFiles: CaseFileRepository,
  cf: CaseFile,
  activity: { activityId: string; activityName: string },
  by: Actor,
  nowMs: number,
): Promise<TransferInsertResult> {
  const key = { organisationId: cf.organisationId, activityId: activity.activityId };
  const claim: ActivityTransferClaim = {
    ...key,
    activityName: activity.activityName,
    caseFileId: cf.caseFileId,
    claimedAt: cf.createdAt,
    claimedBy: by,
    status: 'pending',
  };
  let claimed = false;
  for (let attempt = 0; attempt < 3 && !claimed; attempt++) {
    claimed = await ledger.claim(claim);
    if (claimed) break;
    const existing = await ledger.find(key.organisationId, key.activityId);
    if (!existing) continue;
    claimed = existing.caseFileId === cf.caseFileId;
    if (claimed) break;
    const abandoned =
      existing.status === 'pending' &&
      nowMs - Date.parse(existing.claimedAt) > ABANDONED_CLAIM_MS &&
      !(await caseFiles.get(key.organisationId, existing.caseFileId));
    if (!abandoned) return { status: 'alreadyTransferred', claim: existing };
    await ledger.release(key.organisationId, key.activityId, existing.caseFileId);
  }
  if (!claimed) {
    const existing = await ledger.find(key.organisationId, key.activityId);
    if (existing) return { status: 'alreadyTransferred', claim: existing };
    return {
      status: 'failed',
      problems: [{ code: 'transfer.busy', field: 'activityId', message: 'Others are transferring this activity right now. Try again in a minute.' }],
    };
  }
  let stored = await caseFiles.get(cf.organisationId, cf.caseFileId);
  if (!stored) {
    try {
      const inserted = await caseFiles.insert(CaseFileSchema.parse(cf));
      if (!inserted.ok) {
        await ledger.release(key.organisationId, key.activityId, cf.caseFileId);
        return { status: 'failed', problems: inserted.problems };
      }
      stored = inserted.value;
    } catch (err) {
      await ledger.release(key.organisationId, key.activityId, cf.caseFileId).catch(() => undefined);
      throw err;
    }
  }
  await ledger.complete(key.organisationId, key.activityId, cf.caseFileId);
  return { status: 'created', caseFile: stored };
}
