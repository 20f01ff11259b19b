import { z } from 'zod';
import { OrganisationIdSchema } from './common';
import { ReminderSettingsSchema } from './reminders';

export const OutletActivitySchema = z.object({
  outletActivityId: z.number().int().nonnegative(),
  name: z.string().min(1),
  program: z.string().min(1),
  /** Service types DEX accepts for this activity's program. */
  serviceTypeIds: z.array(z.number().int().positive()).min(1),
  /**
   * Sessions record the Money Business community education workshop (Financial Wellbeing and Capability's
   * Money Business activities). Set per activity because a program's name does not say it reliably.
   */
  moneyBusinessWorkshop: z.boolean().default(false),
  /** Group work whose outcomes are reported as Community SCORE, so each session is expected to have one. */
  communityScore: z.boolean().default(false),
});
export type OutletActivity = z.infer<typeof OutletActivitySchema>;

export const OutletSchema = z.object({
  outletId: z.string().min(1),
  name: z.string().min(1),
  activities: z.array(OutletActivitySchema),
});

export const RoleSchema = z.enum(['caseManager', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const OrganisationSchema = z.object({
  organisationId: OrganisationIdSchema,
  name: z.string().min(1),
  /** IANA zone the organisation reports in; DEX periods close on eastern time. */
  timeZone: z.string().default('Australia/Sydney'),
  tenantIds: z.array(z.string().min(1)).min(1),
  outlets: z.array(OutletSchema).min(1),
  /** Role per Teams user id; anyone in a listed tenant without an entry gets `defaultRole`. */
  roles: z.record(z.string(), RoleSchema).default({}),
  defaultRole: RoleSchema.default('caseManager'),
  /** Deadline reminders: weekly day and time, and how many days before each deadline. */
  reminders: ReminderSettingsSchema.default(ReminderSettingsSchema.parse({})),
  /** Case files (case file ids or DEX case ids) each Teams user id looks after, beyond those they worked on. */
  caseFileAssignments: z.record(z.string(), z.array(z.string().min(1))).default({}),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export function outletActivities(org: Organisation): (OutletActivity & { outletId: string; outletName: string })[] {
  return org.outlets.flatMap((o) => o.activities.map((a) => ({ ...a, outletId: o.outletId, outletName: o.name })));
}

export function findOutletActivity(org: Organisation, outletActivityId: number) {
  return outletActivities(org).find((a) => a.outletActivityId === outletActivityId);
}
