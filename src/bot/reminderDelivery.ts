import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { DateTime } from 'luxon';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/cardKit';
import { reminderCard } from '../../cards/reminderCards';
import type { CaseFile } from '../domain/caseFile';
import type { Organisation } from '../domain/organisation';
import { checkReadiness, type Readiness } from '../domain/readiness';
import { composeReminder, dueReminderSlots, worksOn, type ReminderSlot } from '../domain/reminders';
import type { Services } from '../services';
import { preferencesOf, type ReminderRepository, type ReminderRecipient, type StoredConversationReference } from '../storage/reminderRepository';

/** Sends one activity into a stored conversation; throws the connector's error (with its status) on failure. */
export type ReminderSender = (reference: StoredConversationReference, activity: Partial<Activity>) => Promise<void>;

export type ReminderTickOptions = { now: DateTime; dryRun: boolean; organisationId?: string };

export type DryRunLine = { organisationId: string; userId: string; slot: string; caseFiles: string[] };

export type ReminderTickReport = {
  recipients: number;
  due: number;
  sent: number;
  nothingToDo: number;
  alreadyHandled: number;
  failed: number;
  gone: number;
  wouldSend: DryRunLine[];
};

/** When the connector gives no Retry-After, a failed send waits this long (the next scheduler tick or two). */
const DEFAULT_RETRY_MS = 10 * 60 * 1000;

/** Proactive sends through the Bot Framework connector, as Teams requires (app credentials in Azure). */
export function connectorSender(adapter: CloudAdapter, appId: string | undefined): ReminderSender {
  return async (reference, activity) => {
    // The error is carried out of the turn by hand: thrown inside it, the adapter's turn-error handler would
    // swallow it (and try to send an apology into the same unreachable chat).
    let failure: unknown;
    await adapter.continueConversationAsync(appId ?? '', reference as ConversationReference, async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
  };
}

type SendFailure = { kind: 'gone' } | { kind: 'retry'; after: Date };

/** 403/404: the user removed the app or the chat is gone. 429 honours Retry-After; anything else retries later. */
export function classifySendFailure(error: unknown, now: Date): SendFailure {
  const e = error as { statusCode?: number; response?: { status?: number; headers?: { get?(name: string): string | undefined | null } } };
  const status = e.statusCode ?? e.response?.status;
  if (status === 403 || status === 404) return { kind: 'gone' };
  const header = e.response?.headers?.get?.('retry-after');
  const seconds = header ? Number(header) : NaN;
  const dated = header && Number.isNaN(seconds) ? Date.parse(header) : NaN;
  const after = Number.isFinite(seconds) ? now.getTime() + seconds * 1000 : Number.isFinite(dated) ? dated : now.getTime() + DEFAULT_RETRY_MS;
  return { kind: 'retry', after: new Date(Math.max(after, now.getTime())) };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; response?: { status?: number } };
  return e.statusCode ?? e.response?.status;
}

type CaseFileReadiness = { caseFile: CaseFile; readiness: Readiness };

/** Reads each case file once per period, however many users work on it. */
class ReadinessCache {
  private readonly byPeriod = new Map<string, CaseFileReadiness[]>();

  constructor(
    private readonly services: Services,
    private readonly org: Organisation,
    private readonly now: DateTime,
  ) {}

  async forPeriod(slot: ReminderSlot): Promise<CaseFileReadiness[]> {
    const cached = this.byPeriod.get(slot.period.id);
    if (cached) return cached;
    const result: CaseFileReadiness[] = [];
    for (const summary of await this.services.caseFiles.listSummaries(this.org.organisationId)) {
      const caseFile = await this.services.caseFiles.get(this.org.organisationId, summary.caseFileId);
      if (!caseFile || caseFile.endDate) continue;
      const ids = new Set([...caseFile.clients.map((c) => c.clientId), ...caseFile.sessions.flatMap((s) => s.participants.map((p) => p.clientId))]);
      const clients = await this.services.clients.getMany(this.org.organisationId, [...ids]);
      const readiness = checkReadiness(caseFile, {
        organisation: this.org,
        referenceData: this.services.referenceData,
        clientsById: new Map(clients.map((c) => [c.clientId, c])),
        now: this.now,
        periods: [slot.period],
      });
      result.push({ caseFile, readiness });
    }
    this.byPeriod.set(slot.period.id, result);
    return result;
  }
}

