import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { connectMongo } from '../../src/storage/mongoDatabase';

/**
 * Storage test support: a MongoDB-compatible server, and a way to run one suite on every driver.
 *
 * The server is `MONGODB_URI` when set. Otherwise it is FerretDB v1.24.2 on SQLite (no mongod binary can be had
 * here), built from source once per machine into `$DEX_CACHE_DIR` (default `${XDG_CACHE_HOME:-~/.cache}/
 * dex-assistant`) and started on a free loopback port for this test run only.
 */

export interface MongoServer {
  readonly uri: string;
  readonly label: string;
}

const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/**
 * Generous: the first build downloads the module graph and compiles it, about 2.5 minutes with a warm Go
 * module cache and 8 minutes from nothing on a busy machine.
 */
export const MONGO_SERVER_SETUP_TIMEOUT_MS = 20 * 60_000;

const run = promisify(execFile);

interface Started {
  readonly server: MongoServer;
  readonly child: ChildProcess;
  readonly workDir: string;
}

let starting: Promise<Started> | undefined;
let skipAnnounced = false;

function cacheRoot(): string {
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const base = process.env.DEX_CACHE_DIR || path.join(xdgCache, 'dex-assistant');
  return path.join(base, 'ferretdb', FERRETDB_VERSION);
}

async function go(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('go', args, {
      cwd,
      env: { ...process.env, GOFLAGS: '-buildvcs=false' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') throw new Error('the Go toolchain (go) is not on PATH, so FerretDB cannot be built');
    throw new Error(`go ${args.join(' ')} failed: ${(stderr ?? String(error)).trim().split('\n').slice(-10).join('\n')}`);
  }
}

/**
 * `go install …@v1.24.2` cannot be used: the proxy here refuses the version list, and a binary built straight
 * from the module cache panics at start because build/version/version.txt is empty in the module zip.
 */
async function buildFerretDb(target: string): Promise<void> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'dex-ferretdb-build-'));
  const started = Date.now();
  console.warn(`[ferretdb] building FerretDB ${FERRETDB_VERSION} into ${target} (first run on this machine; a few minutes)`);
  try {
    await go(['mod', 'init', 'fbuild'], scratch);
    await go(['get', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], scratch);
    const modCache = await go(['env', 'GOMODCACHE'], scratch);
    const source = path.join(modCache, 'github.com', '!ferret!d!b', `!ferret!d!b@${FERRETDB_VERSION}`);
    const copy = path.join(scratch, 'src');
    await fs.cp(source, copy, { recursive: true });
    await run('chmod', ['-R', 'u+w', copy]);
    await fs.writeFile(path.join(copy, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Built beside the target and renamed into place, so an interrupted build never leaves a broken binary.
    const partial = `${target}.${process.pid}.partial`;
    try {
      await go(['build', '-o', partial, './cmd/ferretdb'], copy);
      await fs.rename(partial, target);
    } finally {
      await fs.rm(partial, { force: true });
    }
    console.warn(`[ferretdb] built in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function logTail(logFile: string): Promise<string> {
  const text = await fs.readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-15).join('\n');
}

async function waitUntilReady(uri: string, child: ChildProcess, logFile: string, spawnFailure: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failure = spawnFailure();
    if (failure) throw new Error(`FerretDB could not be started: ${failure.message}`, { cause: failure });
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB exited during start-up; log tail:\n${await logTail(logFile)}`);
    }
    try {
      const db = await connectMongo(uri, 'admin', { serverSelectionTimeoutMs: 500 });
      await db.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`FerretDB did not answer a ping within ${READY_TIMEOUT_MS / 1000} s; log tail:\n${await logTail(logFile)}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function startFerretDb(): Promise<Started> {
  const binary = path.join(cacheRoot(), 'ferretdb');
  if (!existsSync(binary)) await buildFerretDb(binary);
  // The free port can be taken between probing and listening; a few attempts make that race harmless.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch(binary);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function launch(binary: string): Promise<Started> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dex-ferretdb-'));
  const dataDir = path.join(workDir, 'data');
  await fs.mkdir(dataDir);
  const logFile = path.join(workDir, 'ferretdb.log');
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(
    binary,
    ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`, `--listen-addr=127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${workDir}`],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let spawnFailure: Error | undefined;
  child.once('error', (error) => {
    spawnFailure = error;
  });
  // Should mocha die without running its hooks, the server and its files must not outlive it.
  const cleanUpOnExit = (): void => {
    child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUpOnExit);
  child.once('exit', () => process.removeListener('exit', cleanUpOnExit));
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilReady(uri, child, logFile, () => spawnFailure);
  } catch (error) {
    await stopChild(child);
    await fs.rm(workDir, { recursive: true, force: true });
    throw error;
  }
  return { server: { uri, label: `FerretDB ${FERRETDB_VERSION} at 127.0.0.1:${port}` }, child, workDir };
}

