import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { connectMongo } from '../src/storage/mongoDatabase';
import { getMongoServer, stopMongoServer } from '../test/support/ferretdb';
import { parseSoakOptions, soak } from './soak';

/**
 * Turn latency of the real bot over HTTP against a bare echo bot on the same stack (restify + CloudAdapter),
 * on the embedded store and on MongoDB. See bench/README.md for the flags and how to read the output.
 */

const ROOT = path.resolve(__dirname, '..');
const SERVE_BOT = path.join(__dirname, 'serveBot.ts');
const OUTPUT_FILE = path.join(ROOT, 'test-output', 'bench-turns.json');
const PROFILE_DIR = path.join(ROOT, 'test-output', 'bench-profiles');
const ORGANISATIONS_FILE = path.join(ROOT, 'config', 'organisations.sample.json');
const READY_TIMEOUT_MS = 60_000;
const TURN_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const RSS_SAMPLE_INTERVAL_MS = 50;

const TARGET_MEDIAN_RATIO = 3;
const TARGET_P99_MS = 50;
const TARGET_PEAK_RSS_MB = 200;

type StoreKind = 'embedded' | 'mongodb';
type BotKind = 'echo' | 'bot';

type Options = {
  conversations: number;
  turns: number;
  warmup: number;
  stores: StoreKind[];
  trace: boolean;
  cpuProfile: boolean;
  loader: 'cjs' | 'esm';
  thinkMs: number;
  /** Extra node flags for both servers, e.g. "--max-semi-space-size=2", to try a deployment setting. */
  serverNodeOptions: string[];
};

