import fs from 'node:fs';
import path from 'node:path';
import { lockDataDir, type DataDirLock } from './dataDirLock';
import { dropIncompleteLastLine } from './dataFileRepair';
import { ensurePrivateDirectory, restrictDirectoryTree } from './privateFiles';

/** What the embedded store does to its folder before nedb reads anything from it. */

export type DataDirOptions = {
  readonly dataDir: string;
  readonly onWarning?: (event: string, fields: Record<string, string | number>) => void;
  readonly onLockLost?: (error: Error) => void;
};

const DATA_FILE = /^([A-Za-z][A-Za-z0-9_]{0,63})\.db$/;
/** Data files, nedb's temporary copies while it rewrites one (`name.db~`), and the folder's lock and owner record. */
const STORE_FILE = /^(?:[A-Za-z][A-Za-z0-9_]{0,63}\.db~?|owner\.lock|owner\.json)$/;

export function dataFileNames(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((file) => DATA_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Owner-only folder and files, the folder's lock, and data files whose last append was cut short repaired. */
export function openDataDir(options: DataDirOptions): DataDirLock {
  const warn = options.onWarning;
  ensurePrivateDirectory(options.dataDir, warn);
  const lock = lockDataDir(
    options.dataDir,
    options.onLockLost ??
      ((error) => {
        throw error;
      }),
  );
  try {
    // Only the store's own files: a DATA_DIR pointed at a folder with other files must not have those changed.
    restrictDirectoryTree(options.dataDir, warn, (name) => STORE_FILE.test(name));
    for (const name of dataFileNames(options.dataDir)) {
      const repaired = dropIncompleteLastLine(path.join(options.dataDir, `${name}.db`));
      if (repaired) {
        warn?.('storage.incompleteLineDropped', {
          path: path.resolve(repaired.file),
          lines: repaired.droppedLines,
          bytes: repaired.droppedBytes,
        });
      }
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}
