import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';

/**
 * Keeps a turn's replies back until its state is saved. A turn that loses the race to save its state (another
 * instance answered the same conversation in between) is run again on the fresh state, and only the replies of
 * the run that was saved reach the user. Card replacements (updateActivity) are not held: they only seal a
 * card that was answered, which is the same whichever run is kept.
 */
export class HeldReplies {
  private held: Partial<Activity>[] = [];
  private holding = true;

  constructor(private readonly context: TurnContext) {
    context.onSendActivities(async (_context, activities, next): Promise<ResourceResponse[]> => {
      if (!this.holding) return next();
      this.held.push(...activities);
      // Nothing in the bot reads the ids of its own replies; they are known only once sent.
      return activities.map(() => ({ id: '' }));
    });
  }

  /** What this run has said so far. */
  get pending(): readonly Partial<Activity>[] {
    return this.held;
  }

  /** Queues replies of an earlier run of the same activity, to be sent again. */
  hold(activities: readonly Partial<Activity>[]): void {
    this.held.push(...activities);
  }

  /** Forgets what this run said, before the turn is run again. */
  discard(): void {
    this.held = [];
  }

  /** Sends what was held, and lets later replies (the turn error handler's apology) straight through. */
  async release(): Promise<void> {
    this.holding = false;
    const replies = this.held;
    this.held = [];
    if (replies.length > 0) await this.context.sendActivities(replies);
  }
}
