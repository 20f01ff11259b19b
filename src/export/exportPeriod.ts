/**
 * Exports one reporting period of an organisation as DEX bulk-upload files.
 *
 * Case files are read a page at a time (never the whole period at once) and exported in groups of a bounded
 * number of sessions, with the clients of that group only,
 * and each is either left out, with the readiness errors that stop it, or packed whole into the current file.
 * A file is checked against the schema in use before it is handed to the sink; one that fails is not written
 * and its errors name the records. The check runs in a worker thread while the next file is being built, so at
 * most two files are in memory at a time. Only sessions dated in the period go in; a period that is not open
 * for data is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { CaseFile } from '../domain/caseFile';
import type { Client } from '../domain/client';
import { formatAuDate } from '../domain/dateFormat';
import { outletActivities, type Organisation } from '../domain/organisation';
import { isPeriodOpen, reportingPeriodById, type ReportingPeriod } from '../domain/periods';
import { checkReadiness, type ReadinessItem } from '../domain/readiness';
import { millisOf, periodIdLookup } from '../domain/sessionTime';
import type { Session } from '../domain/session';
import type { ClientListing, ClientRepository, SlkDirectory } from '../storage/clientRepository';
import type { CaseFileExportMark, ExportedCaseFile, ExportedFileRecord } from '../storage/exportLedger';
import { caseRecord, clientRecord, fieldWords, SECTION, sessionAssessmentRecord, sessionRecord, type SectionKey } from './dexMapping';
import { DEX_MAX_FILE_BYTES, FileAssembler, type AssembledFile, type CaseFileUnit, type OwnedRecord } from './fileAssembly';
import { renderRecord } from './recordWriter';
import { explainSchemaErrors, type ExportProblem } from './schemaErrors';
import { validateAgainstSchema, type ValidationResult } from './validateFile';
import type { ExportCounts, ExportDeps, ExportRequest, ExportSummary, LeftOut } from './exportTypes';

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
  /** What the file being assembled holds, by key only: the case files themselves are not kept. */
  private pending: PendingCaseFile[] = [];
  /** The previous file, being checked while this one is assembled. */
  private checking: Promise<void> | undefined;
  private readonly assembler: FileAssembler;
  private readonly stamp: string;
  private fileNumber = 0;
  private readonly periodIdOf: (millis: number) => string | undefined;
  readonly exportId: string;

  constructor(
    private readonly request: ExportRequest,
    private readonly deps: ExportDeps,
    private readonly period: ReportingPeriod,
    private readonly marks: ReadonlyMap<string, CaseFileExportMark>,
  ) {
    this.assembler = new FileAssembler(deps.schema.model.rootName, deps.maxFileBytes ?? DEX_MAX_FILE_BYTES);
    this.stamp = request.now.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
    this.periodIdOf = periodIdLookup(request.organisation.timeZone);
    this.exportId = request.exportId ?? randomUUID();
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

  /** The case file's sessions dated in the period. */
  sessionsInPeriod(cf: CaseFile): Session[] {
    return cf.sessions.filter((s) => this.periodIdOf(millisOf(s.startsAt)) === this.period.id);
  }

  /** `people` holds the clients of the group being exported; `sameSlk` the others sharing their SLKs. */
  async addCaseFile(cf: CaseFile, people: GroupClients): Promise<void> {
    const { organisation } = this.request;
    const sessions = this.sessionsInPeriod(cf);
    if (sessions.length === 0) {
      this.withoutSessions += 1;
      return;
    }
    const clients = new Map<string, Client>();
    for (const id of clientIdsOf(cf, sessions)) {
      const c = people.byId.get(id);
      if (c) clients.set(id, c);
    }
    const readiness = checkReadiness(cf, {
      organisation,
      referenceData: this.deps.referenceData,
      clientsById: clients,
      clientRecords: clients,
      sameSlk: people.sameSlk,
      now: this.request.now,
      periods: [this.period],
    });
    const missing = cf.clients.filter((c) => !clients.has(c.clientId));
    const reasons: ReadinessItem[] = [
      ...readiness.errors,
      ...missing.map((c) => ({
        code: 'client.recordMissing',
        severity: 'error' as const,
        clientId: c.clientId,
        message: `Client ${c.clientId} is on this case file but their record cannot be found.`,
      })),
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
          reasons: [
            {
              code: 'export.tooLarge',
              severity: 'error',
              message: `This case file's sessions in ${this.period.label} are more than DEX's 10 MB upload limit holds in one file, and a case's sessions cannot be split across files.`,
            },
          ],
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
    this.pending.push({ caseFileId: cf.caseFileId, caseId: cf.caseId, version: cf.version, sha, counts, clientIds: [...unit.clients.keys()] });
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

  /**
   * Closes the file being assembled and starts its schema check, which runs while the next file is built. The
   * previous file's check (and its write) is finished first, so files are written in order, one validator runs
   * at a time, and at most two files are held. `finish()` waits for the last one.
   */
  async flush(): Promise<void> {
    if (this.assembler.isEmpty) return;
    await this.checking;
    const file = this.assembler.take();
    const batch = this.pending;
    this.pending = [];
    this.fileNumber += 1;
    const name = `DEX-${this.request.organisation.organisationId}-${this.period.id}-${this.stamp}-${String(this.fileNumber).padStart(2, '0')}.xml`;
    this.checking = validateAgainstSchema(file.content, name, this.deps.schema).then((result) => this.accept(name, file, batch, result));
    // Handled by whoever awaits `checking` next; this keeps a failure from counting as unhandled in between.
    this.checking.catch(() => undefined);
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.checking;
  }

  private async accept(name: string, file: AssembledFile, batch: readonly PendingCaseFile[], result: ValidationResult): Promise<void> {
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
      this.exported.push({ caseFileId: entry.caseFileId, caseId: entry.caseId, version: entry.version, contentSha256: entry.sha, fileName: name });
    }
    this.counts.clients += clientIds.size;
  }

  private async write(name: string, file: AssembledFile): Promise<void> {
    const { content } = file;
    await this.deps.sink.write(name, content);
    this.files.push({ name, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), caseFileIds: [...file.caseFileIds] });
  }
}

