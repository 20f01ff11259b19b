import { ActivityHandler, type TurnContext } from 'botbuilder';
import v8 from 'node:v8';
import readline from 'node:readline';
import restify from 'restify';
import { createAdapter } from '../src/bot/adapter';
import { type AppConfig, loadConfig } from '../src/config/env';
import { createLogger, type Logger } from '../src/logger';
import { listen, type RunningServer } from '../src/server';
import type { Database, DocumentCollection } from '../src/storage/database';

/**
 * One server under benchmark, in a process of its own so its memory is measured alone:
 *   bot   the real app (startApp) on the store named by DATA_DIR / MONGODB_URI
 *   echo  restify + CloudAdapter + an ActivityHandler that replies with the text and keeps no state
 * Prints the server's URL on stdout once it listens. PORT=0 (the default here) picks a free port.
 * Commands arrive as lines on stdin, so no signal (SIGUSR1 would start the inspector) is needed:
 *   reset   forget the timings so far (the warm-up's)
 *   report  print "REPORT {json}": timings and memory; with BENCH_TRACE=1 the timings cover bot.run and every storage call
 * The end of stdin, SIGTERM or SIGINT stops the server cleanly (closing the store), which also lets --cpu-prof write its file.
 */

type Mode = 'bot' | 'echo';

/** Same restify settings as src/server.ts, so the two servers differ only in what runs inside the turn. */
function createEchoServer(adapter: ReturnType<typeof createAdapter>): restify.Server {
  const handler = new ActivityHandler();
  handler.onMessage(async (context: TurnContext, next) => {
    await context.sendActivity(context.activity.text ?? '');
    await next();
  });
  const server = restify.createServer({ name: 'dex-bench-echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => handler.run(context));
  });
  return server;
}

type Timing = { count: number; totalMs: number; maxMs: number; samples: number[] };

class Timings {
  private readonly byName = new Map<string, Timing>();

  record(name: string, ms: number): void {
    let t = this.byName.get(name);
    if (!t) {
      t = { count: 0, totalMs: 0, maxMs: 0, samples: [] };
      this.byName.set(name, t);
    }
    t.count += 1;
    t.totalMs += ms;
    if (ms > t.maxMs) t.maxMs = ms;
    // Bounded so a long run cannot grow the server's heap through its own instrumentation.
    if (t.samples.length < 20_000) t.samples.push(ms);
  }

  async time<R>(name: string, work: () => Promise<R>): Promise<R> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.record(name, performance.now() - started);
    }
  }

  reset(): void {
    this.byName.clear();
  }

  summary(): Record<string, { count: number; meanMs: number; p50Ms: number; p99Ms: number; maxMs: number; totalMs: number }> {
    const out: ReturnType<Timings['summary']> = {};
    for (const [name, t] of [...this.byName].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...t.samples].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
      out[name] = { count: t.count, meanMs: t.totalMs / t.count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: t.maxMs, totalMs: t.totalMs };
    }
    return out;
  }
}

const TIMED_OPERATIONS = ['find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'replaceOne', 'deleteOne', 'deleteMany', 'countDocuments'] as const;

/** Wraps the store so each collection call is timed under "db <collection>.<operation>", start to settle. */
function timedDatabase(db: Database, timings: Timings): Database {
  const wrapped = new Map<string, DocumentCollection<object>>();
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'collection') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return <T extends object>(name: string): DocumentCollection<T> => {
        let collection = wrapped.get(name);
        if (!collection) {
          const inner = target.collection<object>(name);
          const methods: Record<string, unknown> = {};
          for (const op of TIMED_OPERATIONS) {
            const original = (inner as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op]!.bind(inner);
            methods[op] = (...args: unknown[]) => timings.time(`db ${name}.${op}`, () => original(...args));
          }
          collection = new Proxy(inner, {
            get: (c, p, r) => (typeof p === 'string' && p in methods ? methods[p] : Reflect.get(c, p, r)),
          }) as DocumentCollection<object>;
          wrapped.set(name, collection);
        }
        return collection as unknown as DocumentCollection<T>;
      };
    },
  });
}

async function main(): Promise<void> {
  const mode = process.argv[2] as Mode | undefined;
  if (mode !== 'bot' && mode !== 'echo') throw new Error('usage: serveBot.ts <bot|echo>');
  const env = { ...process.env };
  const port = Number(env.PORT ?? '0');
  // loadConfig rejects port 0, which is exactly what a benchmark wants.
  delete env.PORT;
  const config: AppConfig = { ...loadConfig(env), port };
  const logger: Logger = createLogger(config.logLevel, (line) => process.stderr.write(`${line}\n`));
  const trace = process.env.BENCH_TRACE === '1';
  const timings = new Timings();

  let server: RunningServer;
  let stop: () => Promise<void>;
  if (mode === 'echo') {
    server = await listen(createEchoServer(createAdapter(config, logger)), config.port, config.bindHost);
    stop = () => server.close();
  } else {
    // Loaded only here so the echo server's memory holds no dialogs, stores or reference data.
    const { startApp } = require('../src/app') as typeof import('../src/app');
    const { openDatabase } = require('../src/storage/openDatabase') as typeof import('../src/storage/openDatabase');
    const overrides = trace
      ? { db: timedDatabase(await openDatabase({ mongodbUri: config.mongodbUri, mongodbDb: config.mongodbDb, dataDir: config.dataDir }), timings) }
      : {};
    const app = await startApp(config, logger, overrides);
    if (trace) {
      const run = app.bot.run.bind(app.bot);
      app.bot.run = (context: TurnContext) => timings.time('bot.run', () => run(context));
    }
    server = app.server;
    stop = () => app.stop();
  }

  const report = (): void => {
    const toMb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
    const memory: Record<string, number> = {};
    for (const [name, bytes] of Object.entries(process.memoryUsage())) memory[`${name}Mb`] = toMb(bytes);
    for (const space of v8.getHeapSpaceStatistics()) memory[`${space.space_name}CommittedMb`] = toMb(space.physical_space_size);
    // Only with --expose-gc: tells live data apart from garbage the collector has not reached yet.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      memory.heapUsedAfterFullGcMb = toMb(process.memoryUsage().heapUsed);
    }
    process.stdout.write(`REPORT ${JSON.stringify({ timings: timings.summary(), memoryMb: memory })}\n`);
  };
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`bench server failed to stop: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  const commands = readline.createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line.trim() === 'reset') timings.reset();
    else if (line.trim() === 'report') report();
  });
  // The benchmark's end of the pipe closing means it is gone; a server left behind would hold the port.
  commands.on('close', shutdown);
  process.stdout.write(`${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
