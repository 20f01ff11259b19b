import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for a sandboxed machine without a network: no background fetches that would fail and slow start-up.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Debian's Chromium, installed with apt-get when missing (Playwright's own browser download cannot be used
 * here). Under CI a missing browser is an error, never a skip.
 */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  try {
    process.stdout.write('Installing Debian chromium for the browser tests (once per machine)...\n');
    execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'ignore',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    const reason = `chromium could not be installed: ${(err as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    process.stdout.write(`SKIPPING browser tests: ${reason}\n`);
    return undefined;
  }
  return existsSync(CHROMIUM) ? CHROMIUM : undefined;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: FLAGS });
}
