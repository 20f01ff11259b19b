import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../logger';
import { StoredConversationReferenceSchema, type ReminderRepository } from '../storage/reminderRepository';
import type { UserContext } from './userContext';

/**
 * Keeps, per user and organisation, where their personal chat with the bot is, so reminders can reach them:
 * written on install and on a user's first message (and again if the chat moved). Only personal chats count:
 * a reminder lists a person's own case files, which is not for a group chat.
 */
export class ReminderRecipients {
  constructor(
    private readonly repo: ReminderRepository,
    private readonly logger: Logger,
    private readonly now: () => string,
  ) {}

  async note(activity: Partial<Activity>, user: UserContext): Promise<void> {
    if (activity.conversation?.conversationType !== 'personal' || user.role === 'viewer') return;
    try {
      if (activity.type === ActivityTypes.InstallationUpdate && /^remove/.test(String(activity.action ?? ''))) {
        await this.repo.markInactive(user.organisation.organisationId, user.actor.userId, this.now());
        return;
      }
      const full = TurnContext.getConversationReference(activity);
      const parsed = StoredConversationReferenceSchema.safeParse({
        serviceUrl: full.serviceUrl,
        channelId: full.channelId,
        conversation: { id: full.conversation?.id, conversationType: 'personal', tenantId: user.tenantId },
        bot: { id: full.bot?.id },
        user: { id: full.user?.id, aadObjectId: activity.from?.aadObjectId },
      });
      if (parsed.success) await this.repo.remember(user.organisation.organisationId, user.actor.userId, parsed.data, this.now());
    } catch (error) {
      // Reminders are a convenience: failing to note the chat must not spoil the user's turn.
      this.logger.warn('reminders.noteFailed', { organisation: user.organisation.organisationId, error: (error as Error).name });
    }
  }
}
