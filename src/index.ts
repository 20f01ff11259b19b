import 'dotenv/config';
import { ConfigError, loadConfig } from './config/env';
import { StoreStartupError } from './storage/storeStartupError';
import { createLogger } from './logger';
import { startApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (!config.authenticationEnabled) {
    logger.warn('authentication.off', {
      message: 'AUTHENTICATION IS OFF: MicrosoftAppId is not set, so anyone who can reach the port can talk to the bot. Listening on 127.0.0.1 only.',
    });
  }
  const app = await startApp(config, logger);
  logger.info('server.started', { url: app.server.url, store: app.services.db.description, organisations: app.services.organisations.source });
  const shutdown = async (signal: string) => {
    logger.info('server.stopping', { signal });
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StoreStartupError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`DEX Assistant failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
