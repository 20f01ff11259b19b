import path from 'node:path';
import { writeNewPrivateFile } from '../storage/privateFiles';
import type { FileSink } from './exportTypes';

/**
 * Writes export files into a folder, readable and writable by their owner only (they hold clients' details),
 * and never over an existing file: each export's names carry its time, so a clash means something is wrong.
 */
export function folderSink(dir: string): FileSink {
  return {
    write: (name, content) => writeNewPrivateFile(path.join(dir, name), content),
  };
}
