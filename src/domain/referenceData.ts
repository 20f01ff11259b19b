import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { freshLists, parseDexReferenceXml } from './referenceDataXml';

/**
 * DEX reference data: code lists, service types and Community SCORE wording, read from JSON files at start-up.
 * Built-in copies live in `referenceData/`; a deployment may point `REFERENCE_DATA_DIR` at newer files, and a file
 * there replaces the built-in file of the same name as a whole.
 */

/** Every code list the app knows, each backed by `referenceData/<name>.json`. */
export const CODE_LIST_NAMES = [
  'aboriginalOrTorresStraitIslanderOrigin',
  'accommodationType',
  'ancestry',
  'assessmentPhase',
  'attendanceProfile',
  'circumstancesDomain',
  'country',
  'disability',
  'dvaCardStatus',
  'educationLevel',
  'employmentStatus',
  'exitReason',
  'externalReferralDestination',
  'extraItem',
  'gender',
  'goalsDomain',
  'hardshipType',
  'homelessIndicator',
  'householdComposition',
  'incomeFrequency',
  'language',
  'mainSourceOfIncome',
  'migrationVisaCategory',
  'moneyBusinessWorkshop',
  'ndisEligibility',
  'parentingAgreement',
  'participation',
  'reasonForAssistance',
  'referralPurpose',
  'referralSource',
  'referralType',
  'satisfactionDomain',
  'scoreType',
  'section60ICertificateType',
  'serviceSetting',
  'state',
  'topic',
] as const;

export type CodeListName = (typeof CODE_LIST_NAMES)[number];

export const SERVICE_TYPE_FILE = 'serviceType';
export const COMMUNITY_SCORE_FILE = 'communityScore';

export type ReferenceFileName = CodeListName | typeof SERVICE_TYPE_FILE | typeof COMMUNITY_SCORE_FILE;

export const REFERENCE_FILE_NAMES: readonly ReferenceFileName[] = [...CODE_LIST_NAMES, SERVICE_TYPE_FILE, COMMUNITY_SCORE_FILE];

// DEX codes are short upper-case tokens or digit strings; one dex-api-client list spells a code in mixed case.
const codeValue = z.string().regex(/^[A-Za-z0-9_-]{1,30}$/, 'must be 1-30 letters, digits, "_" or "-"');
const text = z.string().trim().min(1, 'must not be empty');

/**
 * How far a list can be trusted: `dss` from a DSS reference data file, `registry` from the DSS or NSW
 * government metadata registries, `third-party` from code used against the live DEX service, `unconfirmed`
 * from nowhere DSS publishes. Hand-curated codes may say `"confirmed": false` on their own.
 */
export const ConfidenceSchema = z.enum(['dss', 'registry', 'third-party', 'unconfirmed']);
export type Confidence = z.infer<typeof ConfidenceSchema>;

const fileHeader = {
  version: text,
  source: text,
  confidence: ConfidenceSchema.optional(),
  /** False when the codes, or whether the list is complete, could not be checked against a DSS source. */
  confirmed: z.boolean().optional(),
  note: text.optional(),
};

export const CodeEntrySchema = z.strictObject({
  code: codeValue,
  label: text,
  order: z.number().int().min(0),
  /** Kept so old records still show a label; never offered or accepted for new entries. */
  retired: z.boolean().optional(),
  /** Set on codes that come from somewhere other than the file's own source (hand-curated additions). */
  source: text.optional(),
  /** False for a code taken from no DSS source (accepted, but readiness warns that DEX may refuse it). */
  confirmed: z.boolean().optional(),
});

export const CodeListFileSchema = z
  .strictObject({
    list: text,
    ...fileHeader,
    codes: z.array(CodeEntrySchema),
  })
  .superRefine((file, ctx) => {
    reportDuplicates(file.codes, (c) => c.code, 'codes', 'code', ctx);
    if (file.codes.length === 0 && file.confirmed !== false) {
      ctx.addIssue({ code: 'custom', path: ['codes'], message: 'is empty; an empty list must say "confirmed": false' });
    }
  });

export const ServiceTypeEntrySchema = z.strictObject({
  id: z.number().int().min(1),
  label: text,
  retired: z.boolean().optional(),
  source: text.optional(),
});

