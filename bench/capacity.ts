import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config/env';
import { silentLogger } from '../src/logger';
import { createServices } from '../src/services';
import { connectMongo } from '../src/storage/mongoDatabase';
import { getMongoServer, stopMongoServer, uniqueDatabaseName } from '../test/support/ferretdb';
import { caseFileNameOf, checkSamplesRoundTrip, dataBytes, ensureCapacityData, fillInBulk, TARGET_NAME } from './capacityData';

/**
 * Capacity of the stores (issue 17): for each size, N case files of 26 sessions × 12 participants, then the
 * real bot started as `npm start` starts it (src/heapPlan.ts, then dist/src/index.js with the planned heap)
 * and measured: time to a healthy /healthz, peak RSS, heap, CPU time, and the first and second "my case
 * files" and status turns over HTTP, with the load average at each step.
 *
 *   npm run build && npx tsx bench/capacity.ts --sizes 100,500,1000,2000,5000 [--store embedded|mongodb]
 *
 * Embedded: data folders are kept in test-output/capacity/<N> and reused, so the large sizes are generated once.
 * MongoDB (FerretDB, or MONGODB_URI when set): a fresh database per size; the bot's start-up code first runs on
 * it empty (indexes, migrations, as at a new deployment), then the case files are written in bulk (the
 * repositories' documents, inserted in batches: see fillInBulk), a sample is read back through the repositories,
 * and the database is dropped at the end.
 */

const ROOT = path.resolve(__dirname, '..');
const ORGANISATIONS_FILE = path.join(ROOT, 'config', 'organisations.sample.json');
const TENANT = '00000000-0000-0000-0000-0000000000001';
const START_TIMEOUT_MS = 15 * 60_000;
const TICKS_PER_SECOND = 100;

type Turn = { ms: number; replies: number; summary: string };
type Result = {
  caseFiles: number;
  heapMb: string;
  startS: number | undefined;
  startCpuS: number | undefined;
  peakRssMb: number | undefined;
  heapUsedMb: number | undefined;
  turns: { label: string; turn: Turn; load: string; botCpuS: number | undefined; serverCpuS: number | undefined }[];
  turnsCpuS: number | undefined;
  listingCheck: string | undefined;
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

const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** User plus system CPU seconds a process has used so far. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
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

/** The bot's heap in use, asked for with SIGUSR2 (bench/reportHeap.cjs is preloaded for this). */
async function heapUsedMb(child: ChildProcess, log: () => string): Promise<number | undefined> {
  const before = log().length;
  child.kill('SIGUSR2');
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const match = /"event":"bench.heap"[^\n]*"heapUsed":(\d+)/.exec(log().slice(Math.max(0, before - 200)));
    if (match) return Math.round(Number(match[1]) / 1024 / 1024);
  }
  return undefined;
}

