/**
 * Is a case file ready for DEX? Every problem that would stop (error: DEX rejects the record) or weaken
 * (warning: DEX accepts it, but the data is thin) its submission, each in words that name the session or
 * client and with a hint at the command that fixes it. Pure, so an export or a scheduled reminder can reuse it.
 *
 * Only sessions that can still be submitted are checked: those in the periods still open (or the periods
 * asked for), plus any dated in the future, which are always an error whatever period they fall in. Sessions
 * of closed periods are history and are left alone.
 */
import type { DateTime } from 'luxon';
import type { CaseClient, CaseFile } from './caseFile';
import type { Client } from './client';
import { clientRecordItems, type SlkSharer } from './clientReadiness';
import { callsForCommunityScore, missingScoreMessage } from './communityScore';
import type { CommandId } from './commandIds';
import { DEFAULT_ORG_ZONE } from './calendar';
import { findOutletActivity, type Organisation, type OutletActivity } from './organisation';
import { openReportingPeriods, type ReportingPeriod } from './periods';
import type { Problem } from './problem';
import type { CodeListName, ReferenceData } from './referenceData';
import { checkFreeText, checkMoneyBusinessWorkshopApplies, checkReasons, checkReferrals, checkSessionDateNotFuture, checkUnidentifiedCount } from './rules';
import type { Session } from './session';
import { notReportedSessions } from './sessionListing';
import { type SessionView, viewSessions } from './readinessSessions';

export type ReadinessSeverity = 'error' | 'warning';

/** The commands a fix can point at: each must be a command the bot has, or the type check fails. */
export const FIX_COMMANDS = [
  'sessionDetails',
  'assignParticipants',
  'addClients',
  'addSession',
  'communityScore',
  'editCaseClient',
  'editSession',
  'editCaseFile',
  'completeClientDetails',
  'reviewDuplicateClients',
] as const satisfies readonly CommandId[];
export type FixCommand = (typeof FIX_COMMANDS)[number];

export type ReadinessFix = { command: FixCommand; args: Record<string, string> };

export type ReadinessItem = {
  code: string;
  severity: ReadinessSeverity;
  message: string;
  sessionId?: string;
  clientId?: string;
  /** The reporting period of the session the item is about; absent for case-file and client items. */
  periodId?: string;
  fix?: ReadinessFix;
};

export type ReadinessOptions = {
  /** Adds the checks that depend on the organisation's set-up: its outlet activities and their service types. */
  organisation?: Organisation;
  /** Adds the checks that codes are on the current DEX lists (only lists confirmed against a DSS source). */
  referenceData?: ReferenceData;
  /** Lets messages name clients; without it they are named by client id. */
  clientsById?: ReadonlyMap<string, Pick<Client, 'givenName' | 'familyName'>>;
  /**
   * The stored records of the case file's clients: adds the checks of each client's own DEX details (consent,
   * country, language, address and the rest). A client of the case file missing here is not checked.
   */
  clientRecords?: ReadonlyMap<string, Client>;
  /** Other clients of the organisation sharing a case client's SLK, by that case client's id. */
  sameSlk?: ReadonlyMap<string, readonly SlkSharer[]>;
  now: DateTime;
  /** The organisation's zone when no organisation is given (the stored summary knows only the zone). */
  zone?: string;
  /** Whose sessions are checked; by default the periods accepting data at `now`. */
  periods?: readonly ReportingPeriod[];
};

export type Readiness = {
  errors: ReadinessItem[];
  warnings: ReadinessItem[];
  /** The periods whose sessions were checked, oldest first. */
  periods: ReportingPeriod[];
  sessionsChecked: number;
  /** Sessions kept for the organisation's own records (entered after their period closed), which DEX never receives. */
  notReported: { sessionId: string; label: string }[];
};

type RuleContext = {
  cf: CaseFile;
  clientRecords: ReadonlyMap<string, Client> | undefined;
  sameSlk: ReadinessOptions['sameSlk'];
  zone: string;
  now: DateTime<true>;
  activity: OutletActivity | undefined;
  organisation: Organisation | undefined;
  referenceData: ReferenceData | undefined;
  clientName(clientId: string): string;
  add(item: ReadinessItem): void;
  /** Checked sessions without a Community SCORE, reported together once the sessions are checked. */
  unscored: SessionView[];
};

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Only lists checked against a DSS source are used to reject codes; an unconfirmed list may be incomplete. */
function isUnknownCode(ref: ReferenceData | undefined, list: CodeListName, code: string): boolean {
  if (!ref) return false;
  return ref.info(list).confirmed && !ref.isValidCode(list, code);
}

