import { STATUS_COMMAND } from './statusCards';
import type { Activity } from '../src/domain/activity';
import type { TransferPlan } from '../src/domain/activityTransfer';
import type { CaseFile, TransferRecord } from '../src/domain/caseFile';
import { formatDuration, formatStoredDate, formatStoredDateTime } from '../src/domain/dateFormat';
import { plural } from '../src/domain/wording';
import type { ActivityTransferClaim, TransferHistoryEntry } from '../src/storage/activityTransferLedger';
import { actionSet, card, container, facts, heading, MARK, submit, text, type AdaptiveCard, type CardAction, type CardElement } from './cardKit';

/** Long activities run to a year of weekly sessions; the card shows the first ones and counts the rest. */
const SESSIONS_LISTED = 15;
const NAMES_LISTED = 40;
const HISTORY_LISTED = 25;

export type ActivityChoice = { activity: Activity; attendedSessions: number; people: number; transferredInto?: string };

function namesList(names: string[]): string {
  const shown = names.slice(0, NAMES_LISTED).join(', ');
  return names.length > NAMES_LISTED ? `${shown} and ${names.length - NAMES_LISTED} more` : shown;
}

/** "Which activity?": one button per activity, each starting the transfer of that activity. */
export function activityChoiceCard(title: string, intro: string, choices: ActivityChoice[], zone: string): AdaptiveCard {
  const rows = choices.flatMap(({ activity, attendedSessions, people, transferredInto }) => {
    const last = activity.sessions
      .map((s) => s.startsAt)
      .sort()
      .at(-1);
    const detail = [
      plural(attendedSessions, 'attended session'),
      plural(people, 'person', 'people'),
      ...(last ? [`last session ${formatStoredDate(last, zone)}`] : []),
      ...(transferredInto ? [`already transferred into "${transferredInto}"`] : []),
    ].join(' · ');
    return [
      container(
        [text(detail, { subtle: true }), actionSet([submit(activity.name, { command: 'transferActivity', args: { activityId: activity.activityId } })])],
        { separator: true },
      ),
    ];
  });
  return card([
    heading(title),
    text(intro),
    ...rows,
    text('Or type **transfer** and part of an activity’s name or a client’s name, for example "transfer Tuesday seniors group".', { subtle: true }),
  ]);
}

function leftOutLine(plan: TransferPlan): string | undefined {
  const parts = [
    ...(plan.absentBookings ? [`${plural(plan.absentBookings, 'booking')} of people who did not attend`] : []),
    ...(plan.sessionsWithoutAttendance ? [`${plural(plan.sessionsWithoutAttendance, 'session')} nobody attended`] : []),
    ...(plan.sessionsNotYetHeld ? [`${plural(plan.sessionsNotYetHeld, 'session')} not held yet`] : []),
  ];
  return parts.length ? `Left out: ${parts.join('; ')}.` : undefined;
}

/** The attended sessions and the clients a transfer would create, for the user to check before going on. */
export function transferListingBody(activity: Activity, plan: TransferPlan, zone: string): CardElement[] {
  const shown = plan.sessions.slice(0, SESSIONS_LISTED);
  const leftOut = leftOutLine(plan);
  return [
    heading(`${activity.name}: attended sessions and clients`),
    text(
      `Transferring creates a new case file with ${plural(plan.sessions.length, 'session')}, ${plural(plan.clients.length, 'client')} and ${plural(plan.participants, 'participant')}. Only people who attended are transferred.`,
    ),
    facts(shown.map((s) => [formatStoredDateTime(s.startsAt, zone), `${s.clientIds.length} attended · ${formatDuration(s.durationMinutes)}`])),
    ...(plan.sessions.length > shown.length ? [text(`… and ${plural(plan.sessions.length - shown.length, 'later session')}.`, { subtle: true })] : []),
    text(`**Clients (${plan.clients.length}):** ${namesList(plan.clients.map((c) => `${c.givenName} ${c.familyName}`))}`),
    ...(leftOut ? [text(leftOut, { subtle: true })] : []),
    ...(plan.sessionsInClosedPeriods
      ? [
          text(
            `${MARK.warning} ${plural(plan.sessionsInClosedPeriods, 'session')} ${plan.sessionsInClosedPeriods === 1 ? 'is' : 'are'} in a reporting period DEX has closed: DEX will not accept ${plan.sessionsInClosedPeriods === 1 ? 'it' : 'them'}.`,
          ),
        ]
      : []),
    ...unmatchedLine(plan),
  ];
}

function unmatchedLine(plan: TransferPlan): CardElement[] {
  if (plan.unmatched.length === 0) return [];
  const names = namesList(plan.unmatched.map((p) => `${p.givenName} ${p.familyName}`));
  return [text(`${MARK.warning} Not transferred, because they have no client record yet: ${names}. Importing the activity again creates their records.`)];
}

export type ReviewFacts = {
  activity: Activity;
  plan: TransferPlan;
  zone: string;
  name: string;
  outletActivity: string;
  attendanceProfile: string;
  overview: string;
};

export function newCaseFileReviewBody(r: ReviewFacts): CardElement[] {
  const first = r.plan.sessions[0];
  const last = r.plan.sessions.at(-1);
  const span = first && last ? ` (${formatStoredDate(first.startsAt, r.zone)} to ${formatStoredDate(last.startsAt, r.zone)})` : '';
  const leftOut = leftOutLine(r.plan);
  return [
    heading('Transfer into a new case file'),
    facts([
      ['Activity', r.activity.name],
      ['Case file name', r.name],
      ['Outlet activity', r.outletActivity],
      ['Client attendance profile', r.attendanceProfile],
      ['Overview', r.overview],
      ['Sessions', `${r.plan.sessions.length}${span}`],
      ['Clients', String(r.plan.clients.length)],
      ['Participants', String(r.plan.participants)],
    ]),
    ...(leftOut ? [text(leftOut, { subtle: true })] : []),
    ...unmatchedLine(r.plan),
  ];
}