const USAGE = `usage: npm run bench -- [--conversations N] [--turns N] [--warmup N] [--think-ms N] [--store embedded|mongodb|both]
                         [--trace] [--cpu-prof] [--loader cjs|esm] [--server-node-options "--flag ..."]
       npm run bench -- --soak SECONDS [--store embedded|mongodb] [--conversations N] [--think-ms N]   (memory over time)
  env: BENCH_CONVERSATIONS, BENCH_TURNS, BENCH_WARMUP, BENCH_THINK_MS, BENCH_STORE, MONGODB_URI`;

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--trace' || arg === '--cpu-prof') {
      switches.add(arg.slice(2));
      continue;
    }
    const match = /^--(conversations|turns|warmup|think-ms|store|loader|server-node-options)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unknown argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    flags.set(match[1]!, value);
  }
  // Bounded so a typo cannot turn the benchmark into a load test that never ends.
  const count = (name: string, envName: string, fallback: number, max: number, min = 1): number => {
    const raw = flags.get(name) ?? env[envName];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const store = flags.get('store') ?? env.BENCH_STORE ?? 'both';
  if (!['embedded', 'mongodb', 'both'].includes(store)) throw new UsageError(`--store must be embedded, mongodb or both (got "${store}")`);
  const loader = flags.get('loader') ?? 'cjs';
  if (loader !== 'cjs' && loader !== 'esm') throw new UsageError(`--loader must be cjs or esm (got "${loader}")`);
  return {
    conversations: count('conversations', 'BENCH_CONVERSATIONS', 50, 1000),
    turns: count('turns', 'BENCH_TURNS', 40, 10_000),
    warmup: count('warmup', 'BENCH_WARMUP', 200, 100_000),
    stores: store === 'both' ? ['embedded', 'mongodb'] : [store as StoreKind],
    trace: switches.has('trace'),
    cpuProfile: switches.has('cpu-prof'),
    loader,
    thinkMs: count('think-ms', 'BENCH_THINK_MS', 0, 10_000, 0),
    serverNodeOptions: (flags.get('server-node-options') ?? '').split(/\s+/).filter(Boolean),
  };
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Child servers

type Child = {
  readonly kind: BotKind;
  readonly process: ChildProcessWithoutNullStreams;
  readonly url: URL;
  stderrTail(lines?: number): string;
  /** Clears the server's timings, so the report covers only what follows. */
  resetTimings(): void;
  /** The server's timings (empty unless BENCH_TRACE) and memory, as it reports them on request. */
  report(): Promise<ServerReport>;
  stop(): Promise<void>;
};

type TimingSummary = { count: number; meanMs: number; p50Ms: number; p99Ms: number; maxMs: number; totalMs: number };
type ServerReport = { timings: Record<string, TimingSummary>; memoryMb: Record<string, number> };

const liveChildren = new Set<ChildProcessWithoutNullStreams>();

function killAllChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

async function startChild(kind: BotKind, env: NodeJS.ProcessEnv, options: Options, profileDir: string | undefined): Promise<Child> {
  // tsx/cjs is a plain require hook; `--import tsx` adds a module-loader thread whose memory a compiled deployment never has.
  const loaderArgs = options.loader === 'cjs' ? ['--require', 'tsx/cjs'] : ['--import', 'tsx'];
  const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...options.serverNodeOptions, ...profileArgs, ...loaderArgs, SERVE_BOT, kind], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => liveChildren.delete(child));

  const stderrLines: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    // Stack traces through minified loaders can carry a whole bundle on one line.
    stderrLines.push(line.length > 400 ? `${line.slice(0, 400)}...` : line);
    if (stderrLines.length > 40) stderrLines.shift();
  });
  const stderrTail = (lines = 40): string => stderrLines.slice(-lines).join('\n');

  const reportWaiters: ((value: ServerReport) => void)[] = [];
  const firstLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within ${READY_TIMEOUT_MS / 1000} s\n${stderrTail()}`)), READY_TIMEOUT_MS);
    let ready = false;
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (!ready && /^https?:\/\/\S+$/.test(line.trim())) {
        ready = true;
        clearTimeout(timer);
        resolve(line.trim());
      } else if (line.startsWith('REPORT ')) {
        reportWaiters.shift()?.(JSON.parse(line.slice('REPORT '.length)) as ServerReport);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${kind} server exited during start-up (code ${child.exitCode}, signal ${child.signalCode})\n${stderrTail()}`));
    });
  });

  let url: URL;
  try {
    url = new URL(await firstLine);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    child.kill('SIGKILL');
    throw new Error(`${kind} server listens on ${url.host}, not loopback: is MicrosoftAppId set in the environment?`);
  }

  return {
    kind,
    process: child,
    url,
    stderrTail,
    resetTimings: () => void child.stdin.write('reset\n'),
    report: () =>
      new Promise((resolve, reject) => {
        reportWaiters.push(resolve);
        child.stdin.write('report\n');
        void exited.then(() => reject(new Error(`${kind} server exited before reporting\n${stderrTail(10)}`)));
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Authentication on would bind 0.0.0.0 and reject these unsigned requests; the benchmark stays on loopback.
  for (const name of [
    'MicrosoftAppId',
    'MicrosoftAppPassword',
    'MicrosoftAppTenantId',
    'MicrosoftAppType',
    'ALLOWED_TENANTS',
    'MONGODB_URI',
    'MONGODB_DB',
    'DATA_DIR',
    'PORT',
    'NODE_OPTIONS',
  ]) {
    delete env[name];
  }
  return { ...env, PORT: '0', ORGANISATIONS_FILE, ...overrides };
}

// ---------------------------------------------------------------------------------------------------------------
// Memory

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function sampleRss(pid: number): { stop(): number | undefined } {
  let max: number | undefined;
  const take = (): void => {
    const kb = readStatusKb(pid, 'VmRSS');
    if (kb !== undefined && (max === undefined || kb > max)) max = kb;
  };
  take();
  const timer = setInterval(take, RSS_SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}

const mb = (kb: number | undefined): number | undefined => (kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10);

// ---------------------------------------------------------------------------------------------------------------
// CPU taken by other processes: the load average cannot tell this benchmark's own processes from the rest

/** Both /proc/stat and /proc/<pid>/stat count in USER_HZ ticks, which Linux fixes at 100 per second. */
const TICKS_PER_SECOND = 100;

type CpuSnapshot = { busyTicks: number; ownTicks: Map<number, number> };

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    const busyTicks = [user, nice, system, irq, softirq, steal].reduce((a: number, b) => a + (b ?? 0), 0);
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Fields after the command name, which may itself hold spaces and parentheses.
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // The process ended between listing /proc and reading its stat file: it used no more time.
      }
    }
    const ownTicks = new Map<number, number>();
    for (const [pid, stat] of stats) {
      for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; hops += 1) {
        if (at === process.pid) {
          ownTicks.set(pid, stat.ticks);
          break;
        }
        at = stats.get(at)?.ppid;
      }
    }
    return { busyTicks, ownTicks };
  } catch {
    return undefined;
  }
}