/**
 * One pass over every active recipient: each due reminder is claimed in the database before it is sent, so
 * several bot instances (or a scheduler and `npm run remind`) send it once; a failed send is retried on a
 * later pass. Logs carry ids and counts only.
 */
export async function runReminderTick(services: Services, send: ReminderSender, options: ReminderTickOptions): Promise<ReminderTickReport> {
  const repo = services.reminders;
  const report: ReminderTickReport = { recipients: 0, due: 0, sent: 0, nothingToDo: 0, alreadyHandled: 0, failed: 0, gone: 0, wouldSend: [] };
  const orgs = services.organisations.organisations.filter((o) => !options.organisationId || o.organisationId === options.organisationId);
  for (const org of orgs) {
    const readiness = new ReadinessCache(services, org, options.now);
    for (const recipient of await repo.active(org.organisationId)) {
      report.recipients += 1;
      // A viewer cannot change case files, so there is nothing for them to fix.
      if ((org.roles[recipient.userId] ?? org.defaultRole) === 'viewer') continue;
      for (const slot of dueReminderSlots(org.reminders, preferencesOf(recipient), options.now, org.timeZone)) {
        report.due += 1;
        await deliver(services, repo, send, { org, recipient, slot, readiness, options, report });
      }
    }
  }
  services.logger.info('reminders.tick', { ...report, wouldSend: report.wouldSend.length, dryRun: options.dryRun });
  return report;
}

async function deliver(
  services: Services,
  repo: ReminderRepository,
  send: ReminderSender,
  job: {
    org: Organisation;
    recipient: ReminderRecipient;
    slot: ReminderSlot;
    readiness: ReadinessCache;
    options: ReminderTickOptions;
    report: ReminderTickReport;
  },
): Promise<void> {
  const { org, recipient, slot, options, report } = job;
  const assigned = org.caseFileAssignments[recipient.userId] ?? [];
  const mine = (await job.readiness.forPeriod(slot)).filter((c) => worksOn(recipient.userId, c.caseFile, assigned));
  const reminder = composeReminder(slot, options.now, mine);
  if (!reminder) {
    report.nothingToDo += 1;
    return;
  }
  if (options.dryRun) {
    report.wouldSend.push({
      organisationId: org.organisationId,
      userId: recipient.userId,
      slot: slot.id,
      caseFiles: reminder.lines.map((l) => l.caseFileName),
    });
    return;
  }
  const key = `${org.organisationId}|${recipient.userId}|${slot.period.id}|${slot.id}`;
  const now = new Date(options.now.toMillis());
  const claim = await repo.claim(org.organisationId, key, now);
  if (!claim.claimed) {
    report.alreadyHandled += 1;
    return;
  }
  try {
    await send(recipient.reference, { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: reminderCard(reminder) }] });
    await repo.finish(org.organisationId, key, claim.attempt, { status: 'sent' });
    report.sent += 1;
  } catch (error) {
    const failure = classifySendFailure(error, now);
    if (failure.kind === 'gone') {
      await repo.finish(org.organisationId, key, claim.attempt, { status: 'gone' });
      await repo.markInactive(org.organisationId, recipient.userId, now.toISOString());
      report.gone += 1;
    } else {
      await repo.finish(org.organisationId, key, claim.attempt, { status: 'failed', retryAfter: failure.after });
      report.failed += 1;
    }
    services.logger.warn('reminders.sendFailed', {
      organisation: org.organisationId,
      user: recipient.userId,
      conversation: recipient.reference.conversation.id,
      status: statusOf(error),
      retryAt: failure.kind === 'retry' ? failure.after.toISOString() : undefined,
    });
  }
}
