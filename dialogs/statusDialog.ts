import { z } from 'zod';
import {
  caseFilePickCard,
  caseFilesDueCard,
  caseFileStatusCard,
  DUE_COMMAND,
  READINESS_COMMAND,
  readinessCard,
  STATUS_COMMAND,
  type FixFilter,
} from '../cards/statusCards';
import { NoArgs, type Command } from '../src/bot/commands';
import type { CommandId } from '../src/domain/commandIds';
import type { Prompt, StartTurn } from '../src/bot/guidedFlow';
import { CASE_FILE_ID_MAX, CASE_FILE_NAME_MAX, type CaseFile } from '../src/domain/caseFile';
import { caseFileStatus } from '../src/domain/caseFileStatus';
import { caseFilesDue, needsResummary, summariseCaseFile, type SummarisedCaseFile } from '../src/domain/caseFileSummary';
import type { Client } from '../src/domain/client';
import { daysUntilDeadline, ReportingPeriodId, reportingPeriodById } from '../src/domain/periods';
import { checkReadiness } from '../src/domain/readiness';
import type { Services } from '../src/services';
import { resolveCaseFile } from './caseFileChoice';

import { OneTurnAnswer, type AnswerTurn } from './oneTurnAnswer';

const CaseName = z.string().trim().min(1).max(CASE_FILE_NAME_MAX);
const StatusOptions = z.object({
  caseFileId: z.string().min(1).max(CASE_FILE_ID_MAX).optional(),
  caseName: CaseName.optional(),
  showClients: z.boolean().optional(),
});
const ReadinessOptions = z.object({
  caseFileId: z.string().min(1).optional(),
  caseName: CaseName.optional(),
  periodId: ReportingPeriodId.optional(),
});

/** Options from a button or a sentence; anything malformed is dropped so the question is simply asked again. */
function optionsOf<S extends z.ZodType<Record<string, unknown>>>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : ({} as z.infer<S>);
}

function now(turn: StartTurn) {
  return turn.services.clock().setZone(turn.user.organisation.timeZone);
}

function canFix(turn: AnswerTurn): FixFilter {
  return (command) => turn.user.role !== 'viewer' && turn.hasCommand(command);
}

/**
 * The case file a question is about, found by id (a button) or fuzzily by name (a sentence). When it is not
 * clear which one, the answer is a short pick list whose buttons ask the same question about the one picked.
 */
async function caseFileFor(
  turn: AnswerTurn,
  options: { caseFileId?: string; caseName?: string },
  command: CommandId,
  keep: Record<string, unknown> = {},
): Promise<{ caseFile: CaseFile } | { prompt: Prompt }> {
  const org = turn.user.organisation;
  const resolved = await resolveCaseFile(turn, options);
  if (resolved.answer.caseFileId) {
    const caseFile = await turn.services.caseFiles.get(org.organisationId, resolved.answer.caseFileId);
    if (caseFile) return { caseFile };
  }
  if (resolved.candidates.length === 0) {
    return { prompt: { text: `There are no case files in ${org.name} yet. Type **new case file** to start one.` } };
  }
  if (resolved.notFound !== undefined) {
    return { prompt: { card: caseFilePickCard(`There is no case file called "${resolved.notFound}". The closest ones:`, resolved.candidates, command, keep) } };
  }
  if (options.caseFileId && !options.caseName) {
    return { prompt: { card: caseFilePickCard('That case file no longer exists. Which one did you mean?', resolved.candidates, command, keep) } };
  }
  const question = options.caseName ? `More than one case file matches "${options.caseName}". Which one?` : 'Which case file?';
  return { prompt: { card: caseFilePickCard(question, resolved.candidates, command, keep) } };
}

/** Clients named on the case file or in its sessions, so messages can use their names. */
async function clientsOf(turn: StartTurn, cf: CaseFile): Promise<Map<string, Client>> {
  const ids = new Set(cf.clients.map((c) => c.clientId));
  for (const s of cf.sessions) for (const p of s.participants) ids.add(p.clientId);
  const clients = await turn.services.clients.getMany(turn.user.organisation.organisationId, [...ids]);
  return new Map(clients.map((c) => [c.clientId, c]));
}

