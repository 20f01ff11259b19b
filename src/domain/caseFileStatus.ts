/**
 * Where a case file stands, in the numbers staff ask about: its clients, its sessions and their length,
 * who attended each, what session details are still missing, Community SCORE coverage, and the last change.
 */
import type { DateTime } from 'luxon';
import type { CaseFile } from './caseFile';
import type { Actor } from './common';
import type { Client } from './client';
import { DEFAULT_ORG_ZONE } from './calendar';
import { findOutletActivity, type Organisation } from './organisation';
import { atInZone, millisOf } from './sessionTime';
import type { Session } from './session';

export type SessionAttendance = {
  sessionId: string;
  /** As stored: ISO with the organisation's offset. */
  startsAt: string;
  /** Epoch milliseconds, for ordering. */
  startsAtMillis: number;
  durationMinutes: number;
  clients: number;
  supportPeople: number;
  unidentified: number;
  hasServiceType: boolean;
  scorePhases: ScoreCoverage;
  /** Entered after its period closed and kept for the organisation's own records: DEX never received it. */
  notReported: boolean;
};

/** PRE and POST, one of them (including a single end-of-session rating), or no Community SCORE. */
export type ScoreCoverage = 'prePost' | 'onePhase' | 'none';

export type CaseFileStatus = {
  caseFileId: string;
  caseId: string;
  name: string;
  outletActivity: { id: number; name?: string; outletName?: string };
  clientCount: number;
  /** Sorted by family name; only the clients found in `clientsById`, the others by id. */
  clientNames: string[];
  sessionCount: number;
  firstSessionAt?: DateTime<true>;
  latestSessionAt?: DateTime<true>;
  totalMinutes: number;
  /** Newest first. */
  sessions: SessionAttendance[];
  /** People at a session (clients, support people and unidentified), over all sessions. */
  attendance: { average: number; fewest: number; most: number };
  /** Sessions without a service type, the one session detail every DEX program requires; newest first. */
  sessionsMissingDetails: SessionAttendance[];
  /** Sessions kept for the organisation's own records because their period had closed; newest first. */
  sessionsNotReported: SessionAttendance[];
  communityScore: Record<ScoreCoverage, number>;
  /** From the newest audit entry; a case file written without one reports its last update instead. */
  lastChange: { at: DateTime<true>; by: Actor; action: string; detail: string };
};

export type StatusOptions = {
  organisation?: Organisation;
  clientsById?: ReadonlyMap<string, Pick<Client, 'givenName' | 'familyName'>>;
  zone?: string;
};

export function scoreCoverage(session: Session): ScoreCoverage {
  const ratings = session.communityScore?.ratings ?? [];
  const pre = ratings.some((r) => r.pre !== undefined);
  const post = ratings.some((r) => r.post !== undefined);
  if (pre && post) return 'prePost';
  return pre || post ? 'onePhase' : 'none';
}

function attendanceOf(session: Session): SessionAttendance {
  let clients = 0;
  let supportPeople = 0;
  for (const p of session.participants) {
    if (p.participationCode === 'SUPPORT') supportPeople += 1;
    else clients += 1;
  }
  return {
    sessionId: session.sessionId,
    startsAt: session.startsAt,
    startsAtMillis: millisOf(session.startsAt),
    durationMinutes: session.durationMinutes,
    clients,
    supportPeople,
    unidentified: session.unidentifiedParticipants,
    hasServiceType: session.details.serviceTypeId !== undefined,
    scorePhases: scoreCoverage(session),
    notReported: session.ownRecordsOnly === true,
  };
}

function headcount(s: SessionAttendance): number {
  return s.clients + s.supportPeople + s.unidentified;
}

/** What each audited change is called when shown to staff; the audit detail itself keeps DEX codes and ids. */
const ACTION_WORDING: Record<string, string> = {
  'caseFile.created': 'created the case file',
  'caseFile.updated': 'changed the case file',
  'caseClients.added': 'added clients',
  'sessions.added': 'added sessions',
  'participants.assigned': 'assigned participants',
  'sessionDetails.updated': 'changed session details',
  'communityScore.recorded': 'recorded a Community SCORE',
  'communityScore.updated': 'changed a Community SCORE',
  'communityScore.cloned': 'copied a Community SCORE to later sessions',
  'activity.transferred': 'transferred an activity',
  'caseFile.edited': 'corrected the case file',
  'caseFile.closed': 'closed the case file',
  'session.edited': 'corrected a session',
  'session.removed': 'removed a session',
  'caseClient.edited': 'corrected a client on the case file',
  'caseClient.removed': 'removed a client from the case file',
};

export function describeAction(action: string): string {
  return ACTION_WORDING[action] ?? 'changed the case file';
}

function lastChange(cf: CaseFile, zone: string): CaseFileStatus['lastChange'] {
  const entry = cf.audit[cf.audit.length - 1] ?? { at: cf.updatedAt, by: cf.updatedBy, action: 'caseFile.updated', detail: '' };
  return { at: atInZone(entry.at, zone), by: entry.by, action: entry.action, detail: entry.detail };
}

export function caseFileStatus(cf: CaseFile, options: StatusOptions = {}): CaseFileStatus {
  const zone = options.zone ?? options.organisation?.timeZone ?? DEFAULT_ORG_ZONE;
  const activity = options.organisation ? findOutletActivity(options.organisation, cf.outletActivityId) : undefined;
  const sessions = cf.sessions.map(attendanceOf).sort((a, b) => b.startsAtMillis - a.startsAtMillis);
  const counts = sessions.map(headcount);
  const communityScore: Record<ScoreCoverage, number> = { prePost: 0, onePhase: 0, none: 0 };
  for (const s of sessions) communityScore[s.scorePhases] += 1;
  const known = cf.clients
    .map((c) => options.clientsById?.get(c.clientId))
    .filter((c): c is Pick<Client, 'givenName' | 'familyName'> => c !== undefined)
    .sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
  const unknown = cf.clients.filter((c) => !options.clientsById?.has(c.clientId)).map((c) => `Client ${c.clientId}`);
  return {
    caseFileId: cf.caseFileId,
    caseId: cf.caseId,
    name: cf.name,
    outletActivity: { id: cf.outletActivityId, ...(activity ? { name: activity.name, outletName: activity.outletName } : {}) },
    clientCount: cf.clients.length,
    clientNames: [...known.map((c) => `${c.givenName} ${c.familyName}`), ...unknown],
    sessionCount: sessions.length,
    ...(sessions.length
      ? { firstSessionAt: atInZone(sessions[sessions.length - 1]!.startsAt, zone), latestSessionAt: atInZone(sessions[0]!.startsAt, zone) }
      : {}),
    totalMinutes: sessions.reduce((sum, s) => sum + s.durationMinutes, 0),
    sessions,
    attendance: {
      average: counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0,
      fewest: counts.length ? Math.min(...counts) : 0,
      most: counts.length ? Math.max(...counts) : 0,
    },
    sessionsMissingDetails: sessions.filter((s) => !s.hasServiceType && !s.notReported),
    sessionsNotReported: sessions.filter((s) => s.notReported),
    communityScore,
    lastChange: lastChange(cf, zone),
  };
}
