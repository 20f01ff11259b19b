import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/env';
import type { Logger } from '../logger';
import { StorageUnavailableError } from '../storage/database';

const SOMETHING_WRONG = 'Sorry, something went wrong on my side. Your earlier answers are kept: please try that step again (press the same button, or send your answer again).';
const STORE_UNAVAILABLE = 'Sorry, I cannot reach the case records right now, so that step was not saved. Your earlier answers are kept: please try again in a minute (press the same button, or send your answer again).';

export function createAdapter(config: AppConfig, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.appTenantId ?? '',
    MicrosoftAppType: config.appType,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The message is left out: some errors quote the data they choked on, which can be a client's details.
    logger.error('turn.failed', {
      error: error.name,
      at: whereThrown(error),
      activityType: context.activity.type,
      conversation: context.activity.conversation?.id,
    });
    // Dialog state is only saved after a turn succeeds, so the user's earlier answers are still there.
    await context.sendActivity(error instanceof StorageUnavailableError ? STORE_UNAVAILABLE : SOMETHING_WRONG).catch(() => undefined);
  };
  return adapter;
}

/** The first stack frame inside this project, e.g. "dialogs/addSessionDialog.ts:98", for finding the fault. */
function whereThrown(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const m = /\((?:.*\/)?((?:src|dialogs|cards)\/[^:]+:\d+)/.exec(line) ?? /at (?:.*\/)?((?:src|dialogs|cards)\/[^:]+:\d+)/.exec(line);
    if (m && !line.includes('node_modules')) return m[1];
  }
  return undefined;
}
