import { z } from 'zod';
import { AttendanceProfileSchema } from '../../src/domain/caseFile';

/** What the transfer flow collects, and what starting it may carry (a search, or an activity from a button). */
export const TransferAnswers = z.object({
  mode: z.enum(['new', 'addNew']),
  activityId: z.string(),
  /** Fixed when the flow starts, so a retried save finds the case file it already wrote. */
  caseFileId: z.string(),
  name: z.string().default(''),
  overview: z.string().default(''),
  outletActivityId: z.number().int().optional(),
  clientAttendanceProfileCode: AttendanceProfileSchema.optional(),
  /** Sessions dated in closed reporting periods, counted when the flow starts; they need the user's consent. */
  closedSessions: z.number().int().default(0),
  ownRecordsConfirmed: z.boolean().default(false),
});
export type Answers = z.infer<typeof TransferAnswers>;

export const StartOptions = z.object({
  query: z.string().trim().min(1).optional(),
  activityId: z.string().min(1).optional(),
  addNew: z.boolean().optional(),
});
export type Options = z.infer<typeof StartOptions>;
