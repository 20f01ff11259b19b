import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from '../config/packageRoot';

export type Playground = { url: string; process: ChildProcess; stop(): Promise<void> };

/**
 * Starts Microsoft 365 Agents Playground (Microsoft's Teams emulator) against the bot's endpoint, with
 * telemetry off, and resolves with the address of its web page once it listens.
 */
export function startPlayground(options: { botEndpoint: string; port?: number; logDir: string; openBrowser?: boolean }): Promise<Playground> {
  const root = findPackageRoot();
  const cli = path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  mkdirSync(options.logDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [cli, '--app-endpoint', options.botEndpoint, '--channel-id', 'msteams', '--disable-telemetry', '--port', String(options.port ?? 56150)],
    {
      cwd: options.logDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Without a desktop there is no browser to open, and the emulator exits when it cannot open one.
        ...(options.openBrowser ? {} : { TEAMSAPPTESTER_BROWSER: 'none' }),
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(options.logDir, 'playground.log'),
      },
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the playground did not start within 60 s:\n${output}`));
    }, 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://localhost:${m[1]}`, process: child, stop });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited with code ${code}:\n${output}`));
    });
  });
}
