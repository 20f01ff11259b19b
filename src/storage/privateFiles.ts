import fs from 'node:fs';
import path from 'node:path';
import { StoreStartupError } from './storeStartupError';

/**
 * Files that hold client data (names, birth dates, SLKs) are readable by their owner only, whatever the umask:
 * on a shared server any other local account could otherwise read them. Anything that writes client data to
 * disk (the embedded store, exports, migration files) goes through these helpers.
 */

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export type PermissionWarning = (event: string, fields: { path: string; was: string; now: string }) => void;

export class UnsafePermissionsError extends StoreStartupError {
  override readonly name = 'UnsafePermissionsError';
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/** Creates `dir` (and parents) if needed and makes it owner-only. */
export function ensurePrivateDirectory(dir: string, warn?: PermissionWarning): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  restrict(dir, PRIVATE_DIR_MODE, warn);
}

/**
 * Writes a new file that only its owner can read, in a folder made owner-only, and never over an existing file
 * (the call fails with EEXIST): a caller that names its files uniquely learns of a clash instead of losing data.
 */
export async function writeNewPrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  ensurePrivateDirectory(path.dirname(file));
  await fs.promises.writeFile(file, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  // `mode` is filtered through the umask, which can only take bits away; set it exactly all the same.
  await fs.promises.chmod(file, PRIVATE_FILE_MODE);
}

/**
 * Makes an existing directory and the entries directly inside it that `include` accepts (default: all)
 * owner-only; warns for each one it changes.
 */
export function restrictDirectoryTree(dir: string, warn?: PermissionWarning, include: (name: string) => boolean = () => true): void {
  restrict(dir, PRIVATE_DIR_MODE, warn);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!include(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isFile()) restrict(full, PRIVATE_FILE_MODE, warn);
    else if (entry.isDirectory()) restrict(full, PRIVATE_DIR_MODE, warn);
  }
}

/**
 * Removes group and other bits. A path this account cannot change (owned by someone else) is refused: the
 * process must not keep client data where others can read it.
 */
function restrict(target: string, wanted: number, warn?: PermissionWarning): void {
  const stat = fs.statSync(target);
  const current = stat.mode & 0o777;
  if ((current & 0o077) === 0) return;
  const next = (current & 0o700) | (wanted & 0o700);
  try {
    fs.chmodSync(target, next);
  } catch (error) {
    throw new UnsafePermissionsError(
      `${target} can be read by other accounts (mode ${octal(current)}) and this account cannot change that ` +
        `(${(error as NodeJS.ErrnoException).code ?? 'error'}): run "chmod ${octal(wanted)} ${target}" as its owner, then start again.`,
      { cause: error },
    );
  }
  warn?.('storage.permissionsFixed', { path: target, was: octal(current), now: octal(next) });
}