export const ServiceTypeFileSchema = z
  .strictObject({
    list: z.literal(SERVICE_TYPE_FILE),
    ...fileHeader,
    serviceTypes: z.array(ServiceTypeEntrySchema).min(1),
  })
  .superRefine((file, ctx) => reportDuplicates(file.serviceTypes, (s) => s.id, 'serviceTypes', 'id', ctx));

const RatingWordingSchema = z.strictObject({ rating: z.number().int().min(1).max(5), label: text });

/** Exactly one wording for each rating 1 to 5, in any order. */
const FivePointScaleSchema = z.array(RatingWordingSchema).superRefine((ratings, ctx) => {
  reportDuplicates(ratings, (r) => r.rating, '', 'rating', ctx);
  const missing = [1, 2, 3, 4, 5].filter((n) => !ratings.some((r) => r.rating === n));
  if (missing.length > 0) ctx.addIssue({ code: 'custom', message: `lacks wording for rating ${missing.join(', ')}` });
});

export const CommunityScoreFileSchema = z
  .strictObject({
    list: z.literal(COMMUNITY_SCORE_FILE),
    ...fileHeader,
    scoreType: text,
    domains: z.array(CodeEntrySchema).min(1),
    ratings: FivePointScaleSchema,
    assessedBy: z.array(CodeEntrySchema).min(1),
    clientScales: z
      .strictObject({
        CIRCUMSTANCES: FivePointScaleSchema.optional(),
        GOALS: FivePointScaleSchema.optional(),
      })
      .optional(),
  })
  .superRefine((file, ctx) => {
    reportDuplicates(file.domains, (d) => d.code, 'domains', 'code', ctx);
    reportDuplicates(file.assessedBy, (a) => a.code, 'assessedBy', 'code', ctx);
  });

export type CodeEntry = z.infer<typeof CodeEntrySchema>;
export type CodeListFile = z.infer<typeof CodeListFileSchema>;
export type ServiceTypeFile = z.infer<typeof ServiceTypeFileSchema>;
export type RatingWording = z.infer<typeof RatingWordingSchema>;
export type CommunityScoreFile = z.infer<typeof CommunityScoreFileSchema>;
export type ClientScaleType = 'CIRCUMSTANCES' | 'GOALS';

function reportDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string | number,
  arrayField: string,
  keyField: string,
  ctx: z.RefinementCtx,
): void {
  const firstIndex = new Map<string | number, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const earlier = firstIndex.get(k);
    if (earlier === undefined) {
      firstIndex.set(k, index);
      return;
    }
    const where = arrayField === '' ? `[${earlier}]` : `${arrayField}[${earlier}]`;
    ctx.addIssue({
      code: 'custom',
      path: arrayField === '' ? [index, keyField] : [arrayField, index, keyField],
      message: `duplicate ${keyField} ${JSON.stringify(k)} (first at ${where})`,
    });
  });
}

/** Where one loaded file came from, for start-up logs and "which lists are we using" answers. */
export type ReferenceFileInfo = {
  readonly name: ReferenceFileName;
  readonly file: string;
  /** `dssFile`: the list came from the DSS reference data file named by DEX_REFERENCE_DATA_FILE. */
  readonly origin: 'builtIn' | 'override' | 'dssFile';
  readonly version: string;
  readonly source: string;
  readonly confidence: Confidence;
  readonly confirmed: boolean;
  readonly note: string | undefined;
};

export type ServiceType = { readonly id: number; readonly label: string; readonly retired: boolean };
export type CommunityDomain = { readonly code: string; readonly label: string };
export type AssessedBy = { readonly code: string; readonly label: string };

export type CodesOfOptions = { includeRetired?: boolean };

