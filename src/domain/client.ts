import { z } from 'zod';
import { ActorSchema, CodeSchema, IsoDateSchema, IsoDateTimeSchema, OrganisationIdSchema } from './common';

export const GenderSchema = z.enum(['MALE', 'FEMALE', 'OTHER', 'NOTSTATED']);
export type Gender = z.infer<typeof GenderSchema>;

export const ResidentialAddressSchema = z.object({
  suburb: z.string().min(1),
  state: z.enum(['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA']),
  postcode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
});

export const ClientSchema = z.object({
  organisationId: OrganisationIdSchema,
  /** Visible to DSS, so it never carries personal information. */
  clientId: z.string().min(1).max(50),
  givenName: z.string().min(1).max(60),
  familyName: z.string().min(1).max(60),
  birthDate: IsoDateSchema,
  birthDateEstimated: z.boolean(),
  gender: GenderSchema,
  genderDetails: z.string().max(100).optional(),
  slk: z.string().length(14),
  consentToProvideDetails: z.boolean(),
  consentedForFutureContacts: z.boolean(),
  countryOfBirthCode: z.string().regex(/^\d{4}$/).optional(),
  languageSpokenAtHomeCode: z.string().regex(/^\d{4}$/).optional(),
  aboriginalOrTorresStraitIslanderOriginCode: CodeSchema.optional(),
  hasDisabilities: z.boolean().optional(),
  disabilityCodes: z.array(CodeSchema).optional(),
  residentialAddress: ResidentialAddressSchema.optional(),
  createdAt: IsoDateTimeSchema,
  createdBy: ActorSchema,
});
export type Client = z.infer<typeof ClientSchema>;

export function clientDisplayName(c: Pick<Client, 'givenName' | 'familyName'>): string {
  return `${c.givenName} ${c.familyName}`;
}
