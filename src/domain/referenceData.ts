import { z } from 'zod';

/**
 * DEX reference data: code lists, service types and Community SCORE wording, as the files in `referenceData/`
 * declare them, and the questions the rest of the app asks of them. Reading the files (and the deployment's
 * REFERENCE_DATA_DIR and DEX_REFERENCE_DATA_FILE) is src/config/referenceDataFiles.ts's job; turning what it read
 * into a `ReferenceData` is referenceDataAssembly.ts's.
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

function reportDuplicates<T>(items: readonly T[], key: (item: T) => string | number, arrayField: string, keyField: string, ctx: z.RefinementCtx): void {
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

/** Renders ['codes', 3, 'label'] as "codes[3].label", the way people read JSON. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(file)' : out;
}