type PendingCaseFile = { caseFileId: string; caseId: string; version: number; sha: string; counts: ExportCounts; clientIds: string[] };

/** The client records a group of case files names, and the other clients sharing their SLKs. */
type GroupClients = { byId: ReadonlyMap<string, Client>; sameSlk: ReadonlyMap<string, readonly ClientListing[]> };

/** Case files per batch read from the store. */
const PAGE_SIZE = 50;

/**
 * Case files are exported in groups whose clients are fetched with one query. A group closes at this many
 * sessions (most of a case file's size), so its memory does not depend on how large its case files are:
 * 200 case files of 26 weekly sessions, or 10 of 500. Few groups matter on FerretDB 1.x, where each client
 * query reads every client record (about 9 s for 24,000).
 */
const GROUP_SESSIONS = 5_200;

function clientIdsOf(cf: CaseFile, sessions: readonly Session[]): Set<string> {
  const ids = new Set<string>();
  for (const c of cf.clients) ids.add(c.clientId);
  for (const s of sessions) for (const p of s.participants) ids.add(p.clientId);
  return ids;
}

/** One query for the group's client records; SLK sharers come from the directory read once for the export. */
async function groupClients(
  clients: ClientRepository,
  organisationId: string,
  group: readonly CaseFile[],
  run: Export,
  slks: SlkDirectory,
): Promise<GroupClients> {
  const ids = new Set<string>();
  const caseClientIds = new Set<string>();
  for (const cf of group) {
    for (const id of clientIdsOf(cf, run.sessionsInPeriod(cf))) ids.add(id);
    for (const c of cf.clients) caseClientIds.add(c.clientId);
  }
  const byId = new Map<string, Client>();
  for (const c of await clients.getManyInBulk(organisationId, [...ids])) byId.set(c.clientId, c);
  const caseClients = [...caseClientIds].flatMap((id) => byId.get(id) ?? []);
  return { byId, sameSlk: slks.sharersOf(caseClients) };
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
    if (!model.find([SECTION[key].section, SECTION[key].item]))
      return refusal(`The DEX schema in use (${deps.schema.file}) has no ${SECTION[key].section} section.`, deps);
  }
  if (model.maxSectionsPerFile < 4)
    return refusal(`The DEX schema in use allows only ${model.maxSectionsPerFile} sections per file; this export needs four.`, deps);
  let activityIds: Set<number> | undefined;
  if (request.outletId !== undefined) {
    const outlet = organisation.outlets.find((o) => o.outletId === request.outletId);
    if (!outlet)
      return refusal(`${organisation.name} has no outlet "${request.outletId}". Its outlets: ${organisation.outlets.map((o) => o.outletId).join(', ')}.`, deps);
    activityIds = new Set(
      outletActivities(organisation)
        .filter((a) => a.outletId === outlet.outletId)
        .map((a) => a.outletActivityId),
    );
  }
  const marks = request.changedSinceLast ? await deps.ledger.marksForPeriod(organisation.organisationId, period.id) : new Map<string, CaseFileExportMark>();
  const run = new Export(request, deps, period, marks);
  const slks = await deps.clients.slkDirectory(organisation.organisationId);
  const exportGroup = async (group: readonly CaseFile[]): Promise<void> => {
    const people = await groupClients(deps.clients, organisation.organisationId, group, run, slks);
    for (const cf of group) await run.addCaseFile(cf, people);
  };
  let group: CaseFile[] = [];
  let sessions = 0;
  for await (const page of deps.caseFiles.pages(organisation.organisationId, PAGE_SIZE, activityIds && [...activityIds])) {
    for (const cf of page) {
      group.push(cf);
      sessions += cf.sessions.length;
      if (sessions < GROUP_SESSIONS) continue;
      await exportGroup(group);
      group = [];
      sessions = 0;
    }
  }
  await exportGroup(group);
  await run.finish();
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
