import { z } from 'zod';
import { ActorSchema, CodeSchema, IsoDateSchema, IsoDateTimeSchema, OrganisationIdSchema } from './common';

export const GenderSchema = z.enum(['MALE', 'FEMALE', 'OTHER', 'NOTSTATED']);
export type Gender = z.infer<typeof GenderSchema>;

/** DEX StateCode values (DSS reference list `State`); OT is Christmas Island, Cocos (Keeling), Norfolk Island and Jervis Bay. */
export const StateCodeSchema = z.enum(['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA', 'OT']);
export type StateCode = z.infer<typeof StateCodeSchema>;

/** Four digits, kept as text so NT and ACT postcodes such as 0800 keep their leading zero. */
export const PostcodeSchema = z.string().regex(/^\d{4}$/, 'must be 4 digits');

/** DEX's longest suburb or town name. */
export const SUBURB_MAX = 50;

export const ResidentialAddressSchema = z.object({
  suburb: z.string().trim().min(1).max(SUBURB_MAX),
  state: StateCodeSchema,
  postcode: PostcodeSchema,
});

/** Country (SACC) and language (ASCL) codes are four digits in DEX, with DEX's own 0000/0003 and 9000/0002 specials. */
const FourDigitCodeSchema = z.string().regex(/^\d{4}$/, 'must be a 4-digit code');

/**
 * A client as stored. Names, birth date and sex are always known: the SLK is made from them. Every other field
 * DEX's `Client` requires is optional here because records made before it was asked for (and clients created
 * by an activity transfer, whose roll carries no consent or demographics) lack it; `missingClientDetails` in
 * clientDetails.ts lists what such a client still needs, and readiness reports each as an error. A value is
 * only ever present because someone chose it: nothing here has a default.
 */
/** DEX's longest ClientId. */
export const CLIENT_ID_MAX = 50;
/** DEX's longest given or family name. */
export const CLIENT_NAME_MAX = 60;
/** DEX's longest gender description (GenderDetails, for Other). */
export const GENDER_DETAILS_MAX = 100;

export const ClientSchema = z.object({
  organisationId: OrganisationIdSchema,
  /** Visible to DSS, so it never carries personal information. */
  clientId: z.string().min(1).max(CLIENT_ID_MAX),
  givenName: z.string().min(1).max(CLIENT_NAME_MAX),
  familyName: z.string().min(1).max(CLIENT_NAME_MAX),
  birthDate: IsoDateSchema,
  birthDateEstimated: z.boolean(),
  gender: GenderSchema,
  genderDetails: z.string().max(GENDER_DETAILS_MAX).optional(),
  slk: z.string().length(14),
  /** DEX ConsentToProvideDetails. */
  consentToProvideDetails: z.boolean().optional(),
  /** DEX ConsentedForFutureContacts. */
  consentedForFutureContacts: z.boolean().optional(),
  /** DEX IsUsingPsuedonym (DSS's spelling): the names given are not the client's real names. */
  isUsingPseudonym: z.boolean().optional(),
  countryOfBirthCode: FourDigitCodeSchema.optional(),
  languageSpokenAtHomeCode: FourDigitCodeSchema.optional(),
  aboriginalOrTorresStraitIslanderOriginCode: CodeSchema.optional(),
  hasDisabilities: z.boolean().optional(),
  /** DEX Disabilities/DisabilityCode: present (one or more) only when hasDisabilities is true. */
  disabilityCodes: z.array(CodeSchema).optional(),
  residentialAddress: ResidentialAddressSchema.optional(),
  // Optional in DEX too (bulk specification 1.7, April 2018): asked for, never required.
  /** HomelessIndicatorCode: YES, NO or ATRISK. */
  homelessIndicatorCode: CodeSchema.optional(),
  educationLevelCode: CodeSchema.optional(),
  employmentStatusCode: CodeSchema.optional(),
  isClientACarer: z.boolean().optional(),
  ndisEligibilityCode: CodeSchema.optional(),
  createdAt: IsoDateTimeSchema,
  createdBy: ActorSchema,
  /**
   * Set when this record was found to be the same person as another client and merged into it: its case
   * files and sessions now name that client. Kept so the id still resolves; never offered or exported.
   */
  mergedInto: z.string().min(1).max(CLIENT_ID_MAX).optional(),
  /** Set when details are added or corrected after the client was created. */
  updatedAt: IsoDateTimeSchema.optional(),
  updatedBy: ActorSchema.optional(),
});
export type Client = z.infer<typeof ClientSchema>;

export function clientDisplayName(c: Pick<Client, 'givenName' | 'familyName'>): string {
  return `${c.givenName} ${c.familyName}`;
}