/** A valid code that only our own curation vouches for (no DSS source): accepted, with a warning. */
function isUnconfirmedCode(ref: ReferenceData | undefined, list: CodeListName, code: string): boolean {
  if (!ref) return false;
  return ref.info(list).confirmed && ref.isValidCode(list, code) && !ref.isConfirmedCode(list, code);
}

function caseFileRules(ctx: RuleContext): void {
  const { cf } = ctx;
  const editCaseFile: ReadinessFix = { command: 'editCaseFile', args: { caseFileId: cf.caseFileId } };
  for (const [field, value] of [
    ['caseId', cf.caseId],
    ['name', cf.name],
    ['overview', cf.overview],
  ] as const) {
    const problem = checkFreeText(field, value, field === 'overview' ? 'multiline' : 'line');
    if (problem) ctx.add({ code: problem.code, severity: 'error', message: `This case file: ${lowerFirst(problem.message)}`, fix: editCaseFile });
  }
  const unidentified = checkUnidentifiedCount(cf.totalUnidentifiedClients);
  if (unidentified) ctx.add({ code: unidentified.code, severity: 'error', message: `This case file: ${lowerFirst(unidentified.message)}`, fix: editCaseFile });
  if (ctx.organisation && !ctx.activity) {
    ctx.add({
      code: 'outletActivity.unknown',
      severity: 'error',
      message: `This case file is for outlet activity ${cf.outletActivityId}, which is not one of ${ctx.organisation.name}'s activities, so DEX cannot take it.`,
      fix: editCaseFile,
    });
  }
}

function clientRules(ctx: RuleContext, client: CaseClient): void {
  const name = ctx.clientName(client.clientId);
  const fix: ReadinessFix = { command: 'editCaseClient', args: { caseFileId: ctx.cf.caseFileId, clientId: client.clientId } };
  const base = { clientId: client.clientId, fix };
  const reasons = checkReasons(client.reasons);
  if (reasons) ctx.add({ ...base, code: reasons.code, severity: 'error', message: `${name}: ${lowerFirst(reasons.message)}` });
  for (const reason of client.reasons) {
    if (isUnknownCode(ctx.referenceData, 'reasonForAssistance', reason.code)) {
      ctx.add({
        ...base,
        code: 'reasons.unknownCode',
        severity: 'error',
        message: `${name}: the reason for seeking assistance ${reason.code} is not on the current DEX list.`,
      });
    }
    if (isUnconfirmedCode(ctx.referenceData, 'reasonForAssistance', reason.code)) {
      ctx.add({
        ...base,
        code: 'reasons.unconfirmedCode',
        severity: 'warning',
        message: `${name}: the reason ${reason.code} is on no list DSS has published here; DEX may refuse it. Check it in the DEX portal, or load DSS's reference data file.`,
      });
    }
  }
  for (const item of clientRecordItems(ctx.cf.caseFileId, client.clientId, name, ctx.clientRecords?.get(client.clientId), ctx.sameSlk?.get(client.clientId)))
    ctx.add(item);
  if (client.referralSourceCode === undefined) {
    ctx.add({
      ...base,
      code: 'referralSource.missing',
      severity: 'warning',
      message: `${name} has no referral source (who sent them to you). DEX accepts this, but it weakens the record.`,
    });
  } else if (isUnknownCode(ctx.referenceData, 'referralSource', client.referralSourceCode)) {
    ctx.add({
      ...base,
      code: 'referralSource.unknownCode',
      severity: 'error',
      message: `${name}: the referral source ${client.referralSourceCode} is not on the current DEX list.`,
    });
  }
}

const DETAIL_LISTS: readonly [keyof Session['details'], CodeListName, string][] = [
  ['serviceSettingCode', 'serviceSetting', 'service setting'],
  ['topicCode', 'topic', 'topic'],
  ['hardshipTypeCode', 'hardshipType', 'hardship type'],
  ['referralDestinationCode', 'externalReferralDestination', 'referral destination'],
  ['moneyBusinessWorkshopCode', 'moneyBusinessWorkshop', 'Money Business workshop'],
];

