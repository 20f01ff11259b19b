import { z } from 'zod';
import { ActorSchema, CodeSchema, IsoDateTimeSchema } from './common';

export const ReferralSchema = z.object({
  typeCode: z.enum(['INTERNAL', 'EXTERNAL']),
  purposeCodes: z.array(CodeSchema).min(1, 'a referral needs at least one purpose'),
});
export type Referral = z.infer<typeof ReferralSchema>;

export const ParticipantSchema = z.object({
  clientId: z.string().min(1),
  participationCode: z.enum(['CLIENT', 'SUPPORT']),
  referrals: z.array(ReferralSchema).default([]),
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const SessionDetailsSchema = z.object({
  interpreterPresent: z.boolean().optional(),
  serviceTypeId: z.number().int().positive().optional(),
  serviceSettingCode: CodeSchema.optional(),
  topicCode: CodeSchema.optional(),
  hardshipTypeCode: CodeSchema.optional(),
  referralDestinationCode: CodeSchema.optional(),
  moneyBusinessWorkshopCode: CodeSchema.optional(),
});
export type SessionDetails = z.infer<typeof SessionDetailsSchema>;
/** The detail fields in the order DEX CM shows them. */
export const SESSION_DETAIL_FIELDS = SessionDetailsSchema.keyof().options;

export const RatingSchema = z.number().int().min(1).max(5);

export const DomainRatingSchema = z.object({
  domainCode: CodeSchema,
  pre: RatingSchema.optional(),
  post: RatingSchema.optional(),
});
export type DomainRating = z.infer<typeof DomainRatingSchema>;

export const CommunityScoreSchema = z.object({
  ratings: z.array(DomainRatingSchema).min(1),
  /** DEX allows one end-of-session rating for a one-off event instead of a PRE/POST pair. */
  singleRating: z.boolean().default(false),
  note: z.string().max(1000).optional(),
  /** Optional in DSS's guidance: recorded only when the user chose who assessed. */
  assessedByCode: CodeSchema.optional(),
  recordedAt: IsoDateTimeSchema,
  recordedBy: ActorSchema,
  clonedFromSessionId: z.string().optional(),
});
export type CommunityScore = z.infer<typeof CommunityScoreSchema>;

/** DEX's longest SessionId. */
export const SESSION_ID_MAX = 50;

export const SessionSchema = z.object({
  sessionId: z.string().min(1).max(SESSION_ID_MAX),
  /** Start of the service, ISO with the organisation's offset. */
  startsAt: IsoDateTimeSchema,
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  unidentifiedParticipants: z.number().int().min(0).max(999),
  details: SessionDetailsSchema.default({}),
  participants: z.array(ParticipantSchema).default([]),
  communityScore: CommunityScoreSchema.optional(),
  /**
   * Entered after its reporting period closed, so DEX never received it: kept for the organisation's own
   * records only, as the user confirmed when saving it.
   */
  ownRecordsOnly: z.boolean().optional(),
  /** Key of the external activity session this came from, so a later transfer adds only new sessions. */
  sourceSessionKey: z.string().optional(),
});
export type Session = z.infer<typeof SessionSchema>;
