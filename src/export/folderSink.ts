import fs from 'node:fs';
import path from 'node:path';
import type { FileSink } from './exportPeriod';

/**
 * Writes export files into a folder, readable and writable by their owner only (they hold clients' details),
 * and never over an existing file: each export's names carry its time, so a clash means something is wrong.
 */
export function folderSink(dir: string): FileSink {
  return {
    async write(name, content) {
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, name);
      await fs.promises.writeFile(file, content, { mode: 0o600, flag: 'wx' });
      // `mode` is filtered through the umask, which can only take bits away; set it exactly all the same.
      await fs.promises.chmod(file, 0o600);
    },
  };
}
