import { ActivityHandler, ActivityTypes, ConversationState, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { MainDialog, type EndedFlow } from '../../dialogs/mainDialog';
import type { Services } from '../services';
import { activityClaimsFor, type ActivityClaims } from '../storage/activityClaims';
import { normaliseUtterance, type Command } from './commands';
import { DatabaseStateStorage } from './stateStorage';
import { ReminderRecipients } from './reminderRecipients';
import { ConversationQueue } from './turnGate';
import { resolveUserContext, setUserContext, tenantOf } from './userContext';

export type BuildCommands = (services: Services) => Command[];

/**
 * The Teams-facing bot: checks who is calling, runs each conversation's turns in order and at most once per
 * activity id, hands messages to the main dialog and saves dialog state after every turn.
 */
export class DexBot extends ActivityHandler {
  readonly conversationState: ConversationState;
  private readonly mainDialog: MainDialog;
  private readonly queue = new ConversationQueue();
  private readonly claims: ActivityClaims;
  private readonly reminderRecipients: ReminderRecipients;

  constructor(
    private readonly services: Services,
    buildCommands: BuildCommands,
  ) {
    super();
    this.conversationState = new ConversationState(new DatabaseStateStorage(services.db));
    this.claims = activityClaimsFor(services.db);
    this.reminderRecipients = new ReminderRecipients(services.reminders, services.logger, () => services.clock().toISO()!);
    this.mainDialog = new MainDialog(
      this.conversationState.createProperty<DialogState>('dialogState'),
      buildCommands(services),
      this.conversationState.createProperty<EndedFlow[]>('endedFlows'),
    );

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== botId)) await this.mainDialog.welcome(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.mainDialog.run(context);
      await next();
    });
  }

  /** What the bot understands, as shown in its menu and in the Teams command list. */
  menuEntries() {
    return this.mainDialog.menuEntries();
  }

  /** Which command a typed sentence starts, if any. */
  commandFor(text: string): string | undefined {
    return this.mainDialog.route(normaliseUtterance(text))?.command.id;
  }

  override async run(context: TurnContext): Promise<void> {
    const user = resolveUserContext(context.activity, {
      directory: this.services.organisations,
      allowedTenants: this.services.config.allowedTenants,
      authenticationEnabled: this.services.config.authenticationEnabled,
    });
    if ('refused' in user) {
      this.services.logger.warn('turn.refused', { reason: user.refused, tenant: tenantOf(context.activity), channel: context.activity.channelId });
      if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity('Sorry, DEX Assistant is not set up for your organisation. Please ask your IT team to add it.');
      }
      return;
    }
    setUserContext(context, user);
    await this.reminderRecipients.note(context.activity, user);
    const conversationId = context.activity.conversation?.id ?? 'unknown';
    await this.queue.run(conversationId, async () => {
      const activityKey = context.activity.id ? `${conversationId}|${context.activity.id}` : undefined;
      if (activityKey && !(await this.claims.claim(activityKey))) {
        this.services.logger.info('turn.duplicate', { activityId: context.activity.id });
        return;
      }
      try {
        await super.run(context);
        await this.conversationState.saveChanges(context, false);
      } catch (err) {
        // Forget the claim so Teams' retry of this activity gets a fresh attempt.
        if (activityKey) await this.claims.release(activityKey).catch(() => undefined);
        throw err;
      }
    });
  }
}