async function runBot(env: NodeJS.ProcessEnv, caseFiles: number, turns: { label: string; text: string }[], serverPid?: number): Promise<Result> {
  const plan = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/heapPlan.js')], { env, encoding: 'utf8' });
  const base: Result = {
    caseFiles,
    heapMb: '',
    startS: undefined,
    startCpuS: undefined,
    peakRssMb: undefined,
    heapUsedMb: undefined,
    turns: [],
    turnsCpuS: undefined,
    listingCheck: undefined,
    note: '',
  };
  if (plan.status !== 0) return { ...base, heapMb: 'refused', note: plan.stderr.trim() };
  const heapMb = plan.stdout.trim();
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--require', path.join(__dirname, 'reportHeap.cjs'), path.join(ROOT, 'dist/src/index.js')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-50_000)));
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-50_000)));
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
    const startCpuS = cpuSeconds(child.pid!);
    const conversation = `capacity-${randomUUID()}`;
    const measured: Result['turns'] = [];
    const cpuOf = (pid: number | undefined) => (pid === undefined ? undefined : cpuSeconds(pid));
    const spent = (after: number | undefined, before: number | undefined) =>
      after !== undefined && before !== undefined ? Math.round((after - before) * 100) / 100 : undefined;
    for (const t of turns) {
      const [botBefore, serverBefore] = [cpuOf(child.pid), cpuOf(serverPid)];
      const answered = await turn(url, conversation, t.text);
      measured.push({
        label: t.label,
        turn: answered,
        load: load(),
        botCpuS: spent(cpuOf(child.pid), botBefore),
        serverCpuS: spent(cpuOf(serverPid), serverBefore),
      });
    }
    const cpuAfter = cpuSeconds(child.pid!);
    const health = await healthy(url);
    const capacity = health?.capacity as { heapUsedMb?: number; percentOfCeiling?: number; warning?: string } | undefined;
    // The listings check runs after start-up; give it a moment to report before stopping.
    for (let i = 0; i < 100 && !/caseFileListings\.(checked|repaired|repairFailed)/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
    const check = /"event":"caseFileListings\.(checked|repaired|repairFailed)"[^\n]*/.exec(log);
    return {
      ...base,
      heapMb,
      startS,
      startCpuS,
      peakRssMb: procStatus(child.pid!, 'VmHWM'),
      heapUsedMb: capacity?.heapUsedMb ?? (await heapUsedMb(child, () => log)),
      turns: measured,
      turnsCpuS: startCpuS !== undefined && cpuAfter !== undefined ? Math.round((cpuAfter - startCpuS) * 100) / 100 : undefined,
      listingCheck: check ? check[0].slice(0, 200) : 'not finished within 10 s of the turns',
      note: capacity?.warning ?? (capacity ? `${capacity.percentOfCeiling}% of ceiling` : ''),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

function print(store: string, r: Result, size: string): void {
  const t = (label: string) => {
    const found = r.turns.find((x) => x.label === label);
    return found ? `${found.turn.ms.toLocaleString('en-AU')} ms` : '-';
  };
  console.log(
    `| ${store} | ${r.caseFiles.toLocaleString('en-AU')} | ${size} | ${r.heapMb} | ${r.startS ?? '-'} s (CPU ${r.startCpuS ?? '-'} s) | ${r.peakRssMb ?? '-'} MB | ` +
      `${r.heapUsedMb ?? '-'} MB | ${t('my case files')} | ${t('my case files again')} | ${t('status (first)')} | ${t('status (last)')} | ${r.turnsCpuS ?? '-'} s | ${r.note} |`,
  );
  for (const x of r.turns) {
    const server = x.serverCpuS === undefined ? '' : `, database server CPU ${x.serverCpuS} s`;
    console.log(`    ${x.label} (load ${x.load}; bot CPU ${x.botCpuS ?? '-'} s${server}): ${x.turn.summary}`);
  }
  if (r.listingCheck) console.log(`    listings check after start: ${r.listingCheck}`);
}

const TABLE_HEADER = [
  '| store | case files | data | heap given (MB) | start (bot CPU) | peak RSS | heap used | my case files | again | status, first case file | status, last case file | bot CPU for the turns | note |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];

function turnsFor(size: number): { label: string; text: string }[] {
  return [
    { label: 'my case files', text: 'my case files' },
    { label: 'my case files again', text: 'my case files' },
    { label: 'status (first)', text: `status of ${TARGET_NAME}` },
    { label: 'status (last)', text: `status of ${caseFileNameOf(size - 1)}` },
  ];
}

/** The FerretDB process serving a port, for its CPU time, memory and data file (undefined for MONGODB_URI). */
function ferretDbProcess(uri: string): { pid: number; dataDir: string } | undefined {
  const port = new URL(uri).port;
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args.some((a) => a === `--listen-addr=127.0.0.1:${port}`)) continue;
      const sqlite = args.find((a) => a.startsWith('--sqlite-url=file:'));
      return { pid: Number(entry), dataDir: sqlite ? sqlite.slice('--sqlite-url=file:'.length) : '' };
    } catch {
      // A process that ended while being looked at.
    }
  }
  return undefined;
}

function filesMb(dir: string, prefix: string): number {
  const bytes = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  return Math.round(bytes / 1024 / 1024);
}

