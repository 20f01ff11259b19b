import {
  type Activity,
  ActivityHandler,
  ActivityTypes,
  ConversationState,
  StatusCodes,
  type InvokeResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Services } from '../services';
import { DEFAULT_ORG_ZONE } from '../domain/calendar';
import { HeldReplies } from './heldReplies';
import { chatExportFolder, FILE_CONSENT_INVOKE, handleFileConsent } from './fileConsent';
import { ReminderRecipients } from './reminderRecipients';
import type { CreateRouter, Router } from './router';
import { DatabaseStateStorage, ETagConflictError } from './stateStorage';
import { ConversationQueue } from './conversationQueue';
import { getUserContext, resolveUserContext, setUserContext, tenantOf } from './userContext';

/**
 * How many of a conversation's latest turn ids (the Bot Framework's activity id) its state keeps. Teams redelivers only a message it got no
 * answer for, within seconds, and a conversation's turns run one after another, so a few are plenty.
 */
const REMEMBERED_TURN_IDS = 20;

/**
 * The latest turn's replies are kept with its state, so a redelivery of that activity (its replies were lost
 * with a crash or a failed send after the state was saved) gets them again. Larger replies are not kept, to
 * keep every state write small; a redelivery of such a turn gets no reply, and the next message carries on.
 */
const MAX_KEPT_REPLY_CHARS = 64 * 1024;

/** Stored in conversation state: its field names stay as first written. */
type KeptReplies = { activityId: string; activities: Partial<Activity>[] };

/**
 * The Teams-facing bot: checks who is calling, runs each conversation's turns in order and at most once per
 * activity id, hands messages to the conversation router and saves dialog state after every turn.
 */
export class DexBot extends ActivityHandler {
  readonly conversationState: ConversationState;
  private readonly router: Router;
  private readonly queue = new ConversationQueue();
  private readonly stateStorage: DatabaseStateStorage;
  private readonly handledTurnIds: StatePropertyAccessor<string[]>;
  private readonly keptReplies: StatePropertyAccessor<KeptReplies | undefined>;
  private readonly reminderRecipients: ReminderRecipients;

  constructor(
    private readonly services: Services,
    createRouter: CreateRouter,
  ) {
    super();
    this.stateStorage = new DatabaseStateStorage(services.db);
    this.conversationState = new ConversationState(this.stateStorage);
    // Stored under its first name, so a redelivery that arrives across a deploy is still recognised.
    this.handledTurnIds = this.conversationState.createProperty<string[]>('handledActivities');
    this.keptReplies = this.conversationState.createProperty<KeptReplies | undefined>('lastReplies');
    this.reminderRecipients = new ReminderRecipients(services.reminders, services.logger, () => services.clock().toISO()!);
    this.router = createRouter(this.conversationState, services);

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id !== botId)) await this.router.welcome(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.router.run(context);
      await next();
    });
  }

  /** What the bot understands, as shown in its menu and in the Teams command list. */
  menuEntries() {
    return this.router.menuEntries();
  }

  /** Which command a typed sentence starts, if any. */
  commandFor(text: string): string | undefined {
    return this.router.route(text, DEFAULT_ORG_ZONE)?.command.id;
  }

  /**
   * Invokes: the user's answer to a file consent card (a DEX export offered for their OneDrive). Cards submit
   * messages (Action.Submit), so any other invoke is a bad request, not a 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === FILE_CONSENT_INVOKE) {
      const { actor, organisation } = getUserContext(context);
      const deps = {
        folder: chatExportFolder(this.services.config.dataDir),
        ledger: this.services.exports,
        organisationId: organisation.organisationId,
        userId: actor.userId,
        now: () => this.services.clock().toMillis(),
      };
      return handleFileConsent(context, deps, (outcome) => this.services.logger.info('fileConsent.answered', { outcome }));
    }
    const response = await super.onInvokeActivity(context);
    return response.status === StatusCodes.NOT_IMPLEMENTED ? { status: StatusCodes.BAD_REQUEST } : response;
  }

  override async run(context: TurnContext): Promise<void> {
    const user = resolveUserContext(context.activity, {
      directory: this.services.organisations,
      allowedTenants: this.services.config.allowedTenants,
    });
    if ('refused' in user) {
      this.services.logger.warn('turn.refused', { reason: user.refused, tenant: tenantOf(context.activity), channel: context.activity.channelId });
      if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity('Sorry, DEX Assistant is not set up for your organisation. Please ask your IT team to add it.');
      }
      return;
    }
    setUserContext(context, user);
    // Side by side: noting the chat never fails the turn, and when the store is down the two waits overlap
    // instead of adding up against Teams' 15 s.
    await Promise.all([
      this.reminderRecipients.note(context.activity, user),
      this.queue.run(context.activity.conversation?.id ?? 'unknown', () => this.handleOnce(context)),
    ]);
  }

  /**
   * An activity counts as handled only once its turn's state is saved, and its id is saved in that same write
   * (the conversation's list of recent activity ids). So a redelivery after a crash at any point before that
   * write runs the turn again, and its saves are not applied twice because each carries an operation id kept
   * in dialog state; a redelivery after that write gets the replies saved with it, and nothing runs again.
   * Replies go out after the state write, so a turn whose write loses to another instance's (its state was
   * changed meanwhile) is run once more on the fresh state and only that run's replies are sent.
   */
  private async handleOnce(context: TurnContext): Promise<void> {
    const replies = new HeldReplies(context);
    try {
      if ((await this.attempt(context, replies, false)) === 'conflict') {
        this.services.logger.info('turn.rerun', { activityId: context.activity.id, reason: 'state changed meanwhile' });
        replies.discard();
        await this.attempt(context, replies, true);
      }
    } catch (err) {
      replies.discard();
      // Lets the turn error handler's apology through.
      await replies.release();
      throw err;
    }
    await replies.release();
  }

  /** One run of the turn on freshly read state; 'conflict' when its state write lost to another instance's. */
  private async attempt(context: TurnContext, replies: HeldReplies, lastTry: boolean): Promise<'saved' | 'conflict'> {
    const turnId = context.activity.id;
    const state = (await this.conversationState.load(context, true)) as Record<string, unknown>;
    const readETag = typeof state.eTag === 'string' ? state.eTag : undefined;
    const before = JSON.stringify(state);
    const handled = await this.handledTurnIds.get(context, []);
    if (turnId && handled.includes(turnId)) {
      const kept = await this.keptReplies.get(context);
      const resent = kept?.activityId === turnId ? kept.activities : [];
      this.services.logger.info('turn.duplicate', { activityId: turnId, resent: resent.length });
      replies.hold(resent);
      return 'saved';
    }
    await super.run(context);
    if (turnId) {
      await this.handledTurnIds.set(context, [...handled, turnId].slice(-REMEMBERED_TURN_IDS));
      const small = JSON.stringify(replies.pending).length <= MAX_KEPT_REPLY_CHARS;
      await this.keptReplies.set(context, { activityId: turnId, activities: small ? [...replies.pending] : [] });
    }
    if (JSON.stringify(state) === before) return 'saved';
    try {
      await this.stateStorage.writeIfUnchanged(this.conversationState.getStorageKey(context)!, state, readETag);
      return 'saved';
    } catch (err) {
      if (err instanceof ETagConflictError && !lastTry) return 'conflict';
      throw err;
    }
  }
}
