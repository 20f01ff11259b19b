import { createAdapter, type AuthenticationOverrides } from './bot/adapter';
import { settleCardReplacements } from './bot/cardReplacement';
import { DexBot } from './bot/dexBot';
import type { BuildCommands } from './bot/router';
import type { AppConfig } from './config/env';
import type { Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import { createServices, repairCaseFileListings, type Services } from './services';
import { connectorSender } from './bot/reminderDelivery';
import { startReminderScheduler } from './bot/reminderScheduler';
import { buildCommands } from '../dialogs/commandCatalogue';
import { createConversationRouter } from '../dialogs/conversationRouter';
import { logEmbeddedCapacity } from './storeCapacityLog';

const CAPACITY_LOG_INTERVAL_MS = 60 * 60 * 1000;

/** The embedded store grows while the bot runs; the operator hears before it outgrows the memory it may use. */
function watchCapacity(services: Services): NodeJS.Timeout {
  const log = () => {
    try {
      logEmbeddedCapacity(services);
    } catch (error) {
      services.logger.warn('store.capacityUnknown', { error: (error as Error).message });
    }
  };
  log();
  const timer = setInterval(log, CAPACITY_LOG_INTERVAL_MS);
  timer.unref();
  return timer;
}

export type App = {
  services: Services;
  bot: DexBot;
  server: RunningServer;
  /** Settles when the start-up check of case-file listings has finished (it never rejects). */
  listingsRepaired: Promise<void>;
  stop(): Promise<void>;
};

/** Wires services, adapter, bot and HTTP server; used by the entry point and by the end-to-end tests. */
export async function startApp(
  config: AppConfig,
  logger: Logger,
  overrides: Parameters<typeof createServices>[2] & { commands?: BuildCommands; authentication?: AuthenticationOverrides } = {},
): Promise<App> {
  const services = await createServices(config, logger, overrides);
  const adapter = createAdapter(config, logger, overrides.authentication);
  const bot = new DexBot(services, createConversationRouter(overrides.commands ?? buildCommands));
  const server = await listen(createServer(services, adapter, bot), config.port, config.bindHost);
  const capacityTimer = services.db.kind === 'embedded' ? watchCapacity(services) : undefined;
  const reminders = config.remindersEnabled ? startReminderScheduler(services, connectorSender(adapter, config.appId)) : undefined;
  const listingsRepaired = repairCaseFileListings(services);
  return {
    services,
    bot,
    server,
    listingsRepaired,
    async stop() {
      clearInterval(capacityTimer);
      reminders?.stop();
      await server.close();
      await listingsRepaired;
      // A card replacement still under way may finish, but never holds up stopping for long.
      await settleCardReplacements(2_000);
      await services.db.close();
    },
  };
}
