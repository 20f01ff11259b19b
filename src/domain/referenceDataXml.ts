/**
 * Reading a DSS reference data file (DEXReferenceData.xml, which organisation administrators download from the
 * DEX portal): `DEXReferenceData/ReferenceDataItems[@CodeType]/Item{CodeValue, CodeDescription, OrderNumber}`
 * plus the SCORE domains under `AssessmentReferenceDataItems`. Used at start-up (DEX_REFERENCE_DATA_FILE) and by
 * scripts/buildReferenceData.ts.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { formatPath, type CodeEntry, type CodeListName } from './referenceData';

/** DSS CodeType → list name: all 25 code lists of the 2015 reference file, and the code types added since. */
export const CODE_TYPE_LISTS: Readonly<Record<string, CodeListName>> = {
  AboriginalOrTorresStraitIslanderOrigin: 'aboriginalOrTorresStraitIslanderOrigin',
  AccommodationType: 'accommodationType',
  Ancestry: 'ancestry',
  AssessmentPhase: 'assessmentPhase',
  Country: 'country',
  DVACardStatus: 'dvaCardStatus',
  Disability: 'disability',
  ExitReason: 'exitReason',
  ExtraItem: 'extraItem',
  Gender: 'gender',
  HouseholdComposition: 'householdComposition',
  IncomeFrequency: 'incomeFrequency',
  Language: 'language',
  MainSourceOfIncome: 'mainSourceOfIncome',
  MigrationVisaCategory: 'migrationVisaCategory',
  MoneyBusinessCommunityEducationWorkshop: 'moneyBusinessWorkshop',
  ParentingAgreement: 'parentingAgreement',
  ParticipationType: 'participation',
  ReasonForAssistance: 'reasonForAssistance',
  ReferralPurpose: 'referralPurpose',
  ReferralSource: 'referralSource',
  ReferralType: 'referralType',
  ScoreType: 'scoreType',
  Section60ICertificateType: 'section60ICertificateType',
  State: 'state',
  // Code types DSS added after 2015 (bulk specification 1.5–1.10; GetReferenceData), for newer files.
  AttendanceProfile: 'attendanceProfile',
  EducationLevel: 'educationLevel',
  EmploymentStatus: 'employmentStatus',
  ExternalReferralDestination: 'externalReferralDestination',
  HardshipType: 'hardshipType',
  HomelessIndicator: 'homelessIndicator',
  NDISEligibility: 'ndisEligibility',
  ServiceSetting: 'serviceSetting',
  Topic: 'topic',
};

/**
 * SCORE domains per client score type. GROUP is left out on purpose: Community SCORE domains, with the current
 * SOCIALCOHESION domain and their rating wording, are curated in communityScore.json.
 */
export const SCORE_TYPE_LISTS: Readonly<Record<string, CodeListName>> = {
  CIRCUMSTANCES: 'circumstancesDomain',
  GOALS: 'goalsDomain',
  SATISFACTION: 'satisfactionDomain',
};

const XmlItemSchema = z.object({
  CodeValue: z.string(),
  CodeDescription: z.string(),
  OrderNumber: z.string().regex(/^\d+$/),
});
const XmlListSchema = z.object({ '@_CodeType': z.string(), Item: z.array(XmlItemSchema).default([]) });
const XmlAssessmentSchema = z.object({
  ScoreType: z.string(),
  Domains: z.object({ Domain: z.array(z.object({ DomainCode: z.string(), DomainDescription: z.string() })).default([]) }),
});
const XmlFileSchema = z.object({
  DEXReferenceData: z.object({
    ReferenceDataItems: z.array(XmlListSchema),
    AssessmentReferenceDataItems: z.object({ AssessmentReferenceDataItem: z.array(XmlAssessmentSchema) }).optional(),
  }),
});

export type DexReferenceXml = z.infer<typeof XmlFileSchema>;

export type Fresh = { list: CodeListName; origin: string; codes: CodeEntry[] };

const ARRAY_ELEMENTS = new Set(['ReferenceDataItems', 'Item', 'AssessmentReferenceDataItem', 'Domain', 'Score']);

/** The XML of a DSS reference data file, checked to have the expected shape; `name` is for messages. */
export function parseDexReferenceXml(content: string, name: string): DexReferenceXml {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Codes such as "0003" (country "Not stated") must stay strings.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_ELEMENTS.has(name),
  });
  const parsed = XmlFileSchema.safeParse(parser.parse(content));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new Error(`${name} does not look like a DEXReferenceData file:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export function freshLists(xml: DexReferenceXml, log: (line: string) => void): Fresh[] {
  const out: Fresh[] = [];
  for (const items of xml.DEXReferenceData.ReferenceDataItems) {
    const codeType = items['@_CodeType'];
    const list = CODE_TYPE_LISTS[codeType];
    if (!list) {
      log(`ignored: CodeType ${codeType} has no list name; add it to CODE_TYPE_LISTS to keep it`);
      continue;
    }
    out.push({
      list,
      origin: `CodeType ${codeType}`,
      codes: items.Item.map((item) => ({
        code: item.CodeValue,
        label: item.CodeDescription.trim(),
        order: Number(item.OrderNumber),
      })),
    });
  }
  for (const assessment of xml.DEXReferenceData.AssessmentReferenceDataItems?.AssessmentReferenceDataItem ?? []) {
    const list = SCORE_TYPE_LISTS[assessment.ScoreType];
    if (!list) {
      log(
        assessment.ScoreType === 'GROUP'
          ? 'ignored: ScoreType GROUP domains; Community SCORE is curated in communityScore.json'
          : `ignored: ScoreType ${assessment.ScoreType} has no list name; add it to SCORE_TYPE_LISTS to keep it`,
      );
      continue;
    }
    out.push({
      list,
      origin: `AssessmentReferenceDataItems ScoreType ${assessment.ScoreType}`,
      codes: assessment.Domains.Domain.map((d, index) => ({ code: d.DomainCode, label: d.DomainDescription.trim(), order: index + 1 })),
    });
  }
  const found = new Set(out.map((f) => f.list));
  for (const list of [...Object.values(CODE_TYPE_LISTS), ...Object.values(SCORE_TYPE_LISTS)]) {
    if (!found.has(list)) log(`${list}: not in this XML; ${list}.json left unchanged`);
  }
  return out;
}
