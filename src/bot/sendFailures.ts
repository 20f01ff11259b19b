import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/**
 * Replies and card replacements go to the Teams connector over HTTP. The connector client already retries
 * the way the Bot Framework service asks (429 and 503 after their Retry-After, other 5xx and network errors
 * with exponential back-off, three retries); what is left when it gives up is logged here, with the
 * conversation, so a reply that never reached the user is visible in the log.
 */

const failedSends = new WeakSet<object>();

/** True when the error is a reply that could not be delivered, which a second reply would not fix either. */
export function isSendFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failedSends.has(error);
}

/** Status, network code and error name of a failed connector call; never its message, which can quote the body. */
export function connectorFailure(error: unknown): { status?: number; code?: string; error: string } {
  const e = (error ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown };
  return {
    ...(typeof e.statusCode === 'number' ? { status: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code.slice(0, 64) } : {}),
    error: typeof e.name === 'string' ? e.name : 'Error',
  };
}

export class SendFailureLogging implements Middleware {
  constructor(private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (ctx, activities, send) => {
      try {
        return await send();
      } catch (err) {
        if (typeof err === 'object' && err !== null) failedSends.add(err);
        // A proactive send (a reminder) is not a reply: its sender classifies and logs its own failures.
        if (isProactive(ctx)) throw err;
        this.logger.error('reply.send.failed', {
          conversation: ctx.activity.conversation?.id,
          activityId: ctx.activity.id ?? undefined,
          replies: activities.length,
          ...connectorFailure(err),
        });
        throw err;
      }
    });
    await next();
  }
}

function isProactive(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
}