function sessionDetailRules(ctx: RuleContext, view: SessionView, base: Partial<ReadinessItem>): void {
  const { details } = view.session;
  const fix: ReadinessFix = { command: 'sessionDetails', args: { caseFileId: ctx.cf.caseFileId, sessionId: view.session.sessionId } };
  const add = (code: string, message: string) => ctx.add({ ...base, code, severity: 'error', message, fix });
  if (details.serviceTypeId === undefined) {
    add('serviceType.missing', `${view.label} has no service type. DEX rejects a session without one.`);
  } else if (ctx.activity && !ctx.activity.serviceTypeIds.includes(details.serviceTypeId)) {
    add('serviceType.notForActivity', `${view.label} has service type ${details.serviceTypeId}, which is not valid for ${ctx.activity.name}.`);
  } else if (ctx.referenceData && !ctx.referenceData.isValidServiceType(details.serviceTypeId)) {
    add('serviceType.unknown', `${view.label} has service type ${details.serviceTypeId}, which is not on the current DEX list.`);
  }
  for (const [field, list, label] of DETAIL_LISTS) {
    const code = details[field];
    if (typeof code === 'string' && isUnknownCode(ctx.referenceData, list, code)) {
      add('sessionDetails.unknownCode', `${view.label}: the ${label} ${code} is not on the current DEX list.`);
    }
  }
  const workshop = ctx.activity ? checkMoneyBusinessWorkshopApplies(ctx.activity, details.moneyBusinessWorkshopCode) : null;
  if (workshop) add(workshop.code, `${view.label}: ${lowerFirst(workshop.message)}`);
}

function participantRules(ctx: RuleContext, view: SessionView, base: Partial<ReadinessItem>, onCase: ReadonlySet<string>): void {
  const { session } = view;
  const assign = (clientId?: string): ReadinessFix => ({
    command: 'assignParticipants',
    args: { caseFileId: ctx.cf.caseFileId, sessionId: session.sessionId, ...(clientId ? { clientId } : {}) },
  });
  if (session.participants.length === 0 && session.unidentifiedParticipants === 0) {
    ctx.add({
      ...base,
      code: 'session.noParticipants',
      severity: 'error',
      message: `${view.label} has no participants and no unidentified clients. DEX rejects a session with nobody at it.`,
      fix: assign(),
    });
  }
  // Thousands of participants per case file: nothing is built for one unless there is something to report.
  for (const p of session.participants) {
    if (!onCase.has(p.clientId)) {
      ctx.add({
        ...base,
        clientId: p.clientId,
        code: 'participant.notOnCase',
        severity: 'error',
        message: `${view.label} lists ${ctx.clientName(p.clientId)}, who is not a client of this case file. DEX rejects a participant who is not on the case.`,
        fix: { command: 'addClients', args: { caseFileId: ctx.cf.caseFileId } },
      });
    }
    if (p.referrals.length === 0) continue;
    const referrals = checkReferrals(p.referrals);
    if (referrals) {
      ctx.add({
        ...base,
        clientId: p.clientId,
        code: referrals.code,
        severity: 'error',
        message: `${view.label}, ${ctx.clientName(p.clientId)}: ${lowerFirst(referrals.message)}`,
        fix: assign(p.clientId),
      });
    }
    for (const code of new Set(p.referrals.flatMap((r) => r.purposeCodes))) {
      if (isUnconfirmedCode(ctx.referenceData, 'referralPurpose', code)) {
        ctx.add({
          ...base,
          clientId: p.clientId,
          code: 'referrals.unconfirmedPurpose',
          severity: 'warning',
          message: `${view.label}, ${ctx.clientName(p.clientId)}: the referral purpose ${code} is on no list DSS has published here; DEX may refuse it.`,
          fix: assign(p.clientId),
        });
      }
      if (isUnknownCode(ctx.referenceData, 'referralPurpose', code)) {
        ctx.add({
          ...base,
          clientId: p.clientId,
          code: 'referrals.unknownPurpose',
          severity: 'error',
          message: `${view.label}, ${ctx.clientName(p.clientId)}: the referral purpose ${code} is not on the current DEX list.`,
          fix: assign(p.clientId),
        });
      }
    }
  }
}

function communityScoreRules(ctx: RuleContext, view: SessionView, base: Partial<ReadinessItem>, scored: boolean): void {
  const score = view.session.communityScore;
  const fix: ReadinessFix = { command: 'communityScore', args: { caseFileId: ctx.cf.caseFileId, sessionId: view.session.sessionId } };
  if (!score) {
    if (scored) ctx.unscored.push(view);
    return;
  }
  if (score.singleRating) return;
  const unpaired = score.ratings.filter((r) => r.pre !== undefined && r.post === undefined);
  if (unpaired.length > 0) {
    const domains = unpaired.map((r) => ctx.referenceData?.communityDomains().find((d) => d.code === r.domainCode)?.label ?? r.domainCode);
    ctx.add({
      ...base,
      code: 'communityScore.preWithoutPost',
      severity: 'warning',
      message: `${view.label} has a PRE Community SCORE without a POST for ${domains.join('; ')}, so no change can be shown.`,
      fix,
    });
  }
}