async function measureMongo(size: number, baseEnv: NodeJS.ProcessEnv): Promise<void> {
  const server = await getMongoServer();
  const ferret = ferretDbProcess(server.uri);
  const dbName = uniqueDatabaseName('dex_capacity');
  const env: NodeJS.ProcessEnv = { ...baseEnv, MONGODB_URI: server.uri, MONGODB_DB: dbName };
  const db = await connectMongo(server.uri, dbName, { socketTimeoutMs: 10 * 60_000 });
  const raw = new MongoClient(server.uri);
  try {
    // As at a new deployment: the bot's start-up code creates the indexes and runs the migrations on the empty database.
    await createServices(loadConfig(env), silentLogger, { db });
    const loadBefore = load();
    const cpuBefore = process.cpuUsage();
    const ferretCpuBefore = ferret ? cpuSeconds(ferret.pid) : undefined;
    const fillStarted = performance.now();
    const { written, samples } = await fillInBulk(db, size);
    const fillS = (performance.now() - fillStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const ferretCpu = ferret && ferretCpuBefore !== undefined ? (cpuSeconds(ferret.pid) ?? 0) - ferretCpuBefore : undefined;
    console.log(
      `    filled in bulk in ${fillS.toFixed(0)} s (load ${loadBefore} before, ${load()} after; CPU: this process ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s` +
        `${ferretCpu !== undefined ? `, FerretDB ${ferretCpu.toFixed(0)} s` : ''}): ${Object.entries(written)
          .map(([n, c]) => `${n} ${c}`)
          .join(', ')}`,
    );
    const problems = await checkSamplesRoundTrip(db, samples);
    console.log(`    ${samples.length} sample case files read back through the repositories: ${problems.length === 0 ? 'identical' : problems.join('; ')}`);
    const stats = await raw.db(dbName).command({ dbStats: 1, scale: 1024 * 1024 });
    const onDisk = ferret?.dataDir
      ? `${filesMb(ferret.dataDir, dbName)} MB on disk`
      : `${Math.round(Number(stats.totalSize ?? stats.storageSize ?? 0))} MB (dbStats)`;
    console.log(`    database: ${onDisk}; dbStats dataSize ${Math.round(Number(stats.dataSize))} MB, indexSize ${Math.round(Number(stats.indexSize ?? 0))} MB`);
    const ferretRssBefore = ferret ? procStatus(ferret.pid, 'VmRSS') : undefined;
    const result = await runBot(env, size, turnsFor(size), ferret?.pid);
    print(server.label.replace(/ at .*/, ''), result, onDisk);
    if (ferret)
      console.log(
        `    FerretDB resident memory: ${ferretRssBefore} MB before the bot started, ${procStatus(ferret.pid, 'VmRSS')} MB after (peak ${procStatus(ferret.pid, 'VmHWM')} MB)`,
      );
  } finally {
    await raw
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await raw.close();
    await db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,500' }, store: { type: 'string', default: 'embedded' } } });
  const sizes = values.sizes.split(',').map(Number);
  if (!['embedded', 'mongodb', 'ferretdb'].includes(values.store)) throw new Error('--store is embedded or mongodb (ferretdb is the same)');
  if (!fs.existsSync(path.join(ROOT, 'dist/src/index.js'))) throw new Error('run "npm run build" first');
  console.log(`capacity: ${values.store}, node ${process.version}, ${os.cpus().length} CPUs, load ${load()}`);
  if (values.store !== 'embedded')
    console.log("    MongoDB is filled in bulk (fillInBulk: the repositories' documents, insertMany in batches), not turn by turn");
  console.log(TABLE_HEADER.join('\n'));
  for (const size of sizes) {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), ORGANISATIONS_FILE, LOG_LEVEL: 'info' };
    if (values.store !== 'embedded') {
      await measureMongo(size, { ...env, DATA_DIR: path.join(ROOT, 'test-output', 'capacity', 'unused') });
      continue;
    }
    const dir = path.join(ROOT, 'test-output', 'capacity', String(size));
    const { generatedMs } = await ensureCapacityData(dir, size);
    if (generatedMs !== undefined) console.log(`    generated ${size} case files in ${(generatedMs / 1000).toFixed(0)} s`);
    print('embedded', await runBot({ ...env, DATA_DIR: dir }, size, turnsFor(size)), `${Math.round(dataBytes(dir) / 1024 / 1024)} MB`);
  }
}

async function run(): Promise<void> {
  try {
    await main();
  } catch (error: unknown) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await stopMongoServer();
  }
}

void run();
