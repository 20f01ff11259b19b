/**
 * Exports one reporting period of an organisation as DEX bulk-upload files.
 *
 * Case files are read one at a time (never the whole period at once) and each is either left out, with the
 * readiness errors that stop it, or packed whole into the current file. A file is checked against the schema in
 * use before it is handed to the sink; one that fails is not written and its errors name the records. Only
 * sessions dated in the period go in; a period that is not open for data is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Actor } from '../domain/common';
import type { CaseFile } from '../domain/caseFile';
import type { Client } from '../domain/client';
import { formatAuDate } from '../domain/dateFormat';
import { outletActivities, type Organisation } from '../domain/organisation';
import { isPeriodOpen, reportingPeriodById, type ReportingPeriod } from '../domain/periods';
import { checkReadiness, type ReadinessItem } from '../domain/readiness';
import { millisOf, periodIdLookup } from '../domain/sessionTime';
import type { ReferenceData } from '../domain/referenceData';
import type { Session } from '../domain/session';
import type { CaseFileRepository } from '../storage/caseFileRepository';
import { slkSharers, type ClientRepository } from '../storage/clientRepository';
import type { CaseFileExportMark, ExportedCaseFile, ExportedFileRecord, ExportLedger } from '../storage/exportLedger';
import { caseRecord, clientRecord, fieldWords, SECTION, sessionAssessmentRecord, sessionRecord, type SectionKey } from './dexMapping';
import type { DexSchema } from './dexSchema';
import { DEX_MAX_FILE_BYTES, FileAssembler, type AssembledFile, type CaseFileUnit, type OwnedRecord } from './fileAssembly';
import { renderRecord } from './recordWriter';
import { explainSchemaErrors, type ExportProblem } from './schemaErrors';
import { validateAgainstSchema } from './validateFile';

export type ExportRequest = {
  readonly organisation: Organisation;
  readonly periodId: string;
  readonly outletId?: string | undefined;
  /** Only case files whose exported records would differ from this period's last export. */
  readonly changedSinceLast?: boolean | undefined;
  readonly actor: Actor;
  readonly now: DateTime;
};

/** Where accepted files go: a folder for the command line, memory for a chat upload. */
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

const emptyCounts = (): ExportCounts => ({ clients: 0, cases: 0, sessions: 0, participants: 0, communityScores: 0 });

function clientName(c: Client | undefined, id: string): string {
  return c ? `${c.givenName} ${c.familyName} (${id})` : `client ${id}`;
}

/** The period asked for, or the reason it cannot be exported. */
export function periodForExport(periodId: string, organisation: Organisation, now: DateTime): ReportingPeriod | string {
  const period = reportingPeriodById(periodId, organisation.timeZone);
  if (!period) return `"${periodId}" is not a reporting period; write it as 2026-H1 (January to June) or 2026-H2 (July to December).`;
  if (now.toMillis() < period.start.toMillis()) return `The ${period.label} period has not started yet.`;
  if (!isPeriodOpen(period, now)) {
    return `The ${period.label} period closed on ${formatAuDate(period.dueDate)}: DEX no longer accepts data for it. DSS reopens a period only in exceptional circumstances.`;
  }
  return period;
}

class Export {
  readonly counts = emptyCounts();
  readonly files: ExportedFileRecord[] = [];
  readonly leftOut: LeftOut[] = [];
  readonly problems: ExportProblem[] = [];
  readonly exported: ExportedCaseFile[] = [];
  readonly omitted = new Map<string, number>();
  unchanged = 0;
  withoutSessions = 0;
  validationMs = 0;
  private pending: { cf: CaseFile; sha: string; counts: ExportCounts; clientIds: Set<string> }[] = [];
  private readonly assembler: FileAssembler;
  private readonly stamp: string;
  private fileNumber = 0;
  readonly exportId = randomUUID();

  constructor(
    private readonly request: ExportRequest,
    private readonly deps: ExportDeps,
    private readonly period: ReportingPeriod,
    private readonly marks: ReadonlyMap<string, CaseFileExportMark>,
    private readonly directory: ClientDirectory,
  ) {
    this.assembler = new FileAssembler(deps.schema.model.rootName, deps.maxFileBytes ?? DEX_MAX_FILE_BYTES);
    this.stamp = request.now.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  }

  private render(key: SectionKey, record: Parameters<typeof renderRecord>[2], owner: OwnedRecord['owner']): OwnedRecord {
    const { model } = this.deps.schema;
    const decl = model.find([SECTION[key].section, SECTION[key].item]);
    if (!decl) throw new Error(`the DEX schema in use has no ${SECTION[key].section}/${SECTION[key].item} element`);
    const omitted = new Set<string>();
    const rendered = renderRecord(model, decl, record, 2, omitted);
    for (const path of omitted) this.omitted.set(path, (this.omitted.get(path) ?? 0) + 1);
    return { ...rendered, owner };
  }