function sessionRules(ctx: RuleContext, view: SessionView, onCase: ReadonlySet<string>, scored: boolean): void {
  const { session } = view;
  const base: Partial<ReadinessItem> = { sessionId: session.sessionId, periodId: view.periodId };
  const edit: ReadinessFix = { command: 'editSession', args: { caseFileId: ctx.cf.caseFileId, sessionId: session.sessionId } };
  const asError = (problem: Problem | null) => {
    if (problem) ctx.add({ ...base, code: problem.code, severity: 'error', message: `${view.label}: ${lowerFirst(problem.message)}`, fix: edit });
  };
  if (view.future) asError(checkSessionDateNotFuture(view.local, ctx.now, ctx.zone));
  asError(checkUnidentifiedCount(session.unidentifiedParticipants, 'unidentifiedParticipants'));
  asError(checkFreeText('sessionId', session.sessionId));
  sessionDetailRules(ctx, view, base);
  participantRules(ctx, view, base, onCase);
  communityScoreRules(ctx, view, base, scored);
}

/**
 * Every item for the case file, with the sessions limited to those `includeSession` accepts (all of them
 * by default). Items come case file first, then clients, then sessions in stored order.
 */
export function findReadinessItems(
  cf: CaseFile,
  options: Omit<ReadinessOptions, 'periods'>,
  includeSession: (view: { periodId: string; future: boolean }) => boolean = () => true,
): ReadinessItem[] {
  const zone = options.organisation?.timeZone ?? options.zone ?? DEFAULT_ORG_ZONE;
  const now = options.now.setZone(zone);
  if (!now.isValid) throw new RangeError(`Cannot read the time in zone "${zone}": ${now.invalidExplanation ?? now.invalidReason}`);
  const items: ReadinessItem[] = [];
  const ctx: RuleContext = {
    cf,
    clientRecords: options.clientRecords,
    sameSlk: options.sameSlk,
    zone,
    now,
    organisation: options.organisation,
    activity: options.organisation ? findOutletActivity(options.organisation, cf.outletActivityId) : undefined,
    referenceData: options.referenceData,
    clientName: (id) => {
      const c = options.clientsById?.get(id);
      return c ? `${c.givenName} ${c.familyName}` : `Client ${id}`;
    },
    add: (item) => items.push(item),
    unscored: [],
  };
  caseFileRules(ctx);
  for (const client of cf.clients) clientRules(ctx, client);
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const scored = callsForCommunityScore(cf, ctx.activity);
  for (const view of viewSessions(cf, zone, now)) {
    // A session kept only for the organisation's own records never goes to DEX, so DEX's rules do not apply to it.
    if (!view.session.ownRecordsOnly && includeSession(view)) sessionRules(ctx, view, onCase, scored);
  }
  if (ctx.unscored.length) items.push(unscoredItem(ctx));
  return items;
}

/** One warning for the whole case file, however many sessions lack a score: it is one habit to fix, not many faults. */
function unscoredItem(ctx: RuleContext): ReadinessItem {
  const [first] = ctx.unscored;
  const message = missingScoreMessage(ctx.unscored.map((v) => v.label));
  const fix: ReadinessFix = { command: 'communityScore', args: { caseFileId: ctx.cf.caseFileId, sessionId: first!.session.sessionId } };
  return { code: 'communityScore.missing', severity: 'warning', message, sessionId: first!.session.sessionId, periodId: first!.periodId, fix };
}

function describePeriods(periods: readonly ReportingPeriod[]): string {
  return periods.map((p) => p.label).join(' or ');
}

/** The readiness of a case file for the periods still open (or those given), split into errors and warnings. */
export function checkReadiness(cf: CaseFile, options: ReadinessOptions): Readiness {
  const zone = options.organisation?.timeZone ?? options.zone ?? DEFAULT_ORG_ZONE;
  const periods = [...(options.periods ?? openReportingPeriods(options.now, zone))].sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const wanted = new Set(periods.map((p) => p.id));
  let sessionsChecked = 0;
  let sessionsInPeriods = 0;
  const items = findReadinessItems(cf, options, (view) => {
    const inPeriod = wanted.has(view.periodId);
    if (inPeriod) sessionsInPeriods += 1;
    if (inPeriod || view.future) sessionsChecked += 1;
    return inPeriod || view.future;
  });
  if (sessionsInPeriods === 0 && periods.length > 0) {
    items.push({
      code: 'period.noSessions',
      severity: 'warning',
      message: `This case file has no sessions in ${describePeriods(periods)}, so neither it nor its clients count in DEX for that period.`,
      fix: { command: 'addSession', args: { caseFileId: cf.caseFileId } },
    });
  }
  return {
    errors: items.filter((i) => i.severity === 'error'),
    warnings: items.filter((i) => i.severity === 'warning'),
    periods,
    sessionsChecked,
    notReported: notReportedSessions(cf),
  };
}
