import type { z } from 'zod';
import {
  COMMUNITY_SCORE_FILE,
  CodeListFileSchema,
  CommunityScoreFileSchema,
  REFERENCE_FILE_NAMES,
  ReferenceDataError,
  SERVICE_TYPE_FILE,
  ServiceTypeFileSchema,
  formatPath,
  type AssessedBy,
  type ClientScaleType,
  type CodeEntry,
  type CodeListFile,
  type CodeListName,
  type CommunityDomain,
  type CommunityScoreFile,
  type Confidence,
  type RatingWording,
  type ReferenceData,
  type ReferenceFileInfo,
  type ReferenceFileName,
  type ServiceType,
  type ServiceTypeFile,
} from './referenceData';
import { freshLists, parseDexReferenceXml } from './referenceDataXml';

/** One reference file as read: its parsed JSON, or why it could not be read (the reader words that). */
export type ReadReferenceFile = {
  name: ReferenceFileName;
  /** Where it was read from, for provenance and problem messages. */
  file: string;
  origin: 'builtIn' | 'override';
  /** How problems name it: the path of an override, `<name>.json (built-in)` for a built-in file. */
  shownAs: string;
} & ({ json: unknown } | { unreadable: string });

/** What src/config/referenceDataFiles.ts hands over: every file it read, and the problems it met reading them. */
export type ReadReferenceData = {
  files: readonly ReadReferenceFile[];
  /** DEX_REFERENCE_DATA_FILE's text, when one is set. */
  dssFile?: { file: string; baseName: string; xml: string } | { file: string; unreadable: string };
  /** Problems found before any file was read (an unreadable override folder, a misspelt file name). */
  problems: readonly string[];
};

type Loaded<F> = { info: ReferenceFileInfo; file: F };

/**
 * Validates and freezes every reference file read. All problems across all files are reported together, each
 * naming the file and the field, so a deployment can fix a bad override in one pass.
 */
export function assembleReferenceData(read: ReadReferenceData): ReferenceData {
  const problems: string[] = [...read.problems];
  const lists = new Map<CodeListName, Loaded<CodeListFile>>();
  let serviceTypeFile: Loaded<ServiceTypeFile> | undefined;
  let communityFile: Loaded<CommunityScoreFile> | undefined;

  for (const loc of read.files) {
    if ('unreadable' in loc) {
      problems.push(`${loc.shownAs}: ${loc.unreadable}`);
      continue;
    }
    if (loc.name === SERVICE_TYPE_FILE) {
      const file = validate(ServiceTypeFileSchema, loc, problems);
      if (file) serviceTypeFile = { info: infoOf(loc, file), file };
    } else if (loc.name === COMMUNITY_SCORE_FILE) {
      const file = validate(CommunityScoreFileSchema, loc, problems);
      if (file) communityFile = { info: infoOf(loc, file), file };
    } else {
      const file = validate(CodeListFileSchema, loc, problems);
      if (file && file.list !== loc.name) {
        problems.push(`${loc.shownAs}: list: is "${file.list}" but the file name says "${loc.name}"`);
      } else if (file) {
        lists.set(loc.name, { info: infoOf(loc, file), file });
      }
    }
  }

  if (read.dssFile) applyDssFile(lists, read.dssFile, problems);
  if (problems.length > 0 || !serviceTypeFile || !communityFile) throw new ReferenceDataError(problems);
  return build(lists, serviceTypeFile, communityFile);
}

/**
 * Replaces each list the DSS file holds with the file's codes. A code the list had and the file lacks is kept
 * as retired, so stored records still show its label, but it is no longer offered or accepted.
 */
