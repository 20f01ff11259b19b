import { DateTime } from 'luxon';
import type { DuePeriod } from '../src/domain/caseFileSummary';
import { describeAction, type CaseFileStatus, type SessionAttendance } from '../src/domain/caseFileStatus';
import { formatAuDate, formatAuDateTime, formatDuration } from '../src/domain/dateFormat';
import { DEADLINE_ZONE, type ReportingPeriod } from '../src/domain/periods';
import { sessionWhen } from '../src/domain/sessionListing';
import { plural } from '../src/domain/wording';
import type { CommandId } from '../src/domain/commandIds';
import type { FixCommand, Readiness, ReadinessFix, ReadinessItem } from '../src/domain/readiness';
import {
  actionSet,
  card,
  container,
  facts,
  gaugeChart,
  heading,
  MARK,
  MAX_ACTIONS,
  namedButton,
  submit,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './cardKit';

/** The commands these cards point at; the catalogue registers them under these ids. */
export const STATUS_COMMAND = 'caseFileStatus' satisfies CommandId;
export const READINESS_COMMAND = 'caseFileReadiness' satisfies CommandId;
export const DUE_COMMAND = 'caseFilesDue' satisfies CommandId;

/** How a session kept only for the organisation's own records is shown everywhere. */
const NOT_REPORTED = 'not reported (period closed)';

const FIX_LABELS: Readonly<Record<FixCommand, string>> = {
  sessionDetails: 'Fill in session details',
  assignParticipants: 'Assign participants',
  addClients: 'Add clients',
  addSession: 'Add a session',
  communityScore: 'Record Community SCORE',
  editCaseClient: 'Correct client',
  editSession: 'Correct session',
  editCaseFile: 'Correct case file',
  completeClientDetails: 'Complete client details',
  reviewDuplicateClients: 'Review the two clients',
};

/**
 * Items of one kind listed by name before the rest are counted, so even a case file with hundreds of problems
 * gives a card well under Teams' size limit (there are only a few dozen kinds).
 */
const ITEMS_PER_KIND = 3;
const MAX_DUE_ROWS = 15;
const RECENT_SESSIONS = 5;

/** Whether a fix button may be shown: the command is installed and the user may change data. */
export type FixFilter = (command: FixCommand) => boolean;

/**
 * The deadline in words. DSS sets it in eastern time; an organisation elsewhere is also told the closing
 * time on its own clock, since "the end of 30 Jan" means 9 pm in Perth.
 */
export function periodDeadlineText(period: ReportingPeriod, daysLeft: number): string {
  const eastern = period.zone === DEADLINE_ZONE;
  const due = eastern ? formatAuDate(period.dueDate) : `${formatAuDate(period.dueDate)} eastern time (${localClosing(period)})`;
  if (daysLeft <= 0) return `${period.label}: closed at the end of ${due}`;
  const lastDay = eastern ? 'today is the last day' : 'this is the last day';
  return `${period.label}: due by the end of ${due}, ${daysLeft === 1 ? lastDay : `${daysLeft} days left`}`;
}

/** '9:00 pm on 30 Jan 2026 in Perth'. */
function localClosing(period: ReportingPeriod): string {
  const local = period.deadline.setZone(period.zone);
  const place = period.zone.split('/').at(-1)!.replace(/_/g, ' ');
  const [, time] = formatAuDateTime(local).split(', ');
  return `${time} on ${formatAuDate(local)} in ${place}`;
}

export function fixButton(fix: ReadinessFix | undefined, canFix: FixFilter): CardAction[] {
  return fix && canFix(fix.command) ? [submit(FIX_LABELS[fix.command], { command: fix.command, args: fix.args })] : [];
}

function idList(sessions: readonly { sessionId: string }[]): string {
  const shown = sessions
    .slice(0, ITEMS_PER_KIND)
    .map((s) => s.sessionId)
    .join(', ');
  return sessions.length > ITEMS_PER_KIND ? `${shown} and ${sessions.length - ITEMS_PER_KIND} more` : shown;
}

function sessionLine(s: SessionAttendance, zone: string): string {
  const people = [
    plural(s.clients, 'client'),
    ...(s.supportPeople ? [plural(s.supportPeople, 'support person', 'support people')] : []),
    ...(s.unidentified ? [`${s.unidentified} unidentified`] : []),
  ];
  const note = s.notReported ? ` · ${NOT_REPORTED}` : s.hasServiceType ? '' : ' · no service type';
  return `${sessionWhen(s, zone)} · ${s.sessionId} · ${formatDuration(s.durationMinutes)} · ${people.join(', ')}${note}`;
}

/** The case file's latest DEX export, and whether it has been changed since (a later version). */
export type LastExport = { at: string; periodId: string; changedSince: boolean };

export type StatusCardOptions = { showClients: boolean; canFix: FixFilter; zone: string; lastExport?: LastExport | undefined };

function lastExportText(last: LastExport | undefined, zone: string): string {
  if (!last) return 'Not exported yet';
  const when = formatAuDateTime(DateTime.fromISO(last.at), zone);
  return `${when} (${last.periodId}); ${last.changedSince ? 'changed since, so the next export sends it again' : 'unchanged since'}`;
}

export function caseFileStatusCard(status: CaseFileStatus, options: StatusCardOptions): AdaptiveCard {
  const { outletActivity: activity } = status;
  const missing = status.sessionsMissingDetails;
  const score = status.communityScore;
  const last = status.lastChange;
  const body: CardElement[] = [
    heading(`Status: ${status.name}`),
    text(`DEX case id ${status.caseId}`, { subtle: true }),
    facts([
      ['Outlet activity', activity.name ? `${activity.name} (${activity.outletName})` : `Activity ${activity.id}, not one of your organisation's activities`],
      ['Clients', String(status.clientCount)],
      [
        'Sessions',
        status.firstSessionAt && status.latestSessionAt
          ? `${status.sessionCount}, from ${formatAuDate(status.firstSessionAt)} to ${formatAuDate(status.latestSessionAt)}`
          : 'None yet',
      ],
      ['Total time', status.sessionCount ? formatDuration(status.totalMinutes) : '0 min'],
      [
        'Participants per session',
        status.sessionCount
          ? `${Number(status.attendance.average.toFixed(1)).toLocaleString('en-AU')} on average (fewest ${status.attendance.fewest}, most ${status.attendance.most})`
          : '',
      ],
      [
        'Details missing',
        missing.length
          ? `${plural(missing.length, 'session')} without a service type: ${missing
              .slice(0, ITEMS_PER_KIND)
              .map((s) => s.sessionId)
              .join(', ')}${missing.length > ITEMS_PER_KIND ? ` and ${missing.length - ITEMS_PER_KIND} more` : ''}`
          : 'None',
      ],
      ...(status.sessionsNotReported.length
        ? [
            [
              `Not reported (period closed)`,
              `${plural(status.sessionsNotReported.length, 'session')}, kept for your own records: ${idList(status.sessionsNotReported)}`,
            ] as [string, string],
          ]
        : []),
      ['Community SCORE', `PRE and POST: ${score.prePost} · one phase only: ${score.onePhase} · none: ${score.none}`],
      ['Last change', `${formatAuDateTime(last.at)}: ${last.by.name} ${describeAction(last.action)}`],
      ['Last DEX export', lastExportText(options.lastExport, options.zone)],
    ]),
  ];
  if (options.showClients) {
    body.push(text('**Clients**'), text(status.clientNames.length ? status.clientNames.join('\n\n') : 'No clients yet.'));
  }
  if (status.sessions.length) {
    body.push(
      text(status.sessions.length > RECENT_SESSIONS ? `**Latest ${RECENT_SESSIONS} sessions**` : '**Sessions**'),
      ...status.sessions.slice(0, RECENT_SESSIONS).map((s) => text(sessionLine(s, options.zone), { subtle: true })),
    );
  }
  const actions: CardAction[] = [submit('What is missing for DEX?', { command: READINESS_COMMAND, args: { caseFileId: status.caseFileId } }, 'positive')];
  if (!options.showClients && status.clientCount > 0) {
    actions.push(submit('Show client names', { command: STATUS_COMMAND, args: { caseFileId: status.caseFileId, showClients: true } }));
  }
  if (missing.length)
    actions.push(...fixButton({ command: 'sessionDetails', args: { caseFileId: status.caseFileId, sessionId: missing[0]!.sessionId } }, options.canFix));
  actions.push(...fixButton({ command: 'editCaseFile', args: { caseFileId: status.caseFileId } }, options.canFix));
  body.push(actionSet(actions));
  return card(body);
}

/** The items of one kind (same code) stay together, in the order their kind first appears. */
function byKind(items: readonly ReadinessItem[]): ReadinessItem[][] {
  const kinds = new Map<string, ReadinessItem[]>();
  for (const item of items) {
    const list = kinds.get(item.code);
    if (list) list.push(item);
    else kinds.set(item.code, [item]);
  }
  return [...kinds.values()];
}

/** Fix buttons on one readiness card: the card's own two buttons and these stay within `MAX_ACTIONS`. */
type ButtonBudget = { left: number; skipped: boolean };

function itemSection(title: string, items: readonly ReadinessItem[], style: 'attention' | 'warning', canFix: FixFilter, budget: ButtonBudget): CardElement {
  const elements: CardElement[] = [text(title, { weight: 'Bolder' })];
  for (const kind of byKind(items)) {
    for (const item of kind.slice(0, ITEMS_PER_KIND)) {
      elements.push(text(`• ${item.message}`));
      const button = fixButton(item.fix, canFix);
      if (button.length && budget.left > 0) {
        budget.left -= 1;
        elements.push(actionSet(button));
      } else if (button.length) {
        budget.skipped = true;
      }
    }
    if (kind.length > ITEMS_PER_KIND) {
      elements.push(text(`…and ${kind.length - ITEMS_PER_KIND} more like this.`, { subtle: true }));
    }
  }
  return container(elements, { style, separator: true });
}

/**
 * Progress towards DEX: the checked sessions with nothing DEX would reject, as a gauge where Teams draws
 * charts and as a sentence where it does not. Case-file and client errors are listed below it, not counted.
 */
function sessionsReadyGauge(r: Readiness): CardElement[] {
  if (r.sessionsChecked === 0) return [];
  const rejected = new Set(r.errors.flatMap((e) => (e.sessionId ? [e.sessionId] : []))).size;
  const ready = Math.max(0, r.sessionsChecked - rejected);
  const words = `${ready} of ${plural(r.sessionsChecked, 'session')} ${ready === 1 ? 'has' : 'have'} nothing DEX would reject.`;
  const segments = [
    { legend: 'Nothing DEX would reject', size: ready, color: 'good' as const },
    { legend: `${MARK.error} With errors`, size: r.sessionsChecked - ready, color: 'attention' as const },
  ].filter((s) => s.size > 0);
  return [text('Sessions DEX would accept', { weight: 'Bolder' }), gaugeChart(ready, segments, [text(words)])];
}

export type ReadinessCardInput = {
  caseFileId: string;
  name: string;
  readiness: Readiness;
  /** Days left before each checked period's deadline, by period id. */
  daysLeft: ReadonlyMap<string, number>;
  canFix: FixFilter;
};

export function readinessCard(input: ReadinessCardInput): AdaptiveCard {
  const { readiness: r } = input;
  const verdict =
    r.errors.length > 0
      ? text(
          `${MARK.error} Not ready: ${plural(r.errors.length, 'error')} DEX would reject${r.warnings.length ? `, and ${plural(r.warnings.length, 'warning')}` : ''}.`,
          { weight: 'Bolder' },
        )
      : r.warnings.length > 0
        ? text(`${MARK.warning} Ready, with ${plural(r.warnings.length, 'warning')}: DEX accepts the data, but it is weak.`, { weight: 'Bolder' })
        : text(`${MARK.ok} Ready: nothing is missing.`, { weight: 'Bolder' });
  const body: CardElement[] = [
    heading(`Is "${input.name}" ready for DEX?`),
    verdict,
    ...sessionsReadyGauge(r),
    text(`Checked ${plural(r.sessionsChecked, 'session')}. ${r.periods.map((p) => periodDeadlineText(p, input.daysLeft.get(p.id) ?? 0)).join('. ')}.`, {
      subtle: true,
    }),
  ];
  // Errors come first, so their fixes get the buttons; anything past the budget is fixed once those are done.
  const budget: ButtonBudget = { left: MAX_ACTIONS - 2, skipped: false };
  if (r.errors.length) body.push(itemSection('Errors: DEX would reject these', r.errors, 'attention', input.canFix, budget));
  if (r.warnings.length) body.push(itemSection('Warnings: DEX accepts these, but the data is weak', r.warnings, 'warning', input.canFix, budget));
  if (r.notReported.length) {
    const listed = `${r.notReported
      .slice(0, ITEMS_PER_KIND)
      .map((s) => s.label)
      .join('; ')}${r.notReported.length > ITEMS_PER_KIND ? ` and ${r.notReported.length - ITEMS_PER_KIND} more` : ''}`;
    body.push(
      container(
        [
          text(`**Not reported (period closed):** ${plural(r.notReported.length, 'session')}`),
          text(`${listed}. Entered after their reporting period closed, so DEX never received them; they are kept for your own records and not checked here.`, {
            subtle: true,
          }),
        ],
        { separator: true },
      ),
    );
  }
  if (budget.skipped) {
    body.push(text('Fix the ones with buttons first, then ask again for the rest.', { subtle: true }));
  }
  body.push(
    actionSet([submit('Status', { command: STATUS_COMMAND, args: { caseFileId: input.caseFileId } }), submit('Case files due', { command: DUE_COMMAND })]),
  );
  return card(body);
}

export function caseFilesDueCard(due: readonly DuePeriod[], withoutSessions: number): AdaptiveCard {
  const body: CardElement[] = [heading('Case files due for DEX')];
  let buttons = MAX_ACTIONS;
  for (const { period, daysLeft, caseFiles } of due) {
    const rows: CardElement[] = [text(periodDeadlineText(period, daysLeft), { weight: 'Bolder' })];
    if (caseFiles.length === 0) rows.push(text('No case file has sessions in this period yet.'));
    for (const cf of caseFiles.slice(0, MAX_DUE_ROWS)) {
      const problems = cf.errorCount || cf.warningCount ? `${plural(cf.errorCount, 'error')}, ${plural(cf.warningCount, 'warning')}` : 'ready';
      rows.push(
        text(`${cf.errorCount ? `${MARK.error} ` : ''}**${cf.name}** (${cf.caseId}): ${problems} · ${plural(cf.sessionCount, 'session')} this period`),
        // The most urgent case files get a button; for the rest, typing the question works the same.
        buttons-- > 0
          ? actionSet([
              // A ready case file has nothing missing: its button checks it again rather than asking what is missing.
              submit(cf.errorCount || cf.warningCount ? 'What is missing?' : 'Check again', {
                command: READINESS_COMMAND,
                args: { caseFileId: cf.caseFileId, periodId: period.id },
              }),
            ])
          : text(`Type "what's missing for ${cf.name}" to see it.`, { subtle: true }),
      );
    }
    if (caseFiles.length > MAX_DUE_ROWS) rows.push(text(`…and ${caseFiles.length - MAX_DUE_ROWS} more with fewer problems.`, { subtle: true }));
    body.push(container(rows, { separator: true }));
  }
  if (withoutSessions > 0) {
    body.push(
      text(
        `${plural(withoutSessions, 'other case file')} ${withoutSessions === 1 ? 'has' : 'have'} no sessions in an open period, so ${withoutSessions === 1 ? 'it does' : 'they do'} not count yet.`,
        { subtle: true },
      ),
    );
  }
  return card(body);
}

export type CaseFileChoice = { caseFileId: string; name: string; caseId: string };

/** A short list of case files to pick from; each button asks the same question again about that one. */
export function caseFilePickCard(question: string, choices: readonly CaseFileChoice[], command: CommandId, args: Record<string, unknown> = {}): AdaptiveCard {
  return card([
    heading(question),
    ...choices
      .slice(0, MAX_ACTIONS)
      .map((c) => namedButton(`${c.name} (${c.caseId})`, `Choose ${c.caseId}`, { command, args: { ...args, caseFileId: c.caseFileId } })),
  ]);
}
