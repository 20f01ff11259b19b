import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';

/**
 * The real server (the compiled `startApp`, as `npm start` runs it) in a child process of its own, so a test
 * can kill -9 it. Loading the bot's modules takes seconds on a busy machine, so each process loads them first
 * and waits on stdin to open the store and listen: the next server is warmed while the current one runs, and
 * a restart after a kill costs only opening the store.
 */

export const REPO_ROOT = path.join(__dirname, '..', '..');

let built: Promise<unknown> | undefined;

/** The build `npm start` runs, compiled once per test run. */
export async function buildServer(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
  });
  await built;
}

const WAITING_SERVER = `
const readline = require('node:readline');
const { startApp } = require('./dist/src/app');
const { loadConfig } = require('./dist/src/config/env');
const { createLogger } = require('./dist/src/logger');
const lines = readline.createInterface({ input: process.stdin });
lines.once('line', async () => {
  const env = { ...process.env };
  delete env.PORT;
  const config = { ...loadConfig(env), port: 0, bindHost: '127.0.0.1' };
  const app = await startApp(config, createLogger(config.logLevel, (line) => process.stderr.write(line + '\\n')));
  process.stdout.write('READY ' + app.server.url + '\\n');
});
lines.once('close', () => process.exit(0));
process.stdout.write('WARM\\n');
`;

export class ServerProcess {
  readonly logLines: string[] = [];
  private readonly child: ChildProcess;
  private readonly lines: AsyncIterator<string>;

  private constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['-e', WAITING_SERVER], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = readline.createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]();
    readline.createInterface({ input: this.child.stderr! }).on('line', (line) => this.logLines.push(line));
  }

  /** Starts a process that loads the server and waits. */
  static warm(env: NodeJS.ProcessEnv): ServerProcess {
    return new ServerProcess(env);
  }

  /** Opens the store and listens; resolves with the server's URL. */
  async start(): Promise<string> {
    await this.expect('WARM');
    this.child.stdin!.write('start\n');
    return (await this.expect('READY ')).slice('READY '.length);
  }

  private async expect(prefix: string): Promise<string> {
    const next = await this.lines.next();
    if (next.done || !next.value.startsWith(prefix)) {
      throw new Error(
        `server process said ${next.done ? 'nothing' : JSON.stringify(next.value)} instead of ${prefix.trim()}; log:\n${this.logLines.slice(-20).join('\n')}`,
      );
    }
    return next.value;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** kill -9: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** A clean stop: the server closes its store and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}