/** Average number of CPUs kept busy by processes outside this benchmark (client, servers, FerretDB) between two snapshots. */
function otherCpus(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, wallMs: number): number | undefined {
  if (!before || !after || wallMs <= 0) return undefined;
  let own = 0;
  for (const [pid, ticks] of after.ownTicks) own += ticks - (before.ownTicks.get(pid) ?? 0);
  const other = after.busyTicks - before.busyTicks - own;
  return Math.max(0, Math.round((other / TICKS_PER_SECOND / (wallMs / 1000)) * 100) / 100);
}

// ---------------------------------------------------------------------------------------------------------------
// Client

type TurnOutcome = { ok: true } | { ok: false; reason: string };

/**
 * A kept-alive socket can be closed by the server's keep-alive timeout just as it is reused; the request never
 * reached the bot, so it is sent again once, as node's documentation advises. The latency includes the retry.
 */
async function postActivity(agent: http.Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  try {
    return await postOnce(agent, url, body);
  } catch (error) {
    const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
    if (!(reusedSocket && code === 'ECONNRESET')) throw error;
    return postOnce(agent, url, body);
  }
}

function postOnce(agent: http.Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: TURN_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no reply within ${TURN_TIMEOUT_MS / 1000} s`)));
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

/** A tenant the bot serves, read from the same file the server is given, so a changed sample cannot turn every turn into a refusal. */
function benchTenant(): string {
  const file = JSON.parse(readFileSync(ORGANISATIONS_FILE, 'utf8')) as { organisations?: { tenantIds?: string[] }[] };
  const tenants = (file.organisations ?? []).flatMap((o) => o.tenantIds ?? []);
  const tenant = tenants.find((t) => t !== 'local-development') ?? tenants[0];
  if (!tenant) throw new Error(`${ORGANISATIONS_FILE} names no tenant`);
  return tenant;
}

const TENANT = benchTenant();

function activity(conversationId: string, activityId: string, text: string): string {
  return JSON.stringify({
    type: 'message',
    id: activityId,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/au/',
    deliveryMode: 'expectReplies',
    from: { id: `user-${conversationId}`, name: 'Bench User', aadObjectId: `user-${conversationId}` },
    recipient: { id: 'dex-assistant-bot', name: 'DEX Assistant' },
    conversation: { id: conversationId, tenantId: TENANT, conversationType: 'personal' },
    channelData: { tenant: { id: TENANT } },
    timestamp: new Date().toISOString(),
    locale: 'en-AU',
    text,
  });
}

/** A reply that is not the expected kind means the numbers measure something else (a refusal, an error turn). */
function checkReply(kind: BotKind, sent: string, status: number, text: string): TurnOutcome {
  if (status !== 200) return { ok: false, reason: `HTTP ${status}: ${text.slice(0, 200)}` };
  let replies: { text?: string; attachments?: { contentType?: string }[] }[];
  try {
    replies = (JSON.parse(text) as { activities?: typeof replies }).activities ?? [];
  } catch {
    return { ok: false, reason: `reply is not JSON: ${text.slice(0, 200)}` };
  }
  if (kind === 'echo') {
    return replies.length === 1 && replies[0]!.text === sent ? { ok: true } : { ok: false, reason: `echo replied ${text.slice(0, 200)}` };
  }
  const card = replies.length === 1 && replies[0]!.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive';
  return card ? { ok: true } : { ok: false, reason: `bot did not reply with one card: ${text.slice(0, 300)}` };
}

type PhaseResult = {
  latenciesMs: number[];
  firstTurnLatenciesMs: number[];
  failures: number;
  errorSamples: string[];
  wallMs: number;
  startNs: bigint;
  endNs: bigint;
};

/** Each conversation sends its turns one after another (a user waits for the reply); conversations run at once. */
async function runPhase(child: Child, agent: http.Agent, label: string, conversations: number, turnsEach: number, thinkMs: number): Promise<PhaseResult> {
  const runId = `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const latenciesMs: number[] = [];
  const firstTurnLatenciesMs: number[] = [];
  const errorSamples: string[] = [];
  let failures = 0;
  const startNs = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      const conversationId = `bench-${runId}-c${c}`;
      for (let t = 0; t < turnsEach; t += 1) {
        // Spread over 0.5x..1.5x (and the first turn over 0..1x) so users do not all send in lock-step bursts.
        if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs * (t === 0 ? Math.random() : 0.5 + Math.random())));
        const text = t % 2 === 0 ? 'help' : 'menu';
        const body = activity(conversationId, `${runId}-c${c}-t${t}`, text);
        const started = process.hrtime.bigint();
        let outcome: TurnOutcome;
        try {
          const res = await postActivity(agent, child.url, body);
          outcome = checkReply(child.kind, text, res.status, res.text);
        } catch (error) {
          outcome = { ok: false, reason: (error as Error).message };
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        latenciesMs.push(ms);
        if (t === 0) firstTurnLatenciesMs.push(ms);
        if (!outcome.ok) {
          failures += 1;
          if (errorSamples.length < 5) errorSamples.push(outcome.reason);
        }
      }
    }),
  );
  const endNs = process.hrtime.bigint();
  return { latenciesMs, firstTurnLatenciesMs, failures, errorSamples, wallMs: Number(endNs - startNs) / 1e6, startNs, endNs };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------------------------
