import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { AppConfig } from '../config/env';
import type { Logger } from '../logger';
import { isSendFailure, SendFailureLogging } from './sendFailures';
import { StorageUnavailableError } from '../storage/database';

const SOMETHING_WRONG =
  'Sorry, something went wrong on my side. Your earlier answers are kept: please try that step again (press the same button, or send your answer again).';
const STORE_UNAVAILABLE =
  'Sorry, I cannot reach the case records right now, so that step was not saved. Your earlier answers are kept: please try again in a minute (press the same button, or send your answer again).';

/** Bot Framework settings the tests point at local stand-ins, e.g. `ToBotFromChannelOpenIdMetadataUrl`. */
export type AuthenticationOverrides = Partial<ConfigurationBotFrameworkAuthenticationOptions>;

/**
 * The CloudAdapter with authentication and the turn as two separate calls, so the HTTP edge can tell a bad
 * token (401) from an identity service it cannot reach (503) and never answers with the SDK's error text.
 */
export class DexAdapter extends CloudAdapter {
  authenticate(authHeader: string, activity: Activity): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export function createAdapter(config: AppConfig, logger: Logger, overrides: AuthenticationOverrides = {}): DexAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.appTenantId ?? '',
    MicrosoftAppType: config.appType,
    ...overrides,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new DexAdapter(auth);
  adapter.use(new SendFailureLogging(logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The message is left out: some errors quote the data they choked on, which can be a client's details.
    logger.error('turn.failed', {
      error: error.name,
      at: whereThrown(error),
      activityType: context.activity.type,
      conversation: context.activity.conversation?.id,
    });
    // A reply that could not be delivered was logged where it failed; an apology would go the same dead way.
    // It is thrown on so the HTTP answer says the turn did not reach the user instead of a plain 200.
    if (isSendFailure(error)) throw error;
    // Dialog state is only saved after a turn succeeds, so the user's earlier answers are still there.
    await context.sendActivity(storeWasUnavailable(error) ? STORE_UNAVAILABLE : SOMETHING_WRONG).catch(() => undefined);
  };
  return adapter;
}

/**
 * True when the store's deadline or outage caused the error, also when the dialog library wrapped it on the way
 * out (its DialogContextError keeps the original in `error`; other wrappers use `cause`).
 */
function storeWasUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof StorageUnavailableError) return true;
    const wrapper = e as { error?: unknown; cause?: unknown };
    e = wrapper.error ?? wrapper.cause;
  }
  return false;
}

/** The first stack frame inside this project, e.g. "dialogs/addSessionDialog.ts:98", for finding the fault. */
function whereThrown(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const m = /\((?:.*\/)?((?:src|dialogs|cards)\/[^:]+:\d+)/.exec(line) ?? /at (?:.*\/)?((?:src|dialogs|cards)\/[^:]+:\d+)/.exec(line);
    if (m && !line.includes('node_modules')) return m[1];
  }
  return undefined;
}
