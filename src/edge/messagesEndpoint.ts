import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { DexAdapter } from '../bot/adapter';
import { isSendFailure } from '../bot/sendFailures';
import type { Logger } from '../logger';
import { describeProblems, IncomingTurn } from './incomingTurn';

/**
 * What `POST /api/messages` answers when it does not run a turn. Bodies are short and generic on purpose:
 * the detail (which field, which identity-service call) goes to the log, never back to the caller.
 */
export const EDGE_REPLIES = {
  unsupportedMediaType: { status: 415, body: { error: 'Send the activity as application/json.' } },
  malformed: { status: 400, body: { error: 'The request is not a valid activity.' } },
  unauthorized: { status: 401, body: { error: 'Unauthorized.' } },
  cannotVerify: { status: 503, body: { error: 'The request cannot be verified right now. Try again shortly.' } },
  failed: { status: 500, body: { error: 'The request could not be handled.' } },
  undelivered: { status: 502, body: { error: 'The reply could not be delivered.' } },
} as const;

/** How long the identity service (OpenID metadata and signing keys) may take before the caller is told to retry. */
const AUTHENTICATION_DEADLINE_MS = 5_000;
const RETRY_AFTER_SECONDS = 5;

/** Only JSON drives the bot: a form post or plain text, which any web page can send cross-site, is refused. */
export function isJsonRequest(req: Request): boolean {
  return req.getContentType().toLowerCase() === 'application/json';
}

/**
 * Network and identity-service failures mean "cannot verify now" (503); everything else about a token,
 * including tokens too odd for the SDK to read, means "not verified" (401), so a client error never gets a 5xx.
 */
export function cannotVerifyNow(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode >= 500;
  const e = err as { name?: unknown; code?: unknown } | undefined;
  if (e?.name === 'FetchError' || e?.name === 'AbortError' || e?.name === 'DeadlineError') return true;
  // System errors of the network layer: ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ECONNRESET, …
  return typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code);
}

class DeadlineError extends Error {
  override name = 'DeadlineError';
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The activity as the SDK expects it: nulls a channel sent for absent fields dropped, timestamps as dates. */
function toSdkActivity(parsed: IncomingTurn): Activity {
  const activity: Record<string, unknown> = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null));
  for (const key of ['timestamp', 'localTimestamp'] as const) {
    const raw = activity[key];
    if (typeof raw === 'string') {
      activity[`raw${key[0]!.toUpperCase()}${key.slice(1)}`] = raw;
      activity[key] = new Date(raw);
    }
  }
  return activity as unknown as Activity;
}

function reply(res: Response, answer: { status: number; body: object }, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.json(answer.status, answer.body);
}

/**
 * `POST /api/messages`: content type, then the activity's shape, then its token, then the turn. Each refusal
 * is logged with the reason; none of them reaches the bot.
 */
export function messagesEndpoint(adapter: DexAdapter, logic: (context: TurnContext) => Promise<void>, logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = IncomingTurn.safeParse(req.body);
    if (!parsed.success) {
      logger.warn('request.malformed', { problems: describeProblems(parsed.error) });
      return reply(res, EDGE_REPLIES.malformed);
    }
    const activity = toSdkActivity(parsed.data);
    const where = { conversation: activity.conversation.id, activityType: activity.type, channel: activity.channelId };
    const authHeader = req.header('authorization') ?? '';

    let auth: Awaited<ReturnType<DexAdapter['authenticate']>>;
    try {
      auth = await withDeadline(adapter.authenticate(authHeader, activity), AUTHENTICATION_DEADLINE_MS);
    } catch (err) {
      const unavailable = cannotVerifyNow(err);
      // The SDK's message names the token problem or the identity-service call that failed: the log needs it.
      logger.warn(unavailable ? 'auth.unavailable' : 'auth.refused', {
        ...where,
        error: (err as Error)?.name ?? 'Error',
        detail: String((err as Error)?.message ?? err).slice(0, 300),
      });
      return unavailable ? reply(res, EDGE_REPLIES.cannotVerify, { 'Retry-After': String(RETRY_AFTER_SECONDS) }) : reply(res, EDGE_REPLIES.unauthorized);
    }

    try {
      const invokeResponse = await adapter.runTurn(auth, activity, logic);
      if (invokeResponse?.body !== undefined) res.json(invokeResponse.status ?? 200, invokeResponse.body as object);
      else {
        res.status(invokeResponse?.status ?? 200);
        res.end();
      }
    } catch (err) {
      // An undelivered reply was logged where it failed (reply.send.failed). The turn's state and replies were
      // kept before sending, so the same activity delivered again sends those replies without a second run.
      if (isSendFailure(err)) {
        if (!res.headersSent) reply(res, EDGE_REPLIES.undelivered);
        return;
      }
      logger.error('request.failed', { ...where, error: (err as Error)?.name ?? 'Error' });
      if (!res.headersSent) reply(res, EDGE_REPLIES.failed);
    }
  };
}