  async addCaseFile(cf: CaseFile): Promise<void> {
    const { organisation } = this.request;
    const zone = organisation.timeZone;
    const periodIdOf = periodIdLookup(zone);
    const sessions = cf.sessions.filter((s) => periodIdOf(millisOf(s.startsAt)) === this.period.id);
    if (sessions.length === 0) {
      this.withoutSessions += 1;
      return;
    }
    const ids = new Set(cf.clients.map((c) => c.clientId));
    for (const s of sessions) for (const p of s.participants) ids.add(p.clientId);
    const clients = new Map([...ids].flatMap((id) => (this.directory.byId.has(id) ? [[id, this.directory.byId.get(id)!] as const] : [])));
    const caseClients = cf.clients.flatMap((c) => clients.get(c.clientId) ?? []);
    const candidates = [...new Set(caseClients.map((c) => c.slk))].flatMap((slk) => this.directory.bySlk.get(slk) ?? []);
    const readiness = checkReadiness(cf, {
      organisation,
      referenceData: this.deps.referenceData,
      clientsById: clients,
      clientRecords: clients,
      sameSlk: slkSharers(candidates, caseClients),
      now: this.request.now,
      periods: [this.period],
    });
    const missing = cf.clients.filter((c) => !clients.has(c.clientId));
    const reasons: ReadinessItem[] = [
      ...readiness.errors,
      ...missing.map((c) => ({ code: 'client.recordMissing', severity: 'error' as const, clientId: c.clientId, message: `Client ${c.clientId} is on this case file but their record cannot be found.` })),
    ];
    if (reasons.length > 0) {
      this.leftOut.push({ caseFileId: cf.caseFileId, name: cf.name, reasons });
      return;
    }
    const unit = this.unitOf(cf, sessions, clients);
    const sha = fingerprint(unit);
    if (this.request.changedSinceLast && this.marks.get(cf.caseFileId)?.contentSha256 === sha) {
      this.unchanged += 1;
      return;
    }
    if (!this.assembler.fits(unit)) {
      if (this.assembler.aloneBytes(unit) > (this.deps.maxFileBytes ?? DEX_MAX_FILE_BYTES)) {
        this.leftOut.push({
          caseFileId: cf.caseFileId,
          name: cf.name,
          reasons: [{ code: 'export.tooLarge', severity: 'error', message: `This case file's sessions in ${this.period.label} are more than DEX's 10 MB upload limit holds in one file, and a case's sessions cannot be split across files.` }],
        });
        return;
      }
      await this.flush();
    }
    this.assembler.add(unit);
    const counts = emptyCounts();
    counts.cases = 1;
    counts.sessions = sessions.length;
    counts.participants = sessions.reduce((n, s) => n + s.participants.length, 0);
    counts.communityScores = unit.assessments.length;
    this.pending.push({ cf, sha, counts, clientIds: new Set(unit.clients.keys()) });
  }

  private unitOf(cf: CaseFile, sessions: readonly Session[], clients: ReadonlyMap<string, Client>): CaseFileUnit {
    const owner = (what: string) => ({ caseFileId: cf.caseFileId, caseFileName: cf.name, what });
    const clientRecords = new Map<string, OwnedRecord>();
    for (const [id, c] of clients) clientRecords.set(id, this.render('clients', clientRecord(c), owner(clientName(c, id))));
    const zone = this.request.organisation.timeZone;
    const scoreType = this.deps.referenceData.communityScoreType();
    const assessments: OwnedRecord[] = [];
    for (const s of sessions) {
      const a = sessionAssessmentRecord(cf, s, { scoreType });
      if (a) assessments.push(this.render('sessionAssessments', a, owner(`Community SCORE of session ${s.sessionId}`)));
    }
    return {
      caseFileId: cf.caseFileId,
      caseFileName: cf.name,
      clients: clientRecords,
      caseRecord: this.render('cases', caseRecord(cf), owner(`the case ${cf.caseId}`)),
      sessions: sessions.map((s) => this.render('sessions', sessionRecord(cf, s, zone), owner(`session ${s.sessionId}`))),
      assessments,
    };
  }

  /** Validates the file being assembled and, when the schema accepts it, writes it and counts what it holds. */
  async flush(): Promise<void> {
    if (this.assembler.isEmpty) return;
    const file = this.assembler.take();
    const batch = this.pending;
    this.pending = [];
    this.fileNumber += 1;
    const name = `DEX-${this.request.organisation.organisationId}-${this.period.id}-${this.stamp}-${String(this.fileNumber).padStart(2, '0')}.xml`;
    const result = await validateAgainstSchema(file.text, name, this.deps.schema);
    this.validationMs += result.ms;
    if (!result.valid) {
      this.problems.push(...explainSchemaErrors(file, result.errors));
      return;
    }
    await this.write(name, file);
    const clientIds = new Set<string>();
    for (const entry of batch) {
      for (const id of entry.clientIds) clientIds.add(id);
      for (const k of ['cases', 'sessions', 'participants', 'communityScores'] as const) this.counts[k] += entry.counts[k];
      this.exported.push({ caseFileId: entry.cf.caseFileId, caseId: entry.cf.caseId, version: entry.cf.version, contentSha256: entry.sha, fileName: name });
    }
    this.counts.clients += clientIds.size;
  }

