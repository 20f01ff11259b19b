/**
 * The client details DEX's `Client` requires beyond name, birth date and sex (DSS bulk-upload schema,
 * DEXFileUpload.xsd, and the optional fields added in specification 1.7): what a stored client still lacks,
 * the rules a change must keep, and applying a change that sets only what the user chose.
 */
import type { z } from 'zod';
import type { Actor } from './common';
import { ClientSchema, type Client } from './client';
import { fail, ok, type Outcome } from './outcome';
import { checkPostcode } from './postcodes';
import type { Problem } from './problem';
import type { CodeListName, ReferenceData } from './referenceData';

/** Fields DEX requires on every client, in the order a form asks for them. */
export const REQUIRED_CLIENT_DETAILS = [
  'consentToProvideDetails',
  'consentedForFutureContacts',
  'isUsingPseudonym',
  'countryOfBirthCode',
  'languageSpokenAtHomeCode',
  'aboriginalOrTorresStraitIslanderOriginCode',
  'hasDisabilities',
  'disabilityCodes',
  'residentialAddress',
] as const;
export type RequiredClientDetail = (typeof REQUIRED_CLIENT_DETAILS)[number];

/** Fields DEX accepts but never requires; offered, never demanded. */
export const OPTIONAL_CLIENT_DETAILS = [
  'homelessIndicatorCode',
  'educationLevelCode',
  'employmentStatusCode',
  'isClientACarer',
  'ndisEligibilityCode',
] as const;
export type OptionalClientDetail = (typeof OPTIONAL_CLIENT_DETAILS)[number];

export type ClientDetailField = RequiredClientDetail | OptionalClientDetail;

export const CLIENT_DETAIL_FIELDS_ALL: readonly ClientDetailField[] = [...REQUIRED_CLIENT_DETAILS, ...OPTIONAL_CLIENT_DETAILS];

export const CLIENT_DETAIL_LABELS: Readonly<Record<ClientDetailField, string>> = {
  consentToProvideDetails: 'consent to provide their details to DSS',
  consentedForFutureContacts: 'consent to future contact by DSS',
  isUsingPseudonym: 'answer to “is this name a pseudonym?”',
  countryOfBirthCode: 'country of birth',
  languageSpokenAtHomeCode: 'main language spoken at home',
  aboriginalOrTorresStraitIslanderOriginCode: 'Aboriginal or Torres Strait Islander origin',
  hasDisabilities: 'answer to “do they have a disability?”',
  disabilityCodes: 'kind of disability',
  residentialAddress: 'suburb, state and postcode',
  homelessIndicatorCode: 'homelessness',
  educationLevelCode: 'highest education',
  employmentStatusCode: 'employment',
  isClientACarer: 'answer to “are they a carer?”',
  ndisEligibilityCode: 'NDIS eligibility',
};

/** The code list each coded field is checked against. */
export const CLIENT_DETAIL_LISTS = {
  countryOfBirthCode: 'country',
  languageSpokenAtHomeCode: 'language',
  aboriginalOrTorresStraitIslanderOriginCode: 'aboriginalOrTorresStraitIslanderOrigin',
  homelessIndicatorCode: 'homelessIndicator',
  educationLevelCode: 'educationLevel',
  employmentStatusCode: 'employmentStatus',
  ndisEligibilityCode: 'ndisEligibility',
} as const satisfies Partial<Record<ClientDetailField, CodeListName>>;

/** The required fields a stored client lacks, in asking order. Disabilities are asked only after a yes. */
export function missingClientDetails(c: Client): RequiredClientDetail[] {
  return REQUIRED_CLIENT_DETAILS.filter((field) => {
    if (field === 'disabilityCodes') return c.hasDisabilities === true && (c.disabilityCodes?.length ?? 0) === 0;
    return c[field] === undefined;
  });
}

/** "country of birth, main language spoken at home and suburb, state and postcode". */
export function describeMissing(fields: readonly ClientDetailField[]): string {
  const words = fields.map((f) => CLIENT_DETAIL_LABELS[f]);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** A change to a client's details: each field present is set, each absent one is left as it is. */
export const ClientDetailsChangeSchema = ClientSchema.pick({
  consentToProvideDetails: true,
  consentedForFutureContacts: true,
  isUsingPseudonym: true,
  countryOfBirthCode: true,
  languageSpokenAtHomeCode: true,
  aboriginalOrTorresStraitIslanderOriginCode: true,
  hasDisabilities: true,
  disabilityCodes: true,
  homelessIndicatorCode: true,
  educationLevelCode: true,
  employmentStatusCode: true,
  isClientACarer: true,
  ndisEligibilityCode: true,
  residentialAddress: true,
});
export type ClientDetailsChange = z.infer<typeof ClientDetailsChangeSchema>;

/** Every rule the details of one client (as they would stand after a change) break. */
export function checkClientDetails(details: ClientDetailsChange, referenceData?: ReferenceData): Problem[] {
  const problems: Problem[] = [];
  for (const [field, list] of Object.entries(CLIENT_DETAIL_LISTS) as [keyof typeof CLIENT_DETAIL_LISTS, CodeListName][]) {
    const code = details[field];
    if (code !== undefined && referenceData && !referenceData.isValidCode(list, code)) {
      problems.push({ code: 'clientDetails.unknownCode', field, message: `The ${CLIENT_DETAIL_LABELS[field]} code ${code} is not on the current DEX list.` });
    }
  }
  const codes = details.disabilityCodes ?? [];
  if (details.hasDisabilities === true && codes.length === 0) {
    problems.push({
      code: 'disabilities.missing',
      field: 'disabilityCodes',
      message: 'Choose at least one kind of disability, or "Not stated" if the client did not say.',
    });
  }
  if (details.hasDisabilities !== true && codes.length > 0) {
    problems.push({
      code: 'disabilities.withoutYes',
      field: 'disabilityCodes',
      message: 'Disabilities can only be recorded for a client who has a disability.',
    });
  }
  if (codes.includes('NOTSTATED') && codes.length > 1) {
    problems.push({
      code: 'disabilities.notStatedWithOthers',
      field: 'disabilityCodes',
      message: '"Not stated" cannot be chosen together with a kind of disability.',
    });
  }
  for (const code of codes) {
    if (referenceData && !referenceData.isValidCode('disability', code)) {
      problems.push({ code: 'clientDetails.unknownCode', field: 'disabilityCodes', message: `The disability code ${code} is not on the current DEX list.` });
    }
  }
  if (details.residentialAddress) {
    const postcode = checkPostcode(details.residentialAddress.state, details.residentialAddress.postcode);
    if (postcode) problems.push(postcode);
  }
  return problems;
}

export type ClientChangeContext = { now: string; actor: Actor };

/**
 * The client with the change applied, or the rules it breaks. Only fields present in the change are
 * touched; answering "no disability" removes any disabilities recorded before.
 */
export function applyClientDetails(client: Client, change: ClientDetailsChange, ctx: ClientChangeContext, referenceData?: ReferenceData): Outcome<Client> {
  const parsed = ClientDetailsChangeSchema.safeParse(change);
  if (!parsed.success) {
    return fail(...parsed.error.issues.map((i) => ({ code: 'clientDetails.invalid', field: String(i.path[0] ?? 'client'), message: i.message })));
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ClientDetailsChange;
  const next: Client = { ...client, ...defined };
  if (next.hasDisabilities !== true) delete next.disabilityCodes;
  const problems = checkClientDetails(next, referenceData);
  if (problems.length > 0) return fail(...problems);
  return ok(ClientSchema.parse({ ...next, updatedAt: ctx.now, updatedBy: ctx.actor }));
}
