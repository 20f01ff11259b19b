import { z } from 'zod';
import { GenderSchema } from './client';
import { IsoDateSchema, IsoDateTimeSchema, OrganisationIdSchema } from './common';

/** One person on an attendance roll, as the activity-management system exported them. */
export const RollEntrySchema = z.object({
  clientId: z.string().min(1).optional(),
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  birthDate: IsoDateSchema,
  gender: GenderSchema,
  booked: z.boolean(),
  attended: z.boolean(),
});
export type RollEntry = z.infer<typeof RollEntrySchema>;

export const ActivitySessionSchema = z.object({
  /** The source system's key for the session; stable across re-imports. */
  sessionKey: z.string().min(1),
  startsAt: IsoDateTimeSchema,
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  roll: z.array(RollEntrySchema),
});
export type ActivitySession = z.infer<typeof ActivitySessionSchema>;

export const ActivitySchema = z.object({
  organisationId: OrganisationIdSchema,
  activityId: z.string().min(1),
  name: z.string().min(1),
  outletId: z.string().min(1).optional(),
  sessions: z.array(ActivitySessionSchema),
  importedAt: IsoDateTimeSchema,
  /** Hash of the imported content so re-importing the same file changes nothing. */
  contentHash: z.string().min(1),
});
export type Activity = z.infer<typeof ActivitySchema>;
