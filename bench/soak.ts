import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { connectMongo } from '../src/storage/mongoDatabase';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';

/**
 * Memory over a long run: `npm run bench -- --soak SECONDS [--store embedded|mongodb] [--conversations N]
 * [--think-ms N] [--churn N]`. The real bot (bench/serveBot.ts, with --expose-gc) answers "help"/"menu" from N
 * simulated users, each in a conversation of their own as in Teams' personal chats; with --churn N each user
 * moves to a new conversation every N turns, so anything kept per conversation that never shrinks shows up.
 * (The embedded store keeps every document in memory, so there each new conversation's state adds to the heap by
 * design; churn on the mongodb store shows the process alone.) Every SAMPLE_SECONDS it prints the server's RSS
 * and its live heap after a full collection, then fits a line to the second half of the run: a leak is a live
 * heap that keeps growing there, whatever RSS does while V8 sizes its heap.
 */

const ROOT = path.join(__dirname, '..');
const ORGANISATIONS_FILE = path.join(ROOT, 'config', 'organisations.sample.json');
const SAMPLE_SECONDS = 15;
/** Live-heap growth per minute in the second half below which memory counts as levelled off. */
const LEVEL_MB_PER_MIN = 0.3;

type Options = { seconds: number; store: 'embedded' | 'mongodb'; conversations: number; thinkMs: number; churn: number };
type Sample = { atS: number; turns: number; rssMb: number; liveHeapMb: number };

export function parseSoakOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const store = value('store') ?? 'embedded';
  if (store !== 'embedded' && store !== 'mongodb') throw new Error('--store must be embedded or mongodb for a soak');
  return {
    seconds: int('soak', 900, 30, 24 * 3600),
    store,
    conversations: int('conversations', 50, 1, 1000),
    thinkMs: int('think-ms', 100, 0, 10_000),
    churn: int('churn', 0, 0, 1_000_000),
  };
}

function tenant(): string {
  const file = JSON.parse(readFileSync(ORGANISATIONS_FILE, 'utf8')) as { organisations: { tenantIds: string[] }[] };
  return file.organisations.flatMap((o) => o.tenantIds).find((t) => t !== 'local-development')!;
}

function body(conversationId: string, turn: number, tenantId: string): string {
  return JSON.stringify({
    type: 'message',
    id: `${conversationId}-${turn}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/au/',
    deliveryMode: 'expectReplies',
    from: { id: `user-${conversationId}`, name: 'Soak User', aadObjectId: `user-${conversationId}` },
    recipient: { id: 'dex-assistant-bot', name: 'DEX Assistant' },
    conversation: { id: conversationId, tenantId, conversationType: 'personal' },
    channelData: { tenant: { id: tenantId } },
    text: turn % 2 === 0 ? 'help' : 'menu',
  });
}

/** The turn error handler's apologies: a 200 that carries one is a failed turn. */
const APOLOGY = /something went wrong on my side|cannot reach the case records/;

/** True when the turn got a normal answer. */
function post(agent: http.Agent, url: URL, payload: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(res.statusCode === 200 && text.length > 0 && !APOLOGY.test(text)));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

/** Least-squares slope, in units of y per minute. */
function slopePerMinute(points: { atS: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.atS, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.atS - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.atS - mx) ** 2, 0);
  return (sxy / sxx) * 60;
}

export async function soak(options: Options): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-soak-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ORGANISATIONS_FILE, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'ALLOWED_TENANTS', 'NODE_OPTIONS']) delete env[name];
  let dropMongo = async (): Promise<void> => undefined;
  if (options.store === 'mongodb') {
    const server = await getMongoServer();
    const dbName = uniqueDatabaseName('dex_soak');
    Object.assign(env, { MONGODB_URI: server.uri, MONGODB_DB: dbName });
    dropMongo = async () => {
      const db = await connectMongo(server.uri, dbName);
      await db.dropDatabase();
      await db.close();
    };
  }
  const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=128', '--require', 'tsx/cjs', path.join(__dirname, 'serveBot.ts'), 'bot'], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const url = new URL('/api/messages', String((await lines.next()).value).trim());
  const report = async (): Promise<{ memoryMb: Record<string, number> }> => {
    child.stdin.write('report\n');
    for (;;) {
      const line = String((await lines.next()).value);
      if (line.startsWith('REPORT ')) return JSON.parse(line.slice(7)) as { memoryMb: Record<string, number> };
    }
  };

  console.log(
    `soak: ${options.seconds} s on the ${options.store} store, ${options.conversations} users, ~${options.thinkMs} ms pauses, ${options.churn ? `a new conversation every ${options.churn} turns` : 'one conversation each'}; ` +
      `server with --max-old-space-size=128; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs (shared machine)`,
  );
  const tenantId = tenant();
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.conversations });
  const started = Date.now();
  const endAt = started + options.seconds * 1000;
  let turns = 0;
  let failures = 0;
  let conversationsStarted = 0;
  const user = async (u: number): Promise<void> => {
    let conversation = '';
    for (let turn = 0; Date.now() < endAt; turn++) {
      if (turn === 0 || (options.churn > 0 && turn % options.churn === 0)) {
        conversation = `soak-${u}-${conversationsStarted++}`;
      }
      if (await post(agent, url, body(conversation, turn, tenantId)).catch(() => false)) turns++;
      else failures++;
      if (options.thinkMs > 0) await new Promise((r) => setTimeout(r, options.thinkMs * (0.5 + Math.random())));
    }
  };
  const samples: Sample[] = [];
  const sampler = (async () => {
    console.log('  time s   turns   conversations   RSS MB   live heap MB');
    while (Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, Math.min(SAMPLE_SECONDS * 1000, Math.max(0, endAt - Date.now()))));
      const { memoryMb } = await report();
      const sample = { atS: Math.round((Date.now() - started) / 1000), turns, rssMb: rssMb(child.pid!), liveHeapMb: memoryMb.heapUsedAfterFullGcMb ?? NaN };
      samples.push(sample);
      console.log(
        `  ${String(sample.atS).padStart(6)}  ${String(turns).padStart(6)}  ${String(conversationsStarted).padStart(14)}  ${sample.rssMb.toFixed(1).padStart(7)}  ${sample.liveHeapMb.toFixed(1).padStart(13)}`,
      );
    }
  })();
  await Promise.all([...Array.from({ length: options.conversations }, (_, u) => user(u)), sampler]);

  const secondHalf = samples.filter((s) => s.atS >= options.seconds / 2);
  const rssSlope = slopePerMinute(secondHalf.map((s) => ({ atS: s.atS, y: s.rssMb })));
  const heapSlope = slopePerMinute(secondHalf.map((s) => ({ atS: s.atS, y: s.liveHeapMb })));
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `\n${turns} turns answered in ${seconds.toFixed(0)} s (${(turns / seconds).toFixed(0)} turns/s), ${conversationsStarted} conversations, ${failures} failed turns (no answer, or an apology)`,
  );
  console.log(
    `second half: RSS ${rssSlope >= 0 ? '+' : ''}${rssSlope.toFixed(2)} MB/min, live heap ${heapSlope >= 0 ? '+' : ''}${heapSlope.toFixed(2)} MB/min`,
  );
  console.log(
    Math.abs(heapSlope) <= LEVEL_MB_PER_MIN
      ? `LEVELS OFF: the live heap grows less than ${LEVEL_MB_PER_MIN} MB/min in the second half`
      : `GROWS: the live heap keeps growing in the second half`,
  );

  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  await dropMongo().catch(() => undefined);
  await stopMongoServer();
  return failures > 0 ? 1 : 0;
}
