import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/env';
import type { Logger } from '../logger';

export function createAdapter(config: AppConfig, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.appTenantId ?? '',
    MicrosoftAppType: config.appType,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('turn.failed', {
      error: error.name,
      message: error.message.slice(0, 300),
      activityType: context.activity.type,
      conversation: context.activity.conversation?.id,
    });
    // Dialog state is only saved after a turn succeeds, so the user's earlier answers are still there.
    await context
      .sendActivity('Sorry, something went wrong on my side. Your earlier answers are kept: please try that step again (press the same button, or send your answer again).')
      .catch(() => undefined);
  };
  return adapter;
}
