/**
 * Loads activities exported by the activity-management system into the `activities` collection, from a JSON
 * file or a CSV attendance roll. Three phases, so nothing is written when anything is wrong: read and check
 * every row (`parseActivityFile`, activityFileReading.ts), then work out which clients each attendee is, reading
 * only (`planImport`), then write (`applyImport`). Importing the same file again changes nothing; a changed file
 * replaces the activity it describes.
 */
import { ActivitySchema, type Activity } from '../domain/activity';
import { attendeeKey } from '../domain/activityTransfer';
import type { Actor } from '../domain/common';
import type { Client } from '../domain/client';
import { generateClientId } from '../domain/identifiers';
import type { OrganisationDirectory } from '../config/organisations';
import type { Services } from '../services';
import { contentHashOf, parseActivityFile, type ImportProblem, type ParseOptions, type ParsedActivityFile, type SourceEntry } from './activityFileReading';
import { matchAttendees, slkOf } from './attendeeMatching';

export type ActivityOutcome = { organisationId: string; activityId: string; name: string; sessions: number; outcome: 'created' | 'updated' | 'unchanged' };

export type ImportPlan = {
  activities: (ActivityOutcome & { activity?: Activity })[];
  newClients: Client[];
  clientsMatched: number;
};

export type ImportDeps = Pick<Services, 'activities' | 'clients' | 'clock'>;

export const IMPORT_ACTOR: Actor = { userId: 'activity-import', name: 'Activity import' };

/**
 * Works out, reading only, what importing the files would do: which activities are new or changed, which
 * stored client each attendee is, and which clients must be created. People booked but never present are not
 * created as clients, since they received no service.
 */
export async function planImport(deps: ImportDeps, files: ParsedActivityFile[]): Promise<{ plan: ImportPlan; problems: ImportProblem[] }> {
  const plan: ImportPlan = { activities: [], newClients: [], clientsMatched: 0 };
  const problems: ImportProblem[] = [];
  const clock = deps.clock();
  const listedIn = new Map<string, string>();
  const createdBySlk = new Map<string, Client>();
  const matchedClients = new Set<string>();
  for (const file of files) {
    const now = clock.setZone(file.timeZone);
    for (const source of file.activities) {
      const where = `${file.organisationId}/${source.activityId}`;
      const other = listedIn.get(where);
      if (other)
        problems.push({
          file: file.file,
          line: source.line,
          field: 'activityId',
          message: `"${source.activityId}" is also in ${other}; import each activity from one file`,
        });
      listedIn.set(where, file.file);
      const contentHash = contentHashOf(source);
      const stored = await deps.activities.get(file.organisationId, source.activityId);
      const base = { organisationId: file.organisationId, activityId: source.activityId, name: source.name, sessions: source.sessions.length };
      if (stored?.contentHash === contentHash) {
        plan.activities.push({ ...base, outcome: 'unchanged' });
        continue;
      }
      const entries = source.sessions.flatMap((s) => s.roll);
      const matches = await matchAttendees(deps.clients, file.organisationId, entries);
      for (const [slk, clients] of matches.ambiguous) {
        const first = entries.find((e) => slkOf(e) === slk && !matches.matched.has(attendeeKey(e)))!;
        problems.push({
          file: file.file,
          line: first.line,
          field: file.format === 'csv' ? 'client_id' : 'clientId',
          message: `${first.givenName} ${first.familyName} has the same SLK as ${clients.length} existing clients (${clients.map((c) => c.clientId).join(', ')}); give the client id to say which one`,
        });
      }
      for (const client of matches.matched.values()) matchedClients.add(`${file.organisationId}/${client.clientId}`);
      for (const [slk, group] of matches.unmatched) {
        const key = `${file.organisationId}/${slk}`;
        if (createdBySlk.has(key) || !group.some((e) => e.attended)) continue;
        const first = group[0]!;
        createdBySlk.set(key, {
          organisationId: file.organisationId,
          clientId: generateClientId(),
          givenName: first.givenName,
          familyName: first.familyName,
          birthDate: first.birthDate,
          birthDateEstimated: false,
          gender: first.gender,
          slk,
          // Consent and the other DEX client details are not part of an attendance roll: they stay unrecorded
          // until staff ask the client, and readiness lists them as missing.
          createdAt: now.toISO()!,
          createdBy: IMPORT_ACTOR,
        });
      }
      const clientIdOf = (e: SourceEntry): string | undefined =>
        matches.matched.get(attendeeKey(e))?.clientId ?? createdBySlk.get(`${file.organisationId}/${slkOf(e)}`)?.clientId;
      const activity = ActivitySchema.parse({
        organisationId: file.organisationId,
        activityId: source.activityId,
        name: source.name,
        ...(source.outletId ? { outletId: source.outletId } : {}),
        sessions: source.sessions.map((s) => ({
          sessionKey: s.sessionKey,
          startsAt: s.startsAt,
          durationMinutes: s.durationMinutes,
          roll: s.roll.map((entry) => {
            const { line: _line, clientId: _sourceId, ...e } = entry;
            const clientId = clientIdOf(entry);
            return clientId ? { ...e, clientId } : e;
          }),
        })),
        importedAt: now.toISO()!,
        contentHash,
      });
      plan.activities.push({ ...base, outcome: stored ? 'updated' : 'created', activity });
    }
  }
  plan.newClients = [...createdBySlk.values()];
  plan.clientsMatched = matchedClients.size;
  return { plan, problems };
}

/** Writes a plan: the new clients first, so an activity never refers to a client that is not there. */
export async function applyImport(deps: ImportDeps, plan: ImportPlan): Promise<ActivityOutcome[]> {
  for (const client of plan.newClients) {
    if (!(await deps.clients.insert(client))) {
      throw new Error(`client id ${client.clientId} was taken by another record while importing; run the import again (nothing is added twice)`);
    }
  }
  const outcomes: ActivityOutcome[] = [];
  for (const { activity, ...outcome } of plan.activities) {
    outcomes.push(activity ? { ...outcome, outcome: await deps.activities.upsert(activity) } : outcome);
  }
  return outcomes;
}

export type ImportReport = {
  problems: ImportProblem[];
  activities: ActivityOutcome[];
  clientsCreated: number;
  clientsMatched: number;
  written: boolean;
};

/** Reads, checks, matches and (unless `dryRun`) writes the files, all or nothing. */
export async function importActivityFiles(
  deps: ImportDeps & { organisations: OrganisationDirectory },
  files: { file: string; text: string }[],
  options: Omit<ParseOptions, 'organisations'> & { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const parsed: ParsedActivityFile[] = [];
  const problems: ImportProblem[] = [];
  for (const f of files) {
    const result = parseActivityFile(f.file, f.text, { ...options, organisations: deps.organisations });
    if (result.ok) parsed.push(result.parsed);
    else problems.push(...result.problems);
  }
  const empty = { activities: [], clientsCreated: 0, clientsMatched: 0, written: false };
  if (problems.length) return { ...empty, problems };
  const planned = await planImport(deps, parsed);
  if (planned.problems.length) return { ...empty, problems: planned.problems };
  const { plan } = planned;
  const activities = options.dryRun ? plan.activities.map(({ activity: _activity, ...o }) => o) : await applyImport(deps, plan);
  return { problems: [], activities, clientsCreated: plan.newClients.length, clientsMatched: plan.clientsMatched, written: !options.dryRun };
}
