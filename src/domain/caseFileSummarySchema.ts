import { z } from 'zod';
import { IsoDateSchema, IsoDateTimeSchema } from './common';

/**
 * The shape of the summary stored on each case file (computed in caseFileSummary.ts). A module of its own, with
 * nothing but zod and common shapes, so the case file schema can use it without loading readiness.
 */

const Count = z.number().int().nonnegative();

export const PeriodSummarySchema = z.object({
  periodId: z.string().min(1),
  sessionCount: Count,
  latestSessionAt: IsoDateTimeSchema,
  /** Errors and warnings about this period's sessions, not counting future dates. */
  errorCount: Count,
  warningCount: Count,
  /** Dates (in the summary's zone) of this period's sessions that were in the future when the summary was made. */
  futureSessionDates: z.array(IsoDateSchema).default([]),
});
export type PeriodSummary = z.infer<typeof PeriodSummarySchema>;

export const CaseFileSummarySchema = z.object({
  computedAt: IsoDateTimeSchema,
  /**
   * The organisation's zone the sessions were placed in. Summaries stored before it was recorded placed
   * them in eastern time; a reader in another zone recomputes those (see needsResummary).
   */
  zone: z.string().min(1).optional(),
  sessionCount: Count,
  clientCount: Count,
  latestSessionAt: IsoDateTimeSchema.optional(),
  /** Over the whole case file as at `computedAt`. */
  errorCount: Count,
  warningCount: Count,
  /** Problems with the case file itself or its clients, which count in every period it has sessions in. */
  caseErrorCount: Count,
  caseWarningCount: Count,
  /**
   * The case file's clients. Errors of their own records (missing DEX details, an SLK shared with another client)
   * change with the client records, not the case file, so a listing adds them when it is read (caseFilesDue)
   * instead of storing a count that a change to a client would leave stale. Absent in summaries stored before.
   */
  clientIds: z.array(z.string()).optional(),
  /** Periods with at least one session, oldest first. */
  periodIds: z.array(z.string()),
  periods: z.array(PeriodSummarySchema),
});
export type StoredCaseFileSummary = z.infer<typeof CaseFileSummarySchema>;
