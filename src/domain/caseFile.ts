import { z } from 'zod';
import { ActorSchema, CodeSchema, IsoDateTimeSchema, OrganisationIdSchema } from './common';
import { SessionSchema } from './session';
import { CaseFileSummarySchema } from './caseFileSummarySchema';

/** The longest case file name (the bot's own limit: DEX does not receive the name). */
export const CASE_FILE_NAME_MAX = 200;
/** The longest overview a case file may hold. */
export const CASE_FILE_OVERVIEW_MAX = 2000;
/** The longest internal case file id accepted from a button or another flow's start options. */
export const CASE_FILE_ID_MAX = 100;

export const ReasonForAssistanceSchema = z.object({
  code: CodeSchema,
  isPrimary: z.boolean(),
});
export type ReasonForAssistance = z.infer<typeof ReasonForAssistanceSchema>;

export const CaseClientSchema = z.object({
  clientId: z.string().min(1),
  referralSourceCode: CodeSchema.optional(),
  reasons: z.array(ReasonForAssistanceSchema).default([]),
  exitReasonCode: CodeSchema.optional(),
  addedAt: IsoDateTimeSchema,
  addedBy: ActorSchema,
});
export type CaseClient = z.infer<typeof CaseClientSchema>;

export const AttendanceProfileSchema = z.enum(['FAMILY', 'COMMEVENT', 'PSGROUP', 'COUPLE', 'COHABITANTS']);

export const AuditEntrySchema = z.object({
  at: IsoDateTimeSchema,
  by: ActorSchema,
  action: z.string().min(1),
  detail: z.string().max(500),
  /** Set when the change came from a retriable save, so a retry can tell it was already applied. */
  operationId: z.string().optional(),
});

export const TransferRecordSchema = z.object({
  activityId: z.string().min(1),
  activityName: z.string().min(1),
  at: IsoDateTimeSchema,
  by: ActorSchema,
  sessionsAdded: z.number().int().nonnegative(),
  participantsAdded: z.number().int().nonnegative(),
});
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

export const CaseFileSchema = z.object({
  organisationId: OrganisationIdSchema,
  /** Internal stable key; the DEX case id below can be edited, this cannot. */
  caseFileId: z.string().min(1),
  /** DEX CaseId: never a client's name or other personal identifier. */
  caseId: z.string().min(1).max(50),
  name: z.string().min(1).max(CASE_FILE_NAME_MAX),
  overview: z.string().max(CASE_FILE_OVERVIEW_MAX).default(''),
  outletActivityId: z.number().int().nonnegative(),
  clientAttendanceProfileCode: AttendanceProfileSchema.optional(),
  totalUnidentifiedClients: z.number().int().min(0).max(999).default(0),
  endDate: z.iso.date().optional(),
  clients: z.array(CaseClientSchema).default([]),
  sessions: z.array(SessionSchema).default([]),
  /** Activity transfers that fed this case file, oldest first. */
  transfers: z.array(TransferRecordSchema).default([]),
  audit: z.array(AuditEntrySchema).default([]),
  createdAt: IsoDateTimeSchema,
  createdBy: ActorSchema,
  updatedAt: IsoDateTimeSchema,
  updatedBy: ActorSchema,
  version: z.number().int().positive(),
  /** Recomputed on every write, so lists across many case files need not read their sessions. */
  summary: CaseFileSummarySchema.optional(),
});
export type CaseFile = z.infer<typeof CaseFileSchema>;
