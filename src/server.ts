import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { DexBot } from './bot/dexBot';
import type { Services } from './services';
import { embeddedCapacity } from './storeCapacityLog';

export type RunningServer = { url: string; close(): Promise<void> };

export function createServer(services: Services, adapter: CloudAdapter, bot: DexBot): restify.Server {
  const server = restify.createServer({ name: 'dex-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    let database: { ok: boolean; latencyMs?: number; error?: string };
    try {
      database = await services.db.ping();
    } catch (err) {
      database = { ok: false, error: (err as Error).message };
    }
    res.json(database.ok ? 200 : 503, {
      status: database.ok ? 'ok' : 'degraded',
      store: services.db.kind,
      storeDescription: services.db.description,
      database,
      ...(services.db.kind === 'embedded' ? { capacity: embeddedCapacity(services) } : {}),
      authentication: services.config.authenticationEnabled ? 'on' : 'off',
    });
  });
  return server;
}

export function listen(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