export function addSessionsReviewBody(activity: Activity, cf: CaseFile, plan: TransferPlan, zone: string): CardElement[] {
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const newClients = plan.clients.filter((c) => !onCase.has(c.clientId));
  const shown = plan.sessions.slice(0, SESSIONS_LISTED);
  return [
    heading(`Add the new sessions of ${activity.name}`),
    text(`Case file "${cf.name}" (DEX case id ${cf.caseId}) gets the sessions held since the last transfer.`),
    facts(shown.map((s) => [formatStoredDateTime(s.startsAt, zone), `${s.clientIds.length} attended · ${formatDuration(s.durationMinutes)}`])),
    ...(plan.sessions.length > shown.length ? [text(`… and ${plural(plan.sessions.length - shown.length, 'later session')}.`, { subtle: true })] : []),
    facts([
      ['Sessions to add', String(plan.sessions.length)],
      ['Participants', String(plan.participants)],
      ['New clients on the case file', newClients.length ? namesList(newClients.map((c) => `${c.givenName} ${c.familyName}`)) : 'none'],
    ]),
    ...unmatchedLine(plan),
  ];
}

function nextStepButtons(cf: CaseFile): CardAction[] {
  return [
    submit('Open the case file', { command: STATUS_COMMAND, args: { caseFileId: cf.caseFileId } }, 'positive'),
    submit('Record a Community SCORE', { command: 'communityScore', args: { caseFileId: cf.caseFileId } }),
    submit('Activity transfer list', { command: 'transferList' }),
    submit('Menu', { command: 'menu' }),
  ];
}

export function transferResultCard(cf: CaseFile, record: TransferRecord, mode: 'new' | 'addNew'): AdaptiveCard {
  const scoreNote =
    cf.clients.length > 1
      ? 'You can now record a Community SCORE for each session.'
      : 'Community SCORE needs more than one client on the case file, so add another client before scoring.';
  return card([
    heading(mode === 'new' ? `Case file "${cf.name}" created` : `Sessions added to "${cf.name}"`),
    facts([
      ['DEX case id', cf.caseId],
      ['Activity', record.activityName],
      ['Sessions created', String(record.sessionsAdded)],
      ['Participants created', String(record.participantsAdded)],
      ['Clients on the case file', String(cf.clients.length)],
    ]),
    text(scoreNote),
    actionSet(nextStepButtons(cf)),
  ]);
}

export function alreadyTransferredCard(activity: Activity, cf: CaseFile, claim: ActivityTransferClaim, newSessions: number, zone: string): AdaptiveCard {
  const latest = cf.transfers.filter((t) => t.activityId === activity.activityId).at(-1);
  const since = latest && latest.at !== claim.claimedAt ? ` Sessions were last added on ${formatStoredDateTime(latest.at, zone)} by ${latest.by.name}.` : '';
  const actions: CardAction[] = [
    ...(newSessions > 0
      ? [
          submit(
            `Add the ${plural(newSessions, 'new session')}`,
            { command: 'transferActivity', args: { activityId: activity.activityId, addNew: true } },
            'positive',
          ),
        ]
      : []),
    ...nextStepButtons(cf),
  ];
  return card([
    heading(`${activity.name} is already transferred`),
    text(
      `It was transferred into case file "${cf.name}" (DEX case id ${cf.caseId}) on ${formatStoredDateTime(claim.claimedAt, zone)} by ${claim.claimedBy.name}.${since} An activity is transferred once, so its sessions are not counted twice.`,
    ),
    facts([
      ['Sessions in the case file', String(cf.sessions.length)],
      ['Clients in the case file', String(cf.clients.length)],
    ]),
    text(
      newSessions > 0
        ? `${plural(newSessions, 'session')} held since then ${newSessions === 1 ? 'is' : 'are'} not in the case file yet. You can add only those.`
        : 'Every attended session is already in the case file.',
    ),
    actionSet(actions),
  ]);
}

export function transferListCard(entries: TransferHistoryEntry[], zone: string): AdaptiveCard {
  if (entries.length === 0) {
    return card([
      heading('Activity transfer list'),
      text('No activities have been transferred yet.'),
      actionSet([submit('Transfer an activity', { command: 'transferActivity' }, 'positive'), submit('Menu', { command: 'menu' })]),
    ]);
  }
  const firsts = new Set(
    entries
      .slice()
      .sort((a, b) => a.at.localeCompare(b.at))
      .filter((e, i, all) => all.findIndex((x) => x.caseFileId === e.caseFileId && x.activityId === e.activityId) === i),
  );
  const rows = entries
    .slice(0, HISTORY_LISTED)
    .map((e) =>
      container(
        [
          text(`**${formatStoredDateTime(e.at, zone)}** · ${e.by.name}`),
          text(
            `${e.activityName} → case file "${e.caseFileName}" (${e.caseId}): ${plural(e.sessionsAdded, 'session')}, ${plural(e.participantsAdded, 'participant')}${firsts.has(e) ? '' : ' (new sessions added)'}`,
            { subtle: true },
          ),
        ],
        { separator: true },
      ),
    );
  return card([
    heading('Activity transfer list'),
    text(
      entries.length > HISTORY_LISTED ? `The latest ${HISTORY_LISTED} of ${entries.length} transfers, newest first.` : 'What was transferred, newest first.',
    ),
    ...rows,
    actionSet([submit('Transfer an activity', { command: 'transferActivity' }, 'positive'), submit('Menu', { command: 'menu' })]),
  ]);
}
