import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateEmbeddedToMongo } from '../src/storage/storeMigration';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';
import { dataBytes, ensureCapacityData, TARGET_NAME } from './capacityData';

/**
 * Capacity of the stores (issue 17): for each size, a data folder of N case files of 26 sessions × 12
 * participants, then the real bot started as `npm start` starts it (src/heapPlan.ts, then dist/src/index.js
 * with the planned heap) and measured: time to a healthy /healthz, peak RSS, heap, and the first
 * "my case files" and status turns over HTTP.
 *
 *   npm run build && npx tsx bench/capacity.ts --sizes 100,500,1000,2000,5000 [--store embedded|mongodb]
 *
 * Data folders are kept in test-output/capacity/<N> and reused, so the large sizes are generated once. With
 * --store mongodb the folder is copied to FerretDB (MONGODB_URI when set) with the migration and the bot runs on it.
 */

const ROOT = path.resolve(__dirname, '..');
const ORGANISATIONS_FILE = path.join(ROOT, 'config', 'organisations.sample.json');
const TENANT = '00000000-0000-0000-0000-0000000000001';
const START_TIMEOUT_MS = 15 * 60_000;

type Turn = { ms: number; replies: number; summary: string };
type Result = {
  caseFiles: number;
  dataMb: number;
  heapMb: string;
  startS: number | undefined;
  peakRssMb: number | undefined;
  heapUsedMb: number | undefined;
  myCaseFiles: Turn | undefined;
  status: Turn | undefined;
  note: string;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function peakRssMb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function healthy(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(`${url}/healthz`);
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function turn(url: string, conversationId: string, text: string): Promise<Turn> {
  const body = {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/au/',
    deliveryMode: 'expectReplies',
    from: { id: 'capacity-user', name: 'Capacity User', aadObjectId: 'capacity-user' },
    recipient: { id: 'dex-assistant-bot', name: 'DEX Assistant' },
    conversation: { id: conversationId, tenantId: TENANT, conversationType: 'personal' },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-AU',
    text,
  };
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const ms = performance.now() - started;
  const replies = ((await res.json()) as { activities?: { text?: string; attachments?: { content?: unknown }[] }[] }).activities ?? [];
  const first = replies[0];
  const texts = JSON.stringify(first?.attachments?.[0]?.content ?? {}).match(/"text":"[^"]{3,}"/g) ?? [];
  const summary = `HTTP ${res.status}: ${(first?.text ?? texts.slice(0, 3).join(' · ')).replace(/\s+/g, ' ').slice(0, 160)}`;
  return { ms: Math.round(ms), replies: replies.length, summary };
}

async function runBot(env: NodeJS.ProcessEnv, caseFiles: number, dataMb: number): Promise<Result> {
  const plan = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/heapPlan.js')], { env, encoding: 'utf8' });
  const base = { caseFiles, dataMb, heapMb: '', startS: undefined, peakRssMb: undefined, heapUsedMb: undefined, myCaseFiles: undefined, status: undefined };
  if (plan.status !== 0) return { ...base, heapMb: 'refused', note: plan.stderr.trim() };
  const heapMb = plan.stdout.trim();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, path.join(ROOT, 'dist/src/index.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  const url = await new Promise<string | undefined>((resolve) => {
    const watch = setInterval(() => {
      const match = /"event":"server.started","url":"([^"]+)"/.exec(log);
      if (match) {
        clearInterval(watch);
        resolve(match[1]);
      } else if (child.exitCode !== null || performance.now() - started > START_TIMEOUT_MS) {
        clearInterval(watch);
        resolve(undefined);
      }
    }, 50);
  });
  try {
    if (url === undefined || (await healthy(url)) === undefined) {
      return { ...base, heapMb, note: `did not start: ${log.trim().split('\n').slice(-2).join(' ').slice(0, 300)}` };
    }
    const startS = Math.round((performance.now() - started) / 100) / 10;
    const conversation = `capacity-${randomUUID()}`;
    const myCaseFiles = await turn(url, conversation, 'my case files');
    const status = await turn(url, conversation, `status of ${TARGET_NAME}`);
    const health = await healthy(url);
    const capacity = health?.capacity as { heapUsedMb?: number; percentOfCeiling?: number; warning?: string } | undefined;
    return {
      ...base,
      heapMb,
      startS,
      peakRssMb: peakRssMb(child.pid!),
      heapUsedMb: capacity?.heapUsedMb,
      myCaseFiles,
      status,
      note: capacity?.warning ?? (capacity ? `${capacity.percentOfCeiling}% of ceiling` : ''),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

function print(store: string, r: Result): void {
  const t = (x: Turn | undefined) => (x ? `${x.ms} ms` : '-');
  console.log(
    `| ${store} | ${r.caseFiles.toLocaleString('en-AU')} | ${r.dataMb} MB | ${r.heapMb} | ${r.startS ?? '-'} s | ${r.peakRssMb ?? '-'} MB | ` +
      `${r.heapUsedMb ?? '-'} MB | ${t(r.myCaseFiles)} | ${t(r.status)} | ${r.note} |`,
  );
  if (r.status) console.log(`    status reply: ${r.status.summary}`);
  if (r.myCaseFiles) console.log(`    my case files reply: ${r.myCaseFiles.summary}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,500' }, store: { type: 'string', default: 'embedded' } } });
  const sizes = values.sizes.split(',').map(Number);
  if (!fs.existsSync(path.join(ROOT, 'dist/src/index.js'))) throw new Error('run "npm run build" first');
  console.log(`capacity: ${values.store}, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| store | case files | data files | heap (MB) | start | peak RSS | heap used | my case files | status | note |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const dir = path.join(ROOT, 'test-output', 'capacity', String(size));
    const { generatedMs } = await ensureCapacityData(dir, size);
    if (generatedMs !== undefined) console.log(`    generated ${size} case files in ${(generatedMs / 1000).toFixed(0)} s`);
    const dataMb = Math.round(dataBytes(dir) / 1024 / 1024);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), ORGANISATIONS_FILE, DATA_DIR: dir, LOG_LEVEL: 'info' };
    if (values.store === 'mongodb') {
      const server = await getMongoServer();
      const dbName = uniqueDatabaseName('dex_capacity');
      const copyStarted = performance.now();
      const copied = await migrateEmbeddedToMongo({ dataDir: dir, uri: server.uri, dbName });
      const verified = copied.filter((c) => c.verified).length;
      console.log(
        `    copied to ${server.label} in ${((performance.now() - copyStarted) / 1000).toFixed(0)} s: ` +
          `${verified} of ${copied.length} collections verified (${copied.map((c) => `${c.name} ${c.target}`).join(', ')})`,
      );
      print('FerretDB', await runBot({ ...env, MONGODB_URI: server.uri, MONGODB_DB: dbName }, size, dataMb));
    } else {
      print('embedded', await runBot(env, size, dataMb));
    }
  }
  await stopMongoServer();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