export interface ReferenceData {
  /** Every loaded file, built-in or override. */
  readonly files: readonly ReferenceFileInfo[];
  info(name: ReferenceFileName): ReferenceFileInfo;
  /** Active codes in display order; retired codes only when asked for. */
  codesOf(list: CodeListName, options?: CodesOfOptions): readonly CodeEntry[];
  /** True only for active codes: use it to check what a user or a card submits. */
  isValidCode(list: CodeListName, code: string): boolean;
  /** An active code of a confirmed list that is not itself marked unconfirmed. */
  isConfirmedCode(list: CodeListName, code: string): boolean;
  /** Label for any known code, retired ones included, so old records still read well. */
  labelOf(list: CodeListName, code: string): string | undefined;
  /** Active code matching exactly, else case-insensitively on code or label, so typed answers resolve. */
  findCode(list: CodeListName, input: string): CodeEntry | undefined;
  serviceTypes(options?: CodesOfOptions): readonly ServiceType[];
  serviceType(id: number): ServiceType | undefined;
  isValidServiceType(id: number): boolean;
  communityScoreType(): string;
  communityDomains(): readonly CommunityDomain[];
  isCommunityDomain(code: string): boolean;
  communityRatingLabel(rating: number): string | undefined;
  communityRatings(): readonly RatingWording[];
  assessedBy(): readonly AssessedBy[];
  isValidAssessedBy(code: string): boolean;
  clientScale(type: ClientScaleType): readonly RatingWording[] | undefined;
}

export class ReferenceDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Reference data is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'ReferenceDataError';
  }
}

/** The folder holding package.json, found by walking up so it works from `src/` under tsx and from `dist/src/`. */
export function findPackageRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${startDir}`);
    dir = parent;
  }
}

export const BUILT_IN_REFERENCE_DATA_DIR = path.join(findPackageRoot(), 'referenceData');

export type LoadReferenceDataOptions = {
  /** Defaults to BUILT_IN_REFERENCE_DATA_DIR. */
  builtInDir?: string;
  /** REFERENCE_DATA_DIR: files here replace built-in files of the same name. */
  overrideDir?: string | undefined;
  /** DEX_REFERENCE_DATA_FILE: a DSS DEXReferenceData.xml whose lists replace every list it holds. */
  dexXmlFile?: string | undefined;
};

export function referenceDataOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LoadReferenceDataOptions {
  const dir = env['REFERENCE_DATA_DIR']?.trim();
  const xml = env['DEX_REFERENCE_DATA_FILE']?.trim();
  return { ...(dir ? { overrideDir: dir } : {}), ...(xml ? { dexXmlFile: xml } : {}) };
}

type Located = { name: ReferenceFileName; file: string; origin: 'builtIn' | 'override' };

/**
 * Reads, validates and freezes every reference file. All problems across all files are reported together, each
 * naming the file and the field, so a deployment can fix a bad override in one pass.
 */
export function loadReferenceData(options: LoadReferenceDataOptions = {}): ReferenceData {
  const builtInDir = path.resolve(options.builtInDir ?? BUILT_IN_REFERENCE_DATA_DIR);
  const overrideDir = options.overrideDir ? path.resolve(options.overrideDir) : undefined;
  const problems: string[] = [];

  const overrides = overrideDir ? listOverrides(overrideDir, problems) : new Set<string>();
  const located: Located[] = REFERENCE_FILE_NAMES.map((name) =>
    overrides.has(name) && overrideDir
      ? { name, file: path.join(overrideDir, `${name}.json`), origin: 'override' }
      : { name, file: path.join(builtInDir, `${name}.json`), origin: 'builtIn' },
  );

  const lists = new Map<CodeListName, { info: ReferenceFileInfo; file: CodeListFile }>();
  let serviceTypeFile: { info: ReferenceFileInfo; file: ServiceTypeFile } | undefined;
  let communityFile: { info: ReferenceFileInfo; file: CommunityScoreFile } | undefined;

  for (const loc of located) {
    const raw = readJson(loc, problems);
    if (raw === undefined) continue;
    if (loc.name === SERVICE_TYPE_FILE) {
      const file = validate(ServiceTypeFileSchema, raw, loc, problems);
      if (file) serviceTypeFile = { info: infoOf(loc, file), file };
    } else if (loc.name === COMMUNITY_SCORE_FILE) {
      const file = validate(CommunityScoreFileSchema, raw, loc, problems);
      if (file) communityFile = { info: infoOf(loc, file), file };
    } else {
      const file = validate(CodeListFileSchema, raw, loc, problems);
      if (file && file.list !== loc.name) {
        problems.push(`${describe(loc)}: list: is "${file.list}" but the file name says "${loc.name}"`);
      } else if (file) {
        lists.set(loc.name, { info: infoOf(loc, file), file });
      }
    }
  }

  if (options.dexXmlFile) applyDssFile(lists, path.resolve(options.dexXmlFile), problems);
  if (problems.length > 0 || !serviceTypeFile || !communityFile) throw new ReferenceDataError(problems);
  return build(lists, serviceTypeFile, communityFile);
}

/**
 * Replaces each list the DSS file holds with the file's codes. A code the list had and the file lacks is kept
 * as retired, so stored records still show its label, but it is no longer offered or accepted.
 */
function applyDssFile(lists: Map<CodeListName, { info: ReferenceFileInfo; file: CodeListFile }>, file: string, problems: string[]): void {
  let fresh: ReturnType<typeof freshLists>;
  try {
    fresh = freshLists(parseDexReferenceXml(fs.readFileSync(file, 'utf8'), file), () => undefined);
  } catch (err) {
    problems.push(`${file}: ${(err as Error).message}`);
    return;
  }
  for (const f of fresh) {
    const before = lists.get(f.list);
    const kept = new Set(f.codes.map((c) => c.code));
    const retired = (before?.file.codes ?? []).filter((c) => !kept.has(c.code)).map((c) => ({ ...c, retired: true }));
    const header: FileHeader = { version: path.basename(file), source: `DSS ${path.basename(file)}, ${f.origin}`, confidence: 'dss' };
    const parsed = CodeListFileSchema.safeParse({ list: f.list, ...header, codes: [...f.codes, ...retired] });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${f.origin}: ${formatPath(issue.path)}: ${issue.message}`);
      continue;
    }
    lists.set(f.list, { info: infoOf({ name: f.list, file, origin: 'dssFile' }, header), file: parsed.data });
  }
}

