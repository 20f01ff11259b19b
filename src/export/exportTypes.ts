/** What an export is asked for, what it needs, and what it reports: the vocabulary its callers share. */
import type { DateTime } from 'luxon';
import type { Actor } from '../domain/common';
import type { Organisation } from '../domain/organisation';
import type { ReportingPeriod } from '../domain/periods';
import type { ReadinessItem } from '../domain/readiness';
import type { ReferenceData } from '../domain/referenceData';
import type { CaseFileRepository } from '../storage/caseFileRepository';
import type { ClientRepository } from '../storage/clientRepository';
import type { ExportedFileRecord, ExportLedger } from '../storage/exportLedger';
import type { DexSchema } from './dexSchema';
import type { ExportProblem } from './schemaErrors';

export type ExportRequest = {
  readonly organisation: Organisation;
  readonly periodId: string;
  readonly outletId?: string | undefined;
  /** Only case files whose exported records would differ from this period's last export. */
  readonly changedSinceLast?: boolean | undefined;
  readonly actor: Actor;
  readonly now: DateTime;
  /** Given when the caller needs it before the files are written (to choose where they go); new otherwise. */
  readonly exportId?: string | undefined;
};

/** Where accepted files go: a folder (for the command line, or one per export for files offered in chat). */
export interface FileSink {
  write(name: string, content: Buffer): Promise<void>;
}

export type ExportDeps = {
  readonly caseFiles: CaseFileRepository;
  readonly clients: ClientRepository;
  readonly ledger: ExportLedger;
  readonly referenceData: ReferenceData;
  readonly schema: DexSchema;
  readonly sink: FileSink;
  readonly maxFileBytes?: number;
};

export type LeftOut = { readonly caseFileId: string; readonly name: string; readonly reasons: readonly ReadinessItem[] };

export type ExportCounts = { clients: number; cases: number; sessions: number; participants: number; communityScores: number };

export type ExportSummary = {
  readonly ok: boolean;
  /** Set when nothing was attempted, with the reason in words. */
  readonly refused?: string;
  readonly period?: ReportingPeriod;
  readonly exportId?: string;
  readonly counts: ExportCounts;
  readonly files: readonly ExportedFileRecord[];
  readonly leftOut: readonly LeftOut[];
  /** Case files skipped by `changedSinceLast` because nothing in them changed. */
  readonly unchanged: number;
  /** Case files with no session in the period, which have nothing to send. */
  readonly withoutSessions: number;
  /** Schema errors of files that were not written. */
  readonly problems: readonly ExportProblem[];
  /** Fields recorded in the bot that the schema in use has no place for, in words, with how many records had one. */
  readonly notInSchema: readonly { field: string; records: number }[];
  readonly validationMs: number;
  readonly schemaFile: string;
};
