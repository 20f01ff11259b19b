import restify from 'restify';
import type { DexAdapter } from './bot/adapter';
import type { DexBot } from './bot/dexBot';
import { EDGE_REPLIES, isJsonRequest, messagesEndpoint } from './edge/messagesEndpoint';
import type { Services } from './services';
import { embeddedCapacity } from './storeCapacityLog';

export type RunningServer = { url: string; close(): Promise<void> };

/** `maxBodySize` goes to restify's body reader, which the type definitions leave out. */
const JSON_BODY: restify.plugins.JsonBodyParserOptions = Object.assign({ mapParams: false }, { maxBodySize: 1024 * 1024 });

export function createServer(services: Services, adapter: DexAdapter, bot: DexBot): restify.Server {
  const server = restify.createServer({ name: 'dex-assistant', handleUncaughtExceptions: false });

  server.post(
    '/api/messages',
    (req, res, next) => {
      if (isJsonRequest(req)) return next();
      services.logger.warn('request.unsupportedMediaType', { contentType: req.getContentType().slice(0, 100) });
      res.json(EDGE_REPLIES.unsupportedMediaType.status, EDGE_REPLIES.unsupportedMediaType.body);
      return next(false);
    },
    restify.plugins.jsonBodyParser(JSON_BODY),
    messagesEndpoint(adapter, (context) => bot.run(context), services.logger),
  );

  // restify's own refusals (bad JSON, too large, unknown route, wrong method) keep their status but lose their
  // text, which can quote the request; a fault of the server itself is logged.
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, done: () => void) => {
    const status = err.statusCode ?? 500;
    const fields = { status, error: err.name, path: req.path().slice(0, 200) };
    if (status >= 500) services.logger.error('request.failed', fields);
    // Unknown paths and methods are routine (the playground probes the endpoint with GET); bad bodies are not.
    else if (status === 404 || status === 405) services.logger.debug('request.refused', fields);
    else services.logger.warn('request.refused', fields);
    const body = { error: status >= 500 ? EDGE_REPLIES.failed.body.error : 'The request was refused.' };
    Object.assign(err, { toJSON: () => body, toString: () => body.error });
    done();
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