  private async write(name: string, file: AssembledFile): Promise<void> {
    const content = Buffer.from(file.text, 'utf8');
    await this.deps.sink.write(name, content);
    this.files.push({ name, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), caseFileIds: [...file.caseFileIds] });
  }
}

/** The organisation's clients by id and by SLK, read once per export rather than queried per case file. */
type ClientDirectory = { byId: ReadonlyMap<string, Client>; bySlk: ReadonlyMap<string, Client[]> };

async function clientDirectory(clients: ClientRepository, organisationId: string): Promise<ClientDirectory> {
  const byId = new Map<string, Client>();
  const bySlk = new Map<string, Client[]>();
  for (const c of await clients.listAll(organisationId)) {
    byId.set(c.clientId, c);
    const same = bySlk.get(c.slk);
    if (same) same.push(c);
    else bySlk.set(c.slk, [c]);
  }
  return { byId, bySlk };
}

/** A case file's exported records, so an unchanged case file can be recognised without comparing files. */
function fingerprint(unit: CaseFileUnit): string {
  const hash = createHash('sha256');
  for (const id of [...unit.clients.keys()].sort()) hash.update(unit.clients.get(id)!.xml);
  hash.update(unit.caseRecord.xml);
  for (const s of unit.sessions) hash.update(s.xml);
  for (const a of unit.assessments) hash.update(a.xml);
  return hash.digest('hex');
}

function refusal(reason: string, deps: ExportDeps): ExportSummary {
  return {
    ok: false,
    refused: reason,
    counts: emptyCounts(),
    files: [],
    leftOut: [],
    unchanged: 0,
    withoutSessions: 0,
    problems: [],
    notInSchema: [],
    validationMs: 0,
    schemaFile: deps.schema.file,
  };
}

/** Exports the period; the summary says what went in, what was left out and why, and any file that failed. */
export async function exportPeriod(request: ExportRequest, deps: ExportDeps): Promise<ExportSummary> {
  const { organisation } = request;
  const period = periodForExport(request.periodId, organisation, request.now);
  if (typeof period === 'string') return refusal(period, deps);
  const model = deps.schema.model;
  for (const key of ['clients', 'cases', 'sessions'] as const) {
    if (!model.find([SECTION[key].section, SECTION[key].item])) return refusal(`The DEX schema in use (${deps.schema.file}) has no ${SECTION[key].section} section.`, deps);
  }
  if (model.maxSectionsPerFile < 4) return refusal(`The DEX schema in use allows only ${model.maxSectionsPerFile} sections per file; this export needs four.`, deps);
  let activityIds: Set<number> | undefined;
  if (request.outletId !== undefined) {
    const outlet = organisation.outlets.find((o) => o.outletId === request.outletId);
    if (!outlet) return refusal(`${organisation.name} has no outlet "${request.outletId}". Its outlets: ${organisation.outlets.map((o) => o.outletId).join(', ')}.`, deps);
    activityIds = new Set(outletActivities(organisation).filter((a) => a.outletId === outlet.outletId).map((a) => a.outletActivityId));
  }
  const marks = request.changedSinceLast ? await deps.ledger.marksForPeriod(organisation.organisationId, period.id) : new Map<string, CaseFileExportMark>();
  const run = new Export(request, deps, period, marks, await clientDirectory(deps.clients, organisation.organisationId));
  for (const listing of await deps.caseFiles.listSummaries(organisation.organisationId)) {
    if (activityIds && !activityIds.has(listing.outletActivityId)) continue;
    const cf = await deps.caseFiles.readOnce(organisation.organisationId, listing.caseFileId);
    if (cf) await run.addCaseFile(cf);
  }
  await run.flush();
  if (run.files.length > 0) {
    await deps.ledger.record({
      organisationId: organisation.organisationId,
      exportId: run.exportId,
      periodId: period.id,
      ...(request.outletId !== undefined ? { outletId: request.outletId } : {}),
      changedSinceLast: request.changedSinceLast === true,
      at: request.now.toUTC().toISO()!,
      by: request.actor,
      schemaSha256: deps.schema.sha256,
      files: run.files,
      caseFiles: run.exported,
    });
  }
  const notInSchema = [...run.omitted].map(([path, records]) => ({ field: `${fieldWords(path.split('/').at(-1)!)} (${path})`, records }));
  return {
    ok: run.problems.length === 0,
    period,
    exportId: run.exportId,
    counts: run.counts,
    files: run.files,
    leftOut: run.leftOut,
    unchanged: run.unchanged,
    withoutSessions: run.withoutSessions,
    problems: run.problems,
    notInSchema,
    validationMs: run.validationMs,
    schemaFile: deps.schema.file,
  };
}