async function answerStatus(turn: AnswerTurn, raw: Record<string, unknown>): Promise<Prompt> {
  const options = optionsOf(StatusOptions, raw);
  const found = await caseFileFor(turn, options, STATUS_COMMAND, options.showClients ? { showClients: true } : {});
  if ('prompt' in found) return found.prompt;
  const cf = found.caseFile;
  const status = caseFileStatus(cf, { organisation: turn.user.organisation, clientsById: options.showClients ? await clientsOf(turn, cf) : undefined });
  const exported = await turn.services.exports.lastExportOf(turn.user.organisation.organisationId, cf.caseFileId);
  const lastExport = exported && { at: exported.at, periodId: exported.periodId, changedSince: cf.version > exported.version };
  return {
    card: caseFileStatusCard(status, { showClients: options.showClients === true, canFix: canFix(turn), zone: turn.user.organisation.timeZone, lastExport }),
  };
}

async function answerReadiness(turn: AnswerTurn, raw: Record<string, unknown>): Promise<Prompt> {
  const options = optionsOf(ReadinessOptions, raw);
  const found = await caseFileFor(turn, options, READINESS_COMMAND, options.periodId ? { periodId: options.periodId } : {});
  if ('prompt' in found) return found.prompt;
  const cf = found.caseFile;
  const org = turn.user.organisation;
  const at = now(turn);
  const period = options.periodId ? reportingPeriodById(options.periodId, org.timeZone) : null;
  const clients = await clientsOf(turn, cf);
  const caseClients = cf.clients.flatMap((c) => clients.get(c.clientId) ?? []);
  const readiness = checkReadiness(cf, {
    organisation: org,
    referenceData: turn.services.referenceData,
    clientsById: clients,
    clientRecords: clients,
    sameSlk: await turn.services.clients.othersWithSameSlk(org.organisationId, caseClients),
    now: at,
    ...(period ? { periods: [period] } : {}),
  });
  const daysLeft = new Map(readiness.periods.map((p) => [p.id, daysUntilDeadline(p, at)]));
  return { card: readinessCard({ caseFileId: cf.caseFileId, name: cf.name, readiness, daysLeft, canFix: canFix(turn) }) };
}

async function answerDue(turn: AnswerTurn): Promise<Prompt> {
  const org = turn.user.organisation;
  const listings = await turn.services.caseFiles.listForDashboard(org.organisationId);
  const summarised: SummarisedCaseFile[] = [];
  for (const listing of listings) {
    if (listing.summary && !needsResummary(listing.summary, org.timeZone)) {
      summarised.push({ ...listing, summary: listing.summary });
      continue;
    }
    // Written before summaries were stored, or placed in another zone than the organisation's (summaries
    // before the zone was recorded used eastern time): read this one in full until its next change.
    const cf = await turn.services.caseFiles.get(org.organisationId, listing.caseFileId);
    if (cf) summarised.push({ ...listing, summary: summariseCaseFile(cf, org.timeZone) });
  }
  if (summarised.length === 0) return { text: `There are no case files in ${org.name} yet. Type **new case file** to start one.` };
  // Read now, not stored: a change to a client's record must show on every case file the client is on.
  const clientErrors = await turn.services.clients.recordErrorCounts(org.organisationId, [...new Set(summarised.flatMap((s) => s.summary.clientIds ?? []))]);
  const due = caseFilesDue(summarised, now(turn), org.timeZone, clientErrors);
  const listed = new Set(due.flatMap((d) => d.caseFiles.map((c) => c.caseFileId)));
  return { card: caseFilesDueCard(due, summarised.length - listed.size) };
}

export function statusCommands(services: Services): [Command<typeof STATUS_COMMAND>, Command<typeof READINESS_COMMAND>, Command<typeof DUE_COMMAND>] {
  return [
    {
      id: STATUS_COMMAND,
      title: 'Case file status',
      description: 'A case file at a glance: clients, sessions, hours, attendance, missing details, Community SCORE and the last change.',
      example: 'status of Tuesday seniors group',
      shortCommand: 'status',
      writes: false,
      args: StatusOptions,
      dialog: new OneTurnAnswer(STATUS_COMMAND, services, answerStatus),
    },
    {
      id: READINESS_COMMAND,
      title: 'Ready for DEX?',
      description: 'Everything that would stop or weaken a case file’s DEX submission this period: errors and warnings, each with a button to fix it.',
      example: 'is Tuesday seniors group ready for DEX',
      shortCommand: 'whats missing',
      writes: false,
      args: ReadinessOptions,
      dialog: new OneTurnAnswer(READINESS_COMMAND, services, answerReadiness),
    },
    {
      id: DUE_COMMAND,
      title: 'Case files due',
      description: 'Your organisation’s case files with sessions this reporting period, most to fix first, with the days left before DEX closes it.',
      example: 'my case files',
      shortCommand: 'cases due',
      writes: false,
      args: NoArgs,
      dialog: new OneTurnAnswer(DUE_COMMAND, services, (turn) => answerDue(turn)),
    },
  ];
}