// CPU profile summary

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
};

function categoryOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return path.relative(ROOT, file);
}

/** Self time by package or project file, counting only samples taken while the measured turns ran. */
function summariseProfile(file: string, window: { startNs: bigint; endNs: bigint }) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const startUs = Number(window.startNs / 1000n);
  const endUs = Number(window.endNs / 1000n);
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < startUs || at > endUs) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const category = categoryOf(url, functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + delta);
    const fn = `${functionName || '(anonymous)'} ${url ? `${categoryOf(url, functionName)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    totalUs += delta;
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: totalUs ? Math.round((us / totalUs) * 1000) / 10 : 0 }));
  return {
    file: path.relative(ROOT, file),
    windowMs: Math.round((endUs - startUs) / 1000),
    sampledMs: Math.round(totalUs / 1000),
    byCategory: top(byCategory, 15),
    byFunction: top(byFunction, 15),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One server, one store

type RunResult = {
  store: StoreKind;
  storeDescription: string;
  bot: BotKind;
  conversations: number;
  turnsPerConversation: number;
  turns: number;
  errors: number;
  errorSamples: string[];
  turnsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Each conversation's first turn: for the bot the one that creates the conversation's state. */
  firstTurnLatencyMs: { p50: number; p99: number };
  peakRssMb: number | undefined;
  maxSampledRssDuringLoadMb: number | undefined;
  rssAfterRunMb: number | undefined;
  /** 1-minute load average before and after: other work on the machine shows up here and in the latencies. */
  /** CPUs kept busy on average by other processes during the measured turns; anything well above 0 inflates the latencies. */
  otherCpus: number | undefined;
  /** 1-minute load average before and after, which includes this benchmark's own processes. */
  loadAverage: { before: number; after: number };
  /** process.memoryUsage() and V8 heap spaces after the run, as the server saw them. */
  serverMemoryMb: Record<string, number>;
  serverTimings?: Record<string, TimingSummary>;
  cpuProfile?: ReturnType<typeof summariseProfile>;
};

async function benchOne(store: StoreKind, storeDescription: string, kind: BotKind, env: NodeJS.ProcessEnv, options: Options): Promise<RunResult> {
  const profileDir = options.cpuProfile ? mkdtempSync(path.join(os.tmpdir(), 'dex-bench-prof-')) : undefined;
  const child = await startChild(kind, { ...env, ...(options.trace ? { BENCH_TRACE: '1' } : {}) }, options, profileDir);
  const pid = child.process.pid!;
  const loadBefore = os.loadavg()[0]!;
  // Shared by warm-up and measurement, as the channel keeps its connections to the bot open: a burst of new
  // connections is served one at a time while open ones keep going (plain node http does the same), which
  // would otherwise put seconds of connection start-up into the first measured turns.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.conversations });
  try {
    const rss = sampleRss(pid);
    const warmupTurns = Math.max(1, Math.ceil(options.warmup / options.conversations));
    const warm = await runPhase(child, agent, `${store}-${kind}-warmup`, options.conversations, warmupTurns, options.thinkMs);
    if (warm.failures) {
      throw new Error(
        `${kind} on ${store} failed ${warm.failures} warm-up turns; first: ${warm.errorSamples[0]}\nserver stderr (tail):\n${child.stderrTail(10)}`,
      );
    }
    child.resetTimings();
    const cpuBefore = cpuSnapshot();
    const run = await runPhase(child, agent, `${store}-${kind}`, options.conversations, options.turns, options.thinkMs);
    const cpuAfter = cpuSnapshot();
    const maxSampled = rss.stop();
    const peak = readStatusKb(pid, 'VmHWM');
    const after = readStatusKb(pid, 'VmRSS');
    const loadAfter = os.loadavg()[0]!;
    const serverReport = await child.report();
    await child.stop();
    let cpuProfile: RunResult['cpuProfile'];
    if (profileDir) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        mkdirSync(PROFILE_DIR, { recursive: true });
        const kept = path.join(PROFILE_DIR, `${store}-${kind}.cpuprofile`);
        writeFileSync(kept, readFileSync(path.join(profileDir, file)));
        cpuProfile = summariseProfile(kept, run);
      }
      rmSync(profileDir, { recursive: true, force: true });
    }
    const sorted = [...run.latenciesMs].sort((a, b) => a - b);
    const firstSorted = [...run.firstTurnLatenciesMs].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      store,
      storeDescription,
      bot: kind,
      conversations: options.conversations,
      turnsPerConversation: options.turns,
      turns: run.latenciesMs.length,
      errors: run.failures,
      errorSamples: run.errorSamples,
      turnsPerSecond: Math.round((run.latenciesMs.length / run.wallMs) * 1000 * 10) / 10,
      latencyMs: {
        p50: round(percentile(sorted, 0.5)),
        p95: round(percentile(sorted, 0.95)),
        p99: round(percentile(sorted, 0.99)),
        max: round(sorted[sorted.length - 1] ?? Number.NaN),
        mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
      },
      firstTurnLatencyMs: { p50: round(percentile(firstSorted, 0.5)), p99: round(percentile(firstSorted, 0.99)) },
      peakRssMb: mb(peak),
      maxSampledRssDuringLoadMb: mb(maxSampled),
      rssAfterRunMb: mb(after),
      otherCpus: otherCpus(cpuBefore, cpuAfter, run.wallMs),
      loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
      serverMemoryMb: serverReport.memoryMb,
      ...(options.trace ? { serverTimings: serverReport.timings } : {}),
      ...(cpuProfile ? { cpuProfile } : {}),
    };
  } finally {
    agent.destroy();
    await child.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}