function listOverrides(dir: string, problems: string[]): Set<string> {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    problems.push(`${dir}: the reference data override folder cannot be read (${(err as Error).message})`);
    return new Set();
  }
  const names = new Set<string>();
  for (const entry of entries.filter((e) => e.endsWith('.json')).sort()) {
    const name = entry.slice(0, -'.json'.length);
    if ((REFERENCE_FILE_NAMES as readonly string[]).includes(name)) {
      names.add(name);
    } else {
      // A misspelt file name would otherwise be ignored silently and the stale built-in list used instead.
      problems.push(`${path.join(dir, entry)}: no reference list is called "${name}"`);
    }
  }
  return names;
}

function describe(loc: Located): string {
  return loc.origin === 'override' ? loc.file : `${loc.name}.json (built-in)`;
}

function readJson(loc: Located, problems: string[]): unknown {
  let content: string;
  try {
    content = fs.readFileSync(loc.file, 'utf8');
  } catch (err) {
    problems.push(`${describe(loc)}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return undefined;
  }
  try {
    return JSON.parse(content) as unknown;
  } catch (err) {
    problems.push(`${describe(loc)}: is not valid JSON (${(err as Error).message})`);
    return undefined;
  }
}

function validate<S extends z.ZodType>(schema: S, raw: unknown, loc: Located, problems: string[]): z.infer<S> | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(`${describe(loc)}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return undefined;
}

/** Renders ['codes', 3, 'label'] as "codes[3].label", the way people read JSON. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(file)' : out;
}

type FileHeader = { version: string; source: string; confidence?: Confidence | undefined; confirmed?: boolean | undefined; note?: string | undefined };

function infoOf(loc: Pick<Located, 'name' | 'file'> & { origin: ReferenceFileInfo['origin'] }, file: FileHeader): ReferenceFileInfo {
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
  lists: Map<CodeListName, { info: ReferenceFileInfo; file: CodeListFile }>,
  serviceTypeFile: { info: ReferenceFileInfo; file: ServiceTypeFile },
  communityFile: { info: ReferenceFileInfo; file: CommunityScoreFile },
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
    [...serviceTypeFile.file.serviceTypes]
      .sort((a, b) => a.id - b.id)
      .map((s) => Object.freeze({ id: s.id, label: s.label, retired: s.retired === true })),
  );
  const activeServiceTypes = Object.freeze(allServiceTypes.filter((s) => !s.retired));
  const serviceTypeById = new Map(allServiceTypes.map((s) => [s.id, s]));

  const community = communityFile.file;
  const domains = compileList(community.domains);
  const communityDomains: readonly CommunityDomain[] = Object.freeze(
    domains.active.map((d) => Object.freeze({ code: d.code, label: d.label })),
  );
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
