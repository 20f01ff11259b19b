import type { CaseFile } from '../domain/caseFile';

/**
 * Parsed case files kept per process, bounded by count and by size: a count alone lets 50 case files of 1.3 MB
 * (500 sessions each) take the whole heap. Size is the copy's JSON length, a stable proxy for its heap cost
 * (about 2-3 times that). A case file larger than the whole budget is not kept.
 */
export class RecentCaseFiles {
  /** Most recently used last. */
  private readonly entries = new Map<string, { readonly cf: CaseFile; readonly bytes: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string): CaseFile | undefined {
    return this.entries.get(key)?.cf;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  put(key: string, cf: CaseFile): void {
    this.delete(key);
    const bytes = JSON.stringify(cf).length;
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { cf: structuredClone(cf), bytes });
    this.total += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.total <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }
}
