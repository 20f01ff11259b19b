/**
 * Packs case files into upload files. A case file goes into a file whole: its case, every one of its sessions
 * and their Community SCOREs, and the clients they name, in sections ordered Clients, Cases, Sessions,
 * SessionAssessments, so each case follows its clients and each session sits in the file of its case. A file
 * is closed before the next case file would take it past the size limit. Every record's lines are remembered,
 * so a validator's "line 1234" can be turned back into the case file, session or client it belongs to.
 */
import { SECTION, SECTION_ORDER, type SectionKey } from './dexMapping';
import type { RenderedRecord } from './recordWriter';

/** Who a record in the file is about, in words a data officer recognises. */
export type RecordOwner = {
  readonly caseFileId: string;
  readonly caseFileName: string;
  /** 'session S-20260210-1', 'client Margaret Nguyen (CL-7K2M9QXA)', 'the case CF-2602-AB12C'. */
  readonly what: string;
};

export type OwnedRecord = RenderedRecord & { readonly owner: RecordOwner };

/** One case file's share of a file. Clients are keyed by client id so a client in two cases is written once. */
export type CaseFileUnit = {
  readonly caseFileId: string;
  readonly caseFileName: string;
  readonly clients: ReadonlyMap<string, OwnedRecord>;
  readonly caseRecord: OwnedRecord;
  readonly sessions: readonly OwnedRecord[];
  readonly assessments: readonly OwnedRecord[];
};

export type AssembledFile = {
  /** UTF-8, as checked and as written: the one copy of the file's content. */
  readonly content: Buffer;
  readonly bytes: number;
  readonly caseFileIds: readonly string[];
  readonly counts: Readonly<Record<SectionKey, number>>;
  /** The record a line (1-based) belongs to, or undefined for the envelope. */
  ownerOfLine(line: number): RecordOwner | undefined;
};

const HEADER = '<?xml version="1.0" encoding="utf-8"?>\n';

/** DEX refuses uploads over 10 MB; the DEX upload page counts in binary megabytes, so stay below 10 × 10⁶ to be safe. */
export const DEX_MAX_FILE_BYTES = 10_000_000;

export class FileAssembler {
  private readonly records: Record<SectionKey, OwnedRecord[]> = { clients: [], cases: [], sessions: [], sessionAssessments: [] };
  private readonly clientIds = new Set<string>();
  private readonly caseFileIds: string[] = [];
  private bodyBytes = 0;

  constructor(
    private readonly rootName: string,
    private readonly maxBytes: number = DEX_MAX_FILE_BYTES,
  ) {}

  get isEmpty(): boolean {
    return this.caseFileIds.length === 0;
  }

  /** Bytes of the envelope (declaration, root and section tags) for the sections a file would hold. */
  private envelopeBytes(sections: ReadonlySet<SectionKey>): number {
    let n = HEADER.length + 2 * this.rootName.length + 6;
    for (const key of sections) n += 2 * SECTION[key].section.length + 12;
    return n;
  }

  private unitBytes(unit: CaseFileUnit): number {
    let n = unit.caseRecord.bytes;
    for (const [id, c] of unit.clients) if (!this.clientIds.has(id)) n += c.bytes;
    for (const s of unit.sessions) n += s.bytes;
    for (const a of unit.assessments) n += a.bytes;
    return n;
  }

  private sectionsWith(unit: CaseFileUnit | undefined): Set<SectionKey> {
    const present = new Set<SectionKey>(SECTION_ORDER.filter((k) => this.records[k].length > 0));
    if (unit) {
      present.add('cases');
      if (unit.clients.size > 0) present.add('clients');
      if (unit.sessions.length > 0) present.add('sessions');
      if (unit.assessments.length > 0) present.add('sessionAssessments');
    }
    return present;
  }

  /** The size a file holding only this case file would have. */
  aloneBytes(unit: CaseFileUnit): number {
    return new FileAssembler(this.rootName, this.maxBytes).wouldBe(unit);
  }

  private wouldBe(unit: CaseFileUnit): number {
    return this.bodyBytes + this.unitBytes(unit) + this.envelopeBytes(this.sectionsWith(unit));
  }

  fits(unit: CaseFileUnit): boolean {
    return this.wouldBe(unit) <= this.maxBytes;
  }

  add(unit: CaseFileUnit): void {
    this.bodyBytes += this.unitBytes(unit);
    for (const [id, c] of unit.clients) {
      if (this.clientIds.has(id)) continue;
      this.clientIds.add(id);
      this.records.clients.push(c);
    }
    this.records.cases.push(unit.caseRecord);
    this.records.sessions.push(...unit.sessions);
    this.records.sessionAssessments.push(...unit.assessments);
    this.caseFileIds.push(unit.caseFileId);
  }

  /** The file's content with its line index; the assembler is then empty again for the next file. */
  take(): AssembledFile {
    const parts: string[] = [HEADER, `<${this.rootName}>\n`];
    const starts: number[] = [];
    const owners: RecordOwner[] = [];
    let line = 3;
    const counts = { clients: 0, cases: 0, sessions: 0, sessionAssessments: 0 } as Record<SectionKey, number>;
    for (const key of SECTION_ORDER) {
      const list = this.records[key];
      counts[key] = list.length;
      if (list.length === 0) continue;
      parts.push(`  <${SECTION[key].section}>\n`);
      line += 1;
      for (const r of list) {
        parts.push(r.xml);
        starts.push(line);
        owners.push(r.owner);
        line += r.lines;
      }
      parts.push(`  </${SECTION[key].section}>\n`);
      line += 1;
    }
    parts.push(`</${this.rootName}>\n`);
    const content = Buffer.from(parts.join(''), 'utf8');
    const file: AssembledFile = {
      content,
      bytes: content.length,
      caseFileIds: [...this.caseFileIds],
      counts,
      ownerOfLine(target) {
        // Records are in line order: the last one starting at or before the line holds it.
        let lo = 0;
        let hi = starts.length - 1;
        let found = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (starts[mid]! <= target) {
            found = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        return found === -1 ? undefined : owners[found];
      },
    };
    for (const key of SECTION_ORDER) this.records[key] = [];
    this.clientIds.clear();
    this.caseFileIds.length = 0;
    this.bodyBytes = 0;
    return file;
  }
}