type StoreSetup = { store: StoreKind; description: string; env: Record<string, string>; cleanup(): Promise<void> } | { store: StoreKind; skipped: string };

async function setUpStore(store: StoreKind): Promise<StoreSetup> {
  if (store === 'embedded') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-bench-'));
    return {
      store,
      description: `embedded nedb in a temp DATA_DIR (${os.tmpdir()})`,
      env: { DATA_DIR: dataDir },
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  let server: { uri: string; label: string };
  try {
    server = await getMongoServer();
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return { store, skipped: `no MongoDB-compatible server: MONGODB_URI is not set and FerretDB could not be started (${reason})` };
  }
  const dbName = `dex_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-bench-'));
  return {
    store,
    description: `${server.label}, database ${dbName}`,
    env: { MONGODB_URI: server.uri, MONGODB_DB: dbName, DATA_DIR: dataDir },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      const db = await connectMongo(server.uri, dbName, { serverSelectionTimeoutMs: 5_000 });
      try {
        await db.dropDatabase();
      } finally {
        await db.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

type Verdict = { target: string; value: string; pass: boolean };
type Comparison = { store: StoreKind; medianRatio: number; p99Ratio: number; verdicts: Verdict[] };

function compare(store: StoreKind, echo: RunResult, bot: RunResult): Comparison {
  const medianRatio = bot.latencyMs.p50 / echo.latencyMs.p50;
  const p99Ratio = bot.latencyMs.p99 / echo.latencyMs.p99;
  const verdicts: Verdict[] = [
    { target: `median within ${TARGET_MEDIAN_RATIO}x the echo floor`, value: `${medianRatio.toFixed(2)}x`, pass: medianRatio <= TARGET_MEDIAN_RATIO },
    { target: `p99 under ${TARGET_P99_MS} ms`, value: `${bot.latencyMs.p99.toFixed(1)} ms`, pass: bot.latencyMs.p99 < TARGET_P99_MS },
    {
      target: `peak RSS under ${TARGET_PEAK_RSS_MB} MB`,
      value: bot.peakRssMb === undefined ? 'unknown' : `${bot.peakRssMb.toFixed(1)} MB`,
      pass: bot.peakRssMb !== undefined && bot.peakRssMb < TARGET_PEAK_RSS_MB,
    },
  ];
  if (bot.errors || echo.errors) verdicts.push({ target: 'no failed turns', value: `${bot.errors + echo.errors} failed`, pass: false });
  return { store, medianRatio: Math.round(medianRatio * 100) / 100, p99Ratio: Math.round(p99Ratio * 100) / 100, verdicts };
}

function printTable(results: RunResult[]): void {
  const header = ['store', 'bot', 'turns', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'peak RSS MB', 'load RSS MB', 'errors', 'other CPUs'];
  const rows = results.map((r) => [
    r.store,
    r.bot,
    String(r.turns),
    r.turnsPerSecond.toFixed(0),
    r.latencyMs.p50.toFixed(2),
    r.latencyMs.p95.toFixed(2),
    r.latencyMs.p99.toFixed(2),
    r.latencyMs.max.toFixed(2),
    r.peakRssMb?.toFixed(1) ?? '?',
    r.maxSampledRssDuringLoadMb?.toFixed(1) ?? '?',
    String(r.errors),
    r.otherCpus === undefined ? '?' : r.otherCpus.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function printTimings(result: RunResult): void {
  if (!result.serverTimings) return;
  console.log(`\nserver-side timings, ${result.store} ${result.bot} (measured phase, ms):`);
  for (const [name, t] of Object.entries(result.serverTimings)) {
    console.log(
      `  ${name.padEnd(40)} n=${String(t.count).padStart(5)}  mean ${t.meanMs.toFixed(2).padStart(7)}  p50 ${t.p50Ms.toFixed(2).padStart(7)}  p99 ${t.p99Ms.toFixed(2).padStart(7)}  max ${t.maxMs.toFixed(2).padStart(7)}`,
    );
  }
  console.log(
    `  memory after the run (MB): ${Object.entries(result.serverMemoryMb)
      .map(([k, v]) => `${k.replace(/Mb$/, '')} ${v}`)
      .join(', ')}`,
  );
}

function printProfile(result: RunResult): void {
  if (!result.cpuProfile) return;
  const p = result.cpuProfile;
  console.log(`\nCPU self time, ${result.store} ${result.bot} (measured phase ${p.windowMs} ms, ${p.sampledMs} ms sampled; ${p.file}):`);
  for (const c of p.byCategory.slice(0, 10)) console.log(`  ${c.share.toFixed(1).padStart(5)}%  ${c.name}`);
  console.log('  top functions:');
  for (const f of p.byFunction.slice(0, 10)) console.log(`  ${f.share.toFixed(1).padStart(5)}%  ${f.name}`);
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const cpu = os.cpus();
  console.log(
    `DEX Assistant turn benchmark: ${options.conversations} conversations x ${options.turns} turns ("help"/"menu" alternating), ` +
      `${options.warmup} warm-up turns, ${options.thinkMs} ms think time, tenant ${TENANT}, node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const results: RunResult[] = [];
  const comparisons: Comparison[] = [];
  const skipped: { store: StoreKind; reason: string }[] = [];

  for (const store of options.stores) {
    const setup = await setUpStore(store);
    if ('skipped' in setup) {
      console.log(`\n${store}: SKIPPED: ${setup.skipped}`);
      skipped.push({ store, reason: setup.skipped });
      continue;
    }
    console.log(`\n${store}: ${setup.description}`);
    try {
      const env = childEnv(setup.env);
      const echo = await benchOne(store, setup.description, 'echo', childEnv({}), options);
      console.log(`  echo done: p50 ${echo.latencyMs.p50.toFixed(2)} ms, ${echo.turnsPerSecond.toFixed(0)} turns/s`);
      const bot = await benchOne(store, setup.description, 'bot', env, options);
      console.log(`  bot  done: p50 ${bot.latencyMs.p50.toFixed(2)} ms, ${bot.turnsPerSecond.toFixed(0)} turns/s`);
      results.push(echo, bot);
      comparisons.push(compare(store, echo, bot));
    } finally {
      await setup.cleanup().catch((error: unknown) => console.warn(`cleanup of the ${store} store failed: ${(error as Error).message}`));
    }
  }

  console.log('');
  printTable(results);
  for (const c of comparisons) {
    console.log(`\n${c.store}: bot/echo median ${c.medianRatio.toFixed(2)}x, p99 ${c.p99Ratio.toFixed(2)}x`);
    for (const v of c.verdicts) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.target}: ${v.value}`);
  }
  console.log('');
  for (const r of results) {
    console.log(
      `${r.store} ${r.bot}: first turn of each conversation p50 ${r.firstTurnLatencyMs.p50.toFixed(2)} ms, p99 ${r.firstTurnLatencyMs.p99.toFixed(2)} ms`,
    );
  }
  for (const s of skipped) console.log(`\n${s.store}: run SKIPPED: ${s.reason}`);
  const busiest = Math.max(0, ...results.map((r) => r.otherCpus ?? 0));
  if (busiest > 0.25) {
    console.log(
      `\nWARNING: processes outside this benchmark kept up to ${busiest.toFixed(2)} of the ${cpu.length} CPUs busy during a measured ` +
        'phase ("other CPUs"), so latencies are inflated and noisy. Rerun on an idle machine before comparing with the targets.',
    );
  }
  for (const r of results) printTimings(r);
  for (const r of results) printProfile(r);

  mkdirSync(path.dirname(OUTPUT_FILE), { recursive: true });
  writeFileSync(
    OUTPUT_FILE,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
        machine: {
          node: process.version,
          platform: `${process.platform} ${os.release()}`,
          cpus: cpu.length,
          cpuModel: cpu[0]?.model,
          totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
        },
        options,
        workload: {
          texts: ['help', 'menu'],
          tenant: TENANT,
          deliveryMode: 'expectReplies',
          warmupTurns: Math.max(1, Math.ceil(options.warmup / options.conversations)) * options.conversations,
        },
        targets: { medianRatio: TARGET_MEDIAN_RATIO, p99Ms: TARGET_P99_MS, peakRssMb: TARGET_PEAK_RSS_MB },
        results,
        comparisons,
        skipped,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nresults written to ${path.relative(ROOT, OUTPUT_FILE)}`);
  return results.some((r) => r.errors > 0) ? 1 : 0;
}

process.once('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    void stopMongoServer().finally(() => process.exit(130));
  });
}

const soakRequested = process.argv.slice(2).some((arg) => arg === '--soak' || arg.startsWith('--soak='));

(soakRequested ? soak(parseSoakOptions(process.argv.slice(2))) : main())
  .then(async (code) => {
    await stopMongoServer();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
    } else {
      console.error(`benchmark failed: ${(error as Error).stack ?? String(error)}`);
    }
    killAllChildren();
    await stopMongoServer().catch(() => undefined);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
