import { z } from 'zod';
import { WeeklyReminderSchema, type ReminderPreferences, type WeeklyReminder } from '../domain/reminders';
import { DuplicateKeyError, type Database, type DocumentCollection } from './database';

/**
 * Where a user's personal chat with the bot is, so a reminder can be sent there later. Only ids and the
 * service address: the user's name is not needed to send, so it is not kept.
 */
export const StoredConversationReferenceSchema = z.object({
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  bot: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }),
});
export type StoredConversationReference = z.infer<typeof StoredConversationReferenceSchema>;

export const ReminderRecipientSchema = z.object({
  organisationId: z.string().min(1),
  /** The same id the audit trail records as `by.userId` (the Entra object id in Teams). */
  userId: z.string().min(1),
  reference: StoredConversationReferenceSchema,
  /** False once the connector says the user removed the app (403/404); a new message makes it true again. */
  active: z.boolean(),
  optedOut: z.boolean().default(false),
  weekly: WeeklyReminderSchema.optional(),
  updatedAt: z.string(),
});
export type ReminderRecipient = z.infer<typeof ReminderRecipientSchema>;

/**
 * One attempt to send one reminder. The first attempt and every retry is a new document under a unique
 * (key, attempt) index: an insert is atomic on every supported store (FerretDB 1.x included, whose
 * conditional updates are not), so two bot instances can never both own the same attempt.
 */
const ReminderAttemptSchema = z.object({
  key: z.string().min(1),
  attempt: z.number().int().positive(),
  organisationId: z.string().min(1),
  status: z.enum(['sending', 'sent', 'failed', 'gone']),
  claimedAt: z.string(),
  /** A failed attempt may be retried from this instant (a 429's Retry-After, or the next tick). */
  retryAfter: z.string().optional(),
});
type ReminderAttempt = z.infer<typeof ReminderAttemptSchema>;

/** An attempt still "sending" this long after it was claimed belongs to a process that died mid-send. */
const ABANDONED_AFTER_MS = 15 * 60 * 1000;

export type ClaimResult = { claimed: true; attempt: number } | { claimed: false; reason: 'sent' | 'busy' | 'waiting' | 'gone' };

export class ReminderRepository {
  private readonly recipients: DocumentCollection<ReminderRecipient>;
  private readonly attempts: DocumentCollection<ReminderAttempt>;

  constructor(db: Database) {
    this.recipients = db.collection<ReminderRecipient>('reminderRecipients');
    this.attempts = db.collection<ReminderAttempt>('reminderAttempts');
  }

  async ensureIndexes(): Promise<void> {
    await this.recipients.createIndex({ organisationId: 1, userId: 1 }, { unique: true, name: 'reminderRecipient_key' });
    await this.attempts.createIndex({ organisationId: 1, key: 1, attempt: 1 }, { unique: true, name: 'reminderAttempt_key' });
  }

  /**
   * Records where to reach a user; keeps their reminder choices, and makes them active again. Called on every
   * turn of a personal chat, so it reads first (one indexed lookup) and writes only when something changed.
   */
  async remember(organisationId: string, userId: string, reference: StoredConversationReference, now: string): Promise<void> {
    const checked = StoredConversationReferenceSchema.parse(reference);
    const current = await this.recipients.findOne({ organisationId, userId }, { projection: { reference: 1, active: 1 } });
    if (current?.active === true && JSON.stringify(current.reference) === JSON.stringify(checked)) return;
    await this.recipients.updateOne(
      { organisationId, userId },
      { $set: { reference: checked, active: true, updatedAt: now }, $setOnInsert: { organisationId, userId, optedOut: false } },
      { upsert: true },
    );
  }

  async get(organisationId: string, userId: string): Promise<ReminderRecipient | null> {
    const found = await this.recipients.findOne({ organisationId, userId });
    return found ? ReminderRecipientSchema.parse(found) : null;
  }

  async active(organisationId: string): Promise<ReminderRecipient[]> {
    const found = await this.recipients.find({ organisationId, active: true }, { sort: { userId: 1 } });
    return found.map((r) => ReminderRecipientSchema.parse(r));
  }

  async setPreferences(organisationId: string, userId: string, change: { optedOut?: boolean; weekly?: WeeklyReminder }, now: string): Promise<boolean> {
    const result = await this.recipients.updateOne({ organisationId, userId }, { $set: { ...change, updatedAt: now } });
    return result.matchedCount === 1;
  }

  async markInactive(organisationId: string, userId: string, now: string): Promise<void> {
    await this.recipients.updateOne({ organisationId, userId }, { $set: { active: false, updatedAt: now } });
  }

  /** Claims the next attempt at a reminder, unless it was sent, is being sent, or must wait. */
  async claim(organisationId: string, key: string, now: Date): Promise<ClaimResult> {
    const latest = (await this.attempts.find({ organisationId, key }, { sort: { attempt: -1 }, limit: 1 }))[0];
    if (latest) {
      if (latest.status === 'sent') return { claimed: false, reason: 'sent' };
      if (latest.status === 'gone') return { claimed: false, reason: 'gone' };
      if (latest.status === 'sending' && now.getTime() - Date.parse(latest.claimedAt) < ABANDONED_AFTER_MS) return { claimed: false, reason: 'busy' };
      if (latest.status === 'failed' && latest.retryAfter && Date.parse(latest.retryAfter) > now.getTime()) return { claimed: false, reason: 'waiting' };
    }
    const attempt = (latest?.attempt ?? 0) + 1;
    try {
      await this.attempts.insertOne({ key, attempt, organisationId, status: 'sending', claimedAt: now.toISOString() });
      return { claimed: true, attempt };
    } catch (error) {
      if (error instanceof DuplicateKeyError) return { claimed: false, reason: 'busy' };
      throw error;
    }
  }

  async finish(
    organisationId: string,
    key: string,
    attempt: number,
    outcome: { status: 'sent' | 'gone' } | { status: 'failed'; retryAfter: Date },
  ): Promise<void> {
    const retryAfter = outcome.status === 'failed' ? { retryAfter: outcome.retryAfter.toISOString() } : {};
    await this.attempts.updateOne({ organisationId, key, attempt }, { $set: { status: outcome.status, ...retryAfter } });
  }
}

export function preferencesOf(recipient: ReminderRecipient | null): ReminderPreferences {
  return { optedOut: recipient?.optedOut ?? false, ...(recipient?.weekly ? { weekly: recipient.weekly } : {}) };
}
