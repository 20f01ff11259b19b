import { z } from 'zod';
import { ActorSchema, IsoDateTimeSchema, OrganisationIdSchema } from '../domain/common';
import { type Database, type DocumentCollection, DuplicateKeyError } from './database';

/**
 * What each DEX export produced: who ran it and when, for which period, every file (name, size, SHA-256) and
 * every case file in them with the version and content fingerprint exported. Never the files' content.
 */
export const ExportedFileSchema = z.object({
  name: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  caseFileIds: z.array(z.string().min(1)),
});
export type ExportedFileRecord = z.infer<typeof ExportedFileSchema>;

export const ExportedCaseFileSchema = z.object({
  caseFileId: z.string().min(1),
  caseId: z.string().min(1),
  version: z.number().int().positive(),
  /** SHA-256 of the records written for it (case, sessions, scores, clients), to tell whether it changed. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1),
});
export type ExportedCaseFile = z.infer<typeof ExportedCaseFileSchema>;

export const DexExportSchema = z.object({
  organisationId: OrganisationIdSchema,
  exportId: z.string().min(1),
  periodId: z.string().regex(/^\d{4}-H[12]$/),
  outletId: z.string().min(1).optional(),
  changedSinceLast: z.boolean(),
  at: IsoDateTimeSchema,
  by: ActorSchema,
  schemaSha256: z.string().regex(/^[0-9a-f]{64}$/),
  files: z.array(ExportedFileSchema),
  caseFiles: z.array(ExportedCaseFileSchema),
});
export type DexExport = z.infer<typeof DexExportSchema>;

/** The last export of one case file, kept per case file and period so status and re-exports read one small document. */
export const CaseFileExportMarkSchema = z.object({
  organisationId: OrganisationIdSchema,
  caseFileId: z.string().min(1),
  periodId: z.string().regex(/^\d{4}-H[12]$/),
  exportId: z.string().min(1),
  at: IsoDateTimeSchema,
  version: z.number().int().positive(),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1),
});
export type CaseFileExportMark = z.infer<typeof CaseFileExportMarkSchema>;

export const DEX_EXPORTS = 'dexExports';
export const DEX_EXPORT_MARKS = 'dexExportMarks';

const indexesReady = new WeakMap<Database, Promise<void>>();

export class ExportLedger {
  private readonly exports: DocumentCollection<DexExport>;
  private readonly marks: DocumentCollection<CaseFileExportMark>;

  constructor(private readonly db: Database) {
    this.exports = db.collection<DexExport>(DEX_EXPORTS);
    this.marks = db.collection<CaseFileExportMark>(DEX_EXPORT_MARKS, { key: ['organisationId', 'caseFileId', 'periodId'] });
  }

  ensureIndexes(): Promise<void> {
    let ready = indexesReady.get(this.db);
    if (!ready) {
      ready = (async () => {
        await this.exports.createIndex({ organisationId: 1, exportId: 1 }, { unique: true, name: 'dexExport_key' });
        await this.exports.createIndex({ organisationId: 1, periodId: 1, at: -1 }, { name: 'dexExport_period' });
        await this.marks.createIndex({ organisationId: 1, caseFileId: 1, periodId: 1 }, { unique: true, name: 'dexExportMark_key' });
      })();
      ready.catch(() => indexesReady.delete(this.db));
      indexesReady.set(this.db, ready);
    }
    return ready;
  }

  /**
   * Stores the export, then moves each case file's mark forward. A mark is only ever replaced by a later
   * export's, so two exports finishing out of order leave the newer one standing; a crash between the two
   * writes leaves the export recorded and some marks behind, which at worst exports those case files again.
   */
  async record(entry: DexExport): Promise<void> {
    await this.ensureIndexes();
    const parsed = DexExportSchema.parse(entry);
    await this.exports.insertOne(parsed);
    const marks = parsed.caseFiles.map(
      (cf): CaseFileExportMark => ({
        organisationId: parsed.organisationId,
        caseFileId: cf.caseFileId,
        periodId: parsed.periodId,
        exportId: parsed.exportId,
        at: parsed.at,
        version: cf.version,
        contentSha256: cf.contentSha256,
        fileName: cf.fileName,
      }),
    );
    // Case files never exported in this period go in with one insert: a write per mark, each a read of the
    // whole collection on FerretDB 1.x, took minutes for 2,000 case files.
    const existing = await this.marksForPeriod(parsed.organisationId, parsed.periodId);
    const first = marks.filter((m) => !existing.has(m.caseFileId));
    let rest = marks.filter((m) => existing.has(m.caseFileId));
    try {
      await this.marks.insertMany(first);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // Another export of the period inserted some of them meanwhile: those go one at a time, by date.
      rest = marks;
    }
    for (const mark of rest) await this.writeMark(mark);
  }

  /** Sets a case file's mark unless a later export already set it; writing it again is harmless. */
  private async writeMark(mark: CaseFileExportMark): Promise<void> {
    const key = { organisationId: mark.organisationId, caseFileId: mark.caseFileId, periodId: mark.periodId };
    const result = await this.marks.replaceOne({ ...key, at: { $lte: mark.at } }, mark);
    if (result.matchedCount === 0 && (await this.marks.countDocuments(key)) === 0) {
      try {
        await this.marks.insertOne(mark);
      } catch {
        // Another export inserted this mark first; it is at least as recent as this one's attempt.
        await this.marks.replaceOne({ ...key, at: { $lte: mark.at } }, mark);
      }
    }
  }

  /** The marks of one period, keyed by case file, for "changed since the last export". */
  async marksForPeriod(organisationId: string, periodId: string): Promise<Map<string, CaseFileExportMark>> {
    await this.ensureIndexes();
    const docs = await this.marks.find({ organisationId, periodId });
    return new Map(docs.map((d) => CaseFileExportMarkSchema.parse(d)).map((m) => [m.caseFileId, m]));
  }

  /** A case file's most recent export in any period, for its status line. */
  async lastExportOf(organisationId: string, caseFileId: string): Promise<CaseFileExportMark | undefined> {
    await this.ensureIndexes();
    const docs = await this.marks.find({ organisationId, caseFileId }, { sort: { at: -1 }, limit: 1 });
    return docs[0] ? CaseFileExportMarkSchema.parse(docs[0]) : undefined;
  }

  async get(organisationId: string, exportId: string): Promise<DexExport | undefined> {
    await this.ensureIndexes();
    const doc = await this.exports.findOne({ organisationId, exportId });
    return doc ? DexExportSchema.parse(doc) : undefined;
  }

  async list(organisationId: string, periodId?: string): Promise<DexExport[]> {
    await this.ensureIndexes();
    const docs = await this.exports.find({ organisationId, ...(periodId ? { periodId } : {}) }, { sort: { at: -1 } });
    return docs.map((d) => DexExportSchema.parse(d));
  }
}
