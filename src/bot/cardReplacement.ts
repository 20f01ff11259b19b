import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { connectorFailure } from './sendFailures';

const inFlight = new Set<Promise<void>>();

/**
 * Replaces a card the user submitted (with its read-only record) without holding up the reply: the update
 * runs alongside the rest of the turn and may finish after the reply went out. The connector client retries
 * it as the service asks (429 Retry-After included); a replacement that still fails only leaves the old card
 * in place, which is safe because every submit is checked against the step it belongs to, so it is logged
 * with the conversation and the turn carries on.
 */
export function replaceCardInBackground(context: TurnContext, replacement: Partial<Activity>, logger: Logger): void {
  const conversation = context.activity.conversation?.id;
  const startedAt = Date.now();
  const work = context.updateActivity(replacement).then(
    () => undefined,
    (err: unknown) => logger.warn('card.seal.failed', { conversation, cardId: replacement.id, afterMs: Date.now() - startedAt, ...connectorFailure(err) }),
  );
  inFlight.add(work);
  void work.finally(() => inFlight.delete(work));
}

/** Waits, at most `deadlineMs`, for card replacements still under way, e.g. before the server stops. */
export async function settleCardReplacements(deadlineMs: number): Promise<void> {
  if (inFlight.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  await Promise.race([Promise.allSettled([...inFlight]), deadline]);
  clearTimeout(timer);
}