/**
 * A FerretDB of a test's own (not the shared one), on a fixed port and data folder so it can be frozen
 * (SIGSTOP), thawed, stopped and started again while a bot keeps its connection settings.
 */
export interface PrivateFerretDb {
  readonly uri: string;
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startPrivateFerretDb(): Promise<PrivateFerretDb> {
  const binary = path.join(cacheRoot(), 'ferretdb');
  if (!existsSync(binary)) await getMongoServer();
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dex-ferretdb-own-'));
  const dataDir = path.join(workDir, 'data');
  await fs.mkdir(dataDir);
  const logFile = path.join(workDir, 'ferretdb.log');
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const log = openSync(logFile, 'a');
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      `--state-dir=${workDir}`,
    ];
    const started = spawn(binary, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    child = started;
    let spawnFailure: Error | undefined;
    started.once('error', (error) => (spawnFailure = error));
    await waitUntilReady(uri, started, logFile, () => spawnFailure);
  };
  const kill = (): void => {
    child?.kill('SIGCONT');
    child?.kill('SIGKILL');
  };
  process.once('exit', kill);
  await start();
  return {
    uri,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    stop: async () => {
      if (child) await stopChild(child);
    },
    start,
    dispose: async () => {
      child?.kill('SIGCONT');
      if (child) await stopChild(child);
      process.removeListener('exit', kill);
      await fs.rm(workDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The server for this test run, started (and built, the first time on a machine) on first use. */
export async function getMongoServer(): Promise<MongoServer> {
  const uri = process.env.MONGODB_URI;
  if (uri) return { uri, label: 'MongoDB from MONGODB_URI' };
  starting ??= startFerretDb();
  return (await starting).server;
}

/**
 * The server, or undefined when it cannot be had outside CI (the caller then skips its suite). With CI=true
 * the error is rethrown: a CI run must fail rather than silently test only the embedded driver.
 */
export async function mongoServerOrSkip(): Promise<MongoServer | undefined> {
  try {
    return await getMongoServer();
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    if (!skipAnnounced) {
      skipAnnounced = true;
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').join('\n!!   ');
      const rule = '!'.repeat(100);
      console.warn(
        [
          '',
          rule,
          '!! SKIPPING the MongoDB storage suites: no MongoDB-compatible server.',
          `!!   ${reason}`,
          `!! Set MONGODB_URI, or install Go so FerretDB can be built into ${cacheRoot()} (delete a broken binary there).`,
          '!! With CI=true this is a failure.',
          rule,
          '',
        ].join('\n'),
      );
    }
    return undefined;
  }
}

/** Stops the FerretDB this process started, if any, and removes its data. */
export async function stopMongoServer(): Promise<void> {
  const current = starting;
  starting = undefined;
  if (!current) return;
  const started = await current.catch(() => undefined);
  if (!started) return;
  await stopChild(started.child);
  await fs.rm(started.workDir, { recursive: true, force: true });
}

/** A database name no other run or suite uses, for a suite that drops it when done. */
export function uniqueDatabaseName(prefix = 'dex_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export interface DriverUnderTest {
  /** The database of the running suite. */
  readonly db: Database;
  /** Closes the database and opens the same store again, to check what survives a restart. */
  reopen(): Promise<Database>;
}

interface Target {
  open(): Promise<Database>;
  destroy(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dex-embedded-'));
  return {
    open: async () => openEmbeddedDatabase({ dataDir }),
    destroy: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}

async function mongoTarget(): Promise<Target | undefined> {
  const server = await mongoServerOrSkip();
  if (!server) return undefined;
  const dbName = uniqueDatabaseName();
  return {
    open: () => connectMongo(server.uri, dbName),
    destroy: async () => {
      const db = await connectMongo(server.uri, dbName);
      await db.dropDatabase();
      await db.close();
    },
  };
}

/**
 * Registers the suite built by `body` once per driver, each with its own fresh store (a temp directory, or a
 * uniquely named database that is dropped afterwards). The inner suite's title is set to the store's
 * description once it is open, so the report names the server the suite really ran on.
 */
export function describeOnEachDriver(title: string, body: (driver: DriverUnderTest) => void): void {
  for (const kind of ['embedded', 'mongodb'] as const) {
    describe(`${title} [${kind} driver]`, () => {
      let target: Target | undefined;
      let current: Database | undefined;
      const driver: DriverUnderTest = {
        get db(): Database {
          if (!current) throw new Error('the database is opened in the before hook');
          return current;
        },
        async reopen(): Promise<Database> {
          await current?.close();
          current = undefined;
          current = await (target as Target).open();
          return current;
        },
      };

      before(async function () {
        this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
        target = kind === 'embedded' ? await embeddedTarget() : await mongoTarget();
        if (!target) this.skip();
        current = await target.open();
        inner.title = `${title} on ${current.description}`;
      });

      after(async () => {
        await current?.close();
        await target?.destroy();
      });

      const inner = describe(title, () => body(driver));
    });
  }
}