function applyDssFile(lists: Map<CodeListName, Loaded<CodeListFile>>, dss: NonNullable<ReadReferenceData['dssFile']>, problems: string[]): void {
  if ('unreadable' in dss) {
    problems.push(`${dss.file}: ${dss.unreadable}`);
    return;
  }
  let fresh: ReturnType<typeof freshLists>;
  try {
    fresh = freshLists(parseDexReferenceXml(dss.xml, dss.file), () => undefined);
  } catch (err) {
    problems.push(`${dss.file}: ${(err as Error).message}`);
    return;
  }
  for (const f of fresh) {
    const before = lists.get(f.list);
    const kept = new Set(f.codes.map((c) => c.code));
    const retired = (before?.file.codes ?? []).filter((c) => !kept.has(c.code)).map((c) => ({ ...c, retired: true }));
    const header: FileHeader = { version: dss.baseName, source: `DSS ${dss.baseName}, ${f.origin}`, confidence: 'dss' };
    const parsed = CodeListFileSchema.safeParse({ list: f.list, ...header, codes: [...f.codes, ...retired] });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${dss.file}: ${f.origin}: ${formatPath(issue.path)}: ${issue.message}`);
      continue;
    }
    lists.set(f.list, { info: infoOf({ name: f.list, file: dss.file, origin: 'dssFile' }, header), file: parsed.data });
  }
}

function validate<S extends z.ZodType>(schema: S, loc: ReadReferenceFile & { json: unknown }, problems: string[]): z.infer<S> | undefined {
  const result = schema.safeParse(loc.json);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(`${loc.shownAs}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return undefined;
}

type FileHeader = {
  version: string;
  source: string;
  confidence?: Confidence | undefined;
  confirmed?: boolean | undefined;
  note?: string | undefined;
};

function infoOf(loc: { name: ReferenceFileName; file: string; origin: ReferenceFileInfo['origin'] }, file: FileHeader): ReferenceFileInfo {
  return Object.freeze({
    name: loc.name,
    file: loc.file,
    origin: loc.origin,
    version: file.version,
    source: file.source,
    confidence: file.confidence ?? (file.confirmed === false ? 'unconfirmed' : 'dss'),
    confirmed: file.confirmed !== false,
    note: file.note,
  });
}

function byOrder<T extends { order: number }>(entries: readonly T[]): T[] {
  // Array.prototype.sort is stable, so equal orders keep their file position.
  return [...entries].sort((a, b) => a.order - b.order);
}

function freezeEntry(entry: CodeEntry): CodeEntry {
  return Object.freeze({ ...entry });
}

type CompiledList = {
  readonly all: readonly CodeEntry[];
  readonly active: readonly CodeEntry[];
  readonly byCode: ReadonlyMap<string, CodeEntry>;
};

function compileList(entries: readonly CodeEntry[]): CompiledList {
  const all = Object.freeze(byOrder(entries).map(freezeEntry));
  return {
    all,
    active: Object.freeze(all.filter((c) => !c.retired)),
    byCode: new Map(all.map((c) => [c.code, c])),
  };
}

function isActive(list: CompiledList, code: string): boolean {
  const entry = list.byCode.get(code);
  return entry !== undefined && !entry.retired;
}

function build(
  lists: Map<CodeListName, Loaded<CodeListFile>>,
  serviceTypeFile: Loaded<ServiceTypeFile>,
  communityFile: Loaded<CommunityScoreFile>,
): ReferenceData {
  const compiled = new Map<CodeListName, CompiledList>();
  for (const [name, { file }] of lists) compiled.set(name, compileList(file.codes));
  const listOf = (name: CodeListName): CompiledList => {
    const list = compiled.get(name);
    // Unreachable after a successful load; guards callers that bypass the type system.
    if (!list) throw new Error(`Unknown reference list "${String(name)}"`);
    return list;
  };

  const infos = new Map<ReferenceFileName, ReferenceFileInfo>();
  for (const [name, { info }] of lists) infos.set(name, info);
  infos.set(SERVICE_TYPE_FILE, serviceTypeFile.info);
  infos.set(COMMUNITY_SCORE_FILE, communityFile.info);
  const files = Object.freeze(REFERENCE_FILE_NAMES.map((name) => infos.get(name)!));

  const allServiceTypes: readonly ServiceType[] = Object.freeze(
    [...serviceTypeFile.file.serviceTypes].sort((a, b) => a.id - b.id).map((s) => Object.freeze({ id: s.id, label: s.label, retired: s.retired === true })),
  );
  const activeServiceTypes = Object.freeze(allServiceTypes.filter((s) => !s.retired));
  const serviceTypeById = new Map(allServiceTypes.map((s) => [s.id, s]));

  const community = communityFile.file;
  const domains = compileList(community.domains);
  const communityDomains: readonly CommunityDomain[] = Object.freeze(domains.active.map((d) => Object.freeze({ code: d.code, label: d.label })));
  const ratings = Object.freeze([...community.ratings].sort((a, b) => a.rating - b.rating).map((r) => Object.freeze({ ...r })));
  const assessed = compileList(community.assessedBy);
  const assessedBy: readonly AssessedBy[] = Object.freeze(assessed.active.map((a) => Object.freeze({ code: a.code, label: a.label })));
  const scales = new Map<ClientScaleType, readonly RatingWording[]>();
  for (const type of ['CIRCUMSTANCES', 'GOALS'] as const) {
    const scale = community.clientScales?.[type];
    if (scale) scales.set(type, Object.freeze([...scale].sort((a, b) => a.rating - b.rating).map((r) => Object.freeze({ ...r }))));
  }

  const data: ReferenceData = {
    files,
    info: (name) => infos.get(name)!,
    codesOf: (list, options) => (options?.includeRetired ? listOf(list).all : listOf(list).active),
    isValidCode: (list, code) => isActive(listOf(list), code),
    isConfirmedCode: (list, code) => infos.get(list)!.confirmed && isActive(listOf(list), code) && listOf(list).byCode.get(code)!.confirmed !== false,
    labelOf: (list, code) => listOf(list).byCode.get(code)?.label,
    findCode: (list, input) => {
      const l = listOf(list);
      if (isActive(l, input)) return l.byCode.get(input);
      const wanted = input.trim().toLowerCase();
      if (wanted === '') return undefined;
      return l.active.find((c) => c.code.toLowerCase() === wanted) ?? l.active.find((c) => c.label.toLowerCase() === wanted);
    },
    serviceTypes: (options) => (options?.includeRetired ? allServiceTypes : activeServiceTypes),
    serviceType: (id) => serviceTypeById.get(id),
    isValidServiceType: (id) => serviceTypeById.get(id)?.retired === false,
    communityScoreType: () => community.scoreType,
    communityDomains: () => communityDomains,
    isCommunityDomain: (code) => isActive(domains, code),
    communityRatingLabel: (rating) => ratings.find((r) => r.rating === rating)?.label,
    communityRatings: () => ratings,
    assessedBy: () => assessedBy,
    isValidAssessedBy: (code) => isActive(assessed, code),
    clientScale: (type) => scales.get(type),
  };
  return Object.freeze(data);
}
