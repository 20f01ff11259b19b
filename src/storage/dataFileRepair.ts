import fs from 'node:fs';
import path from 'node:path';
import { StoreStartupError } from './storeStartupError';

/**
 * nedb appends each write as one JSON line. A power cut mid-append can leave the last line cut short; nedb
 * then counts it as corruption and refuses the whole file when it is more than its threshold. Only that case
 * is repaired here: the cut line is the write that never completed, so dropping it loses nothing that was
 * acknowledged. Any other unreadable line is real damage and stops start-up (see DataFileCorruptError).
 */

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

export class DataFileCorruptError extends StoreStartupError {
  override readonly name = 'DataFileCorruptError';
}

/** Byte offset just after the last newline of the file (0 when there is none). */
function endOfLastCompleteLine(fd: number, size: number): number {
  const buffer = Buffer.alloc(CHUNK);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const read = fs.readSync(fd, buffer, 0, end - start, start);
    const at = buffer.subarray(0, read).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

function isCompleteRecord(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export type TailRepair = { readonly file: string; readonly droppedLines: number; readonly droppedBytes: number };

/**
 * Drops an incomplete final line (no newline after it and not a whole record). A whole record that only lacks
 * its newline gets one. Returns what was dropped, or undefined when the file needed nothing.
 */
export function dropIncompleteLastLine(file: string): TailRepair | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return undefined;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return undefined;
    const keep = endOfLastCompleteLine(fd, size);
    const tail = Buffer.alloc(size - keep);
    fs.readSync(fd, tail, 0, tail.length, keep);
    if (isCompleteRecord(tail.toString('utf8'))) {
      fs.writeSync(fd, '\n', size);
      fs.fsyncSync(fd);
      return undefined;
    }
    fs.ftruncateSync(fd, keep);
    fs.fsyncSync(fd);
    return { file, droppedLines: 1, droppedBytes: size - keep };
  } finally {
    fs.closeSync(fd);
  }
}

/** nedb's "N% of the data file is corrupt" error, restated as one line an operator can act on. */
export function explainLoadFailure(file: string, error: unknown): unknown {
  const details = error as { corruptItems?: unknown; dataLength?: unknown };
  if (typeof details.corruptItems !== 'number') return error;
  const name = path.resolve(file);
  return new DataFileCorruptError(
    `The data file ${name} is damaged: ${details.corruptItems} of ${String(details.dataLength)} lines cannot be read, ` +
      `so the bot will not start on it. Stop the bot, replace ${name} with the same file from your latest backup ` +
      '(or restore the whole data folder), then start again.',
    { cause: error },
  );
}
