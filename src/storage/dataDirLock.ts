import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreStartupError } from './storeStartupError';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './privateFiles';

/**
 * One process owns an embedded DATA_DIR. nedb keeps every document in memory and rewrites its files from that
 * copy, so a second process writing the same files is silently undone by the first (issue 10, item 7).
 *
 * The lock is proper-lockfile's directory lock (`owner.lock`, its mtime refreshed while held). Next to it
 * `owner.json` says which process holds it, so a refused process can name it. A lock is stale when its mtime
 * is older than STALE_MS, or at once when its owner ran on this machine and that process is gone (a restart
 * right after a crash does not wait).
 */

const LOCK_NAME = 'owner.lock';
const OWNER_NAME = 'owner.json';
const STALE_MS = 30_000;

const OwnerSchema = z.object({ pid: z.number().int(), host: z.string(), command: z.string(), since: z.string() });
type Owner = z.infer<typeof OwnerSchema>;

export class DataDirInUseError extends StoreStartupError {
  override readonly name = 'DataDirInUseError';
}

export type DataDirLock = { release(): void };

/** Folders this process holds, so a second open inside one process is refused rather than taken for a restart. */
const heldHere = new Set<string>();

function readOwner(dir: string): Owner | undefined {
  try {
    return OwnerSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, OWNER_NAME), 'utf8')));
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded owner ran here and is gone (or the pid is now this very process, as after a container restart). */
function ownerIsGone(owner: Owner | undefined): boolean {
  if (owner === undefined || owner.host !== os.hostname()) return false;
  return owner.pid === process.pid || !isRunning(owner.pid);
}

function describeOwner(owner: Owner | undefined): string {
  if (owner === undefined) return 'another process (no owner recorded yet)';
  return `process ${owner.pid} on ${owner.host} ("${owner.command}", since ${owner.since})`;
}

/**
 * Takes the lock or throws DataDirInUseError naming the holder. `onLost` runs if the lock is later taken
 * away (the folder was removed, or the process stalled past STALE_MS and another took over).
 */
export function lockDataDir(dir: string, onLost: (error: Error) => void): DataDirLock {
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw new DataDirInUseError(`The data folder ${key} is already open in this process.`);
  const lockfilePath = path.join(dir, LOCK_NAME);
  const options = { lockfilePath, stale: STALE_MS, realpath: false, onCompromised: onLost };
  let release: () => void;
  try {
    release = lockfile.lockSync(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(dir);
    if (!ownerIsGone(owner)) {
      throw new DataDirInUseError(
        `The data folder ${path.resolve(dir)} is in use by ${describeOwner(owner)}. Stop that process first, or give ` +
          'this one another DATA_DIR; only one process may use an embedded data folder.',
      );
    }
    fs.rmSync(lockfilePath, { recursive: true, force: true });
    release = lockfile.lockSync(dir, options);
  }
  // mkdir made the lock folder under the umask; it holds nothing, but an owner-only data folder stays uniform.
  fs.chmodSync(lockfilePath, PRIVATE_DIR_MODE);
  const owner: Owner = {
    pid: process.pid,
    host: os.hostname(),
    command: process.argv
      .slice(1)
      .map((arg) => path.basename(arg))
      .join(' '),
    since: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, OWNER_NAME), `${JSON.stringify(owner)}\n`, { mode: PRIVATE_FILE_MODE });
  heldHere.add(key);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      heldHere.delete(key);
      fs.rmSync(path.join(dir, OWNER_NAME), { force: true });
      try {
        release();
      } catch {
        // Already released or compromised: nothing is held any more either way.
      }
    },
  };
}
