import 'dotenv/config';
import path from 'node:path';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config/env';
import { startPlayground } from '../src/devtools/playground';
import { findPackageRoot } from '../src/config/packageRoot';
import { createLogger } from '../src/logger';

/** Starts the bot and Microsoft's Teams emulator pointed at it, to try every flow in a browser without Teams. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.authenticationEnabled) {
    process.stderr.write('The playground talks to the bot without Azure credentials: unset MicrosoftAppId to use it.\n');
    process.exit(1);
  }
  const app = await startApp(config, createLogger(config.logLevel));
  const playground = await startPlayground({
    botEndpoint: `${app.server.url}/api/messages`,
    logDir: path.join(findPackageRoot(), 'data', 'playground'),
    openBrowser: process.env.PLAYGROUND_OPEN_BROWSER === '1',
  });
  process.stdout.write(
    `\nDEX Assistant is running at ${app.server.url} on ${app.services.db.description}.\nOpen ${playground.url} in a browser to chat with it. Ctrl+C stops both.\n\n`,
  );
  const stop = async () => {
    await playground.stop();
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  playground.process.once('exit', () => void app.stop().then(() => process.exit(1)));
}

void main();
