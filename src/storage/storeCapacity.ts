import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { dataFileNames } from './embeddedDataDir';
import { StoreStartupError } from './storeStartupError';

/**
 * The embedded store keeps every document in memory, so its data must fit the V8 heap. Loading is the peak:
 * nedb holds the parsed documents and, while it rewrites the file, a serialised copy of them. Measured with
 * bench/capacity.ts (docs/embedded-store.md): a folder of N MB needs about HEAP_PER_DATA_MB × N MB of heap
 * at load and about 1.4 × N MB once loaded, on top of what the bot itself uses (BASE_HEAP_MB covers that,
 * with room for turns under load).
 */

export const BASE_HEAP_MB = 128;
export const HEAP_PER_DATA_MB = 3;
/** A warning is due when the data needs this share of the heap or of the ceiling. */
export const WARN_AT = 0.8;
/** `npm start` sizes the heap so the data needs this share of it, leaving room to grow until the next start. */
const PLANNED_SHARE = 0.7;
const MB = 1024 * 1024;

export class StoreTooLargeError extends StoreStartupError {
  override readonly name = 'StoreTooLargeError';
}

/** Bytes of the embedded store's data files (what the next start loads). */
export function embeddedDataBytes(dataDir: string): number {
  if (!fs.existsSync(dataDir)) return 0;
  return dataFileNames(dataDir).reduce((sum, name) => sum + fs.statSync(path.join(dataDir, `${name}.db`)).size, 0);
}

export function heapNeededMb(dataBytes: number): number {
  return Math.ceil(BASE_HEAP_MB + (HEAP_PER_DATA_MB * dataBytes) / MB);
}

/** Half of the memory this process may use (a container's limit when there is one), at most 4 GB. */
export function defaultHeapCeilingMb(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  const available = constrained !== undefined && constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem();
  return Math.max(BASE_HEAP_MB, Math.min(4096, Math.floor(available / MB / 2)));
}

/** The heap this process was given (old and young generations), in MB. */
export function processHeapMb(): number {
  return Math.floor(v8.getHeapStatistics().heap_size_limit / MB);
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function tooLarge(dataBytes: number, needed: number, allowed: string): StoreTooLargeError {
  return new StoreTooLargeError(
    `The embedded store holds ${mb(dataBytes)} of data, which needs about ${needed} MB of memory to load; ${allowed}. ` +
      'Raise DEX_HEAP_MAX_MB if this machine has the memory, or move to MongoDB with ' +
      '"npm run store:migrate -- --to <MONGODB_URI>" (README: When you outgrow the embedded store).',
  );
}

export type HeapPlan = { readonly heapMb: number; readonly neededMb: number };

/** The heap `npm start` gives the bot: at least the floor, sized for the data, never above the ceiling. */
export function planHeap(input: { dataBytes: number; floorMb: number; ceilingMb: number }): HeapPlan {
  const neededMb = heapNeededMb(input.dataBytes);
  if (neededMb > input.ceilingMb) {
    throw tooLarge(input.dataBytes, neededMb, `this bot may use at most ${input.ceilingMb} MB (DEX_HEAP_MAX_MB)`);
  }
  const heapMb = Math.min(input.ceilingMb, Math.max(input.floorMb, Math.ceil(neededMb / PLANNED_SHARE)));
  return { heapMb, neededMb };
}

/** Refuses to load data the running process's heap cannot hold, instead of dying half-way with an out-of-memory crash. */
export function assertHeapFits(dataBytes: number, heapMb = processHeapMb()): void {
  const neededMb = heapNeededMb(dataBytes);
  if (neededMb > heapMb) {
    throw tooLarge(dataBytes, neededMb, `this process was started with ${heapMb} MB (start it with "npm start", which sizes the heap)`);
  }
}

export type CapacityReport = {
  readonly dataMb: number;
  readonly neededMb: number;
  readonly heapMb: number;
  readonly ceilingMb: number;
  readonly heapUsedMb: number;
  /** Share of this process's heap the data needs, and share of the ceiling (what a restart could give it). */
  readonly percentOfHeap: number;
  readonly percentOfCeiling: number;
  readonly warning?: string;
};

export function capacityReport(input: { dataBytes: number; ceilingMb: number; heapMb?: number }): CapacityReport {
  const heapMb = input.heapMb ?? processHeapMb();
  const neededMb = heapNeededMb(input.dataBytes);
  const percentOfHeap = Math.round((100 * neededMb) / heapMb);
  const percentOfCeiling = Math.round((100 * neededMb) / input.ceilingMb);
  const warnPercent = Math.round(100 * WARN_AT);
  let warning: string | undefined;
  if (percentOfCeiling >= warnPercent) {
    warning =
      `the embedded store needs ${percentOfCeiling}% of the most memory it may use (DEX_HEAP_MAX_MB=${input.ceilingMb}); ` +
      'plan the move to MongoDB (README: When you outgrow the embedded store)';
  } else if (percentOfHeap >= warnPercent) {
    warning = `the embedded store needs ${percentOfHeap}% of this process's heap; restart with "npm start" to size it again`;
  }
  return {
    dataMb: Math.round((10 * input.dataBytes) / MB) / 10,
    neededMb,
    heapMb,
    ceilingMb: input.ceilingMb,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / MB),
    percentOfHeap,
    percentOfCeiling,
    ...(warning === undefined ? {} : { warning }),
  };
}
