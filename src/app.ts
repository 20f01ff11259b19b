import { createAdapter, type AuthenticationOverrides } from './bot/adapter';
import { settleCardReplacements } from './bot/cardReplacement';
import { DexBot, type BuildCommands } from './bot/dexBot';
import type { AppConfig } from './config/env';
import type { Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import { createServices, type Services } from './services';
import { connectorSender } from './bot/reminderDelivery';
import { startReminderScheduler } from './bot/reminderScheduler';
import { buildCommands } from '../dialogs/commandCatalogue';

export type App = { services: Services; bot: DexBot; server: RunningServer; stop(): Promise<void> };

/** Wires services, adapter, bot and HTTP server; used by the entry point and by the end-to-end tests. */
export async function startApp(
  config: AppConfig,
  logger: Logger,
  overrides: Parameters<typeof createServices>[2] & { commands?: BuildCommands; authentication?: AuthenticationOverrides } = {},
): Promise<App> {
  const services = await createServices(config, logger, overrides);
  const adapter = createAdapter(config, logger, overrides.authentication);
  const bot = new DexBot(services, overrides.commands ?? buildCommands);
  const server = await listen(createServer(services, adapter, bot), config.port, config.bindHost);
  const reminders = config.remindersEnabled ? startReminderScheduler(services, connectorSender(adapter, config.appId)) : undefined;
  return {
    services,
    bot,
    server,
    async stop() {
      reminders?.stop();
      await server.close();
      // A card replacement still under way may finish, but never holds up stopping for long.
      await settleCardReplacements(2_000);
      await services.db.close();
    },
  };
}
