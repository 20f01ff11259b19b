import { randomUUID } from 'node:crypto';
import { CardFactory } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { card, MARK, submit, text } from '../cards/cardKit';
import {
  activityChoiceCard,
  addSessionsReviewBody,
  alreadyTransferredCard,
  newCaseFileReviewBody,
  transferListCard,
  transferListingBody,
  transferResultCard,
  type ActivityChoice,
} from '../cards/transferCards';
import { NoArgs, type Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowStep, type FlowTurn, type Prompt, type StartTurn } from '../src/bot/guidedFlow';
import { getUserContext } from '../src/bot/userContext';
import type { Activity } from '../src/domain/activity';
import {
  addNewActivitySessions,
  caseFileFromActivity,
  defaultTransferName,
  defaultTransferOverview,
  planTransfer,
  type MatchedClient,
  type TransferPlan,
} from '../src/domain/activityTransfer';
import type { CaseFile } from '../src/domain/caseFile';
import { checkCaseFileNameUnique } from '../src/domain/caseFileName';
import { generateCaseId } from '../src/domain/identifiers';
import { outletActivities, type Organisation } from '../src/domain/organisation';
import { matchAttendees } from '../src/importing/attendeeMatching';
import { fuzzyFind } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { ABANDONED_CLAIM_MS, type ActivityTransferLedger, insertTransferredCaseFile, type ActivityTransferClaim } from '../src/storage/activityTransferLedger';
import { changeContext } from './changeContext';
import { StartOptions, TransferAnswers, type Answers, type Options } from './transferActivity/answers';
import { detailsStep } from './transferActivity/detailsStep';
import { closedSessionsStep } from './ownRecordsStep';

const PICK_LIMIT = 8;
const GO_WORDS = new Set(['create', 'yes', 'y', 'ok', 'okay', 'continue', 'next', 'go']);

/** The activity with its attendees matched to client records, and what a transfer of it would write now. */
type Loaded = { activity: Activity; matched: Map<string, MatchedClient>; plan: TransferPlan; caseFile?: CaseFile };

async function matchedAttendees(services: Services, org: Organisation, activity: Activity): Promise<Map<string, MatchedClient>> {
  const attendees = activity.sessions.flatMap((s) => s.roll.filter((e) => e.attended));
  return (await matchAttendees(services.clients, org.organisationId, attendees)).matched;
}

async function load(turn: FlowTurn<Answers>): Promise<Loaded | undefined> {
  const org = turn.user.organisation;
  const activity = await turn.services.activities.get(org.organisationId, turn.answers.activityId);
  if (!activity) return undefined;
  const caseFile = turn.answers.mode === 'addNew' ? await turn.services.caseFiles.get(org.organisationId, turn.answers.caseFileId) : undefined;
  if (turn.answers.mode === 'addNew' && !caseFile) return undefined;
  const matched = await matchedAttendees(turn.services, org, activity);
  return { activity, matched, caseFile, plan: planTransfer(activity, matched, changeContext(turn), caseFile) };
}

const GONE: Prompt = { text: 'That activity or its case file is no longer there, so there is nothing to transfer. Type **cancel** to stop.' };

// ------------------------------------------------------------------ finding the activity

function choicesOf(activities: Activity[], claims: Map<string, ActivityTransferClaim & { caseFileName?: string }>): ActivityChoice[] {
  return activities.map((activity) => {
    const attended = activity.sessions.filter((s) => s.roll.some((e) => e.attended));
    const people = new Set(activity.sessions.flatMap((s) => s.roll.map((e) => e.clientId ?? `${e.givenName} ${e.familyName} ${e.birthDate}`)));
    const claim = claims.get(activity.activityId);
    return { activity, attendedSessions: attended.length, people: people.size, ...(claim?.caseFileName ? { transferredInto: claim.caseFileName } : {}) };
  });
}

/**
 * Searches by activity or client name, as DEX CM's search box does. A client's full name typed exactly wins,
 * so it is never mistaken for a loose match on an activity's name; then activity names, typos allowed; then
 * client names, typos allowed. A client matches every activity they are on the roll of.
 */
function searchActivities(query: string, activities: Activity[]): Activity[] {
  const q = query.trim().toLowerCase();
  const people = new Map<string, { key: string; label: string; extra: string[]; activityIds: Set<string> }>();
  for (const a of activities) {
    for (const e of a.sessions.flatMap((s) => s.roll)) {
      const label = `${e.givenName} ${e.familyName}`;
      const key = e.clientId ?? `${label}|${e.birthDate}`;
      const person = people.get(key) ?? { key, label, extra: [`${e.familyName} ${e.givenName}`], activityIds: new Set<string>() };
      person.activityIds.add(a.activityId);
      people.set(key, person);
    }
  }
  const withPeople = (hits: { activityIds: Set<string> }[]) => activities.filter((a) => hits.some((p) => p.activityIds.has(a.activityId)));
  const exactPeople = [...people.values()].filter((p) => p.label.toLowerCase() === q || p.extra[0]!.toLowerCase() === q);
  if (exactPeople.length) return withPeople(exactPeople);
  const byName = fuzzyFind(
    query,
    activities.map((a) => ({ key: a.activityId, label: a.name, activity: a })),
    PICK_LIMIT,
  );
  if (byName.length) return byName.map((x) => x.activity);
  return withPeople(fuzzyFind(query, [...people.values()], PICK_LIMIT));
}

async function claimsWithNames(services: Services, ledger: ActivityTransferLedger, organisationId: string) {
  const claims = await ledger.list(organisationId);
  const names = new Map((await services.caseFiles.listSummaries(organisationId)).map((s) => [s.caseFileId, s.name]));
  return new Map(claims.map((c) => [c.activityId, { ...c, caseFileName: names.get(c.caseFileId) }]));
}

/**
 * Resolves the activity before the flow starts. Anything other than "one activity, ready to transfer" is
 * answered with a card that ends this run: buttons on it start the transfer again with the choice made.
 */
async function startTransfer(turn: StartTurn, ledger: ActivityTransferLedger, raw: Options): Promise<{ answers: Answers } | { refuse: Prompt }> {
  const parsed = StartOptions.safeParse(raw);
  const options: Options = parsed.success ? parsed.data : {};
  const { services, user } = turn;
  const org = user.organisation;
  const zone = org.timeZone;
  const lastHeld = (a: Activity) => a.sessions.map((s) => Date.parse(s.startsAt)).reduce((x, y) => Math.max(x, y), 0);
  // Most recently run first: the activity staff are about to transfer is usually the one that just ran.
  const activities = (await services.activities.list(org.organisationId)).sort((a, b) => lastHeld(b) - lastHeld(a));
  if (activities.length === 0) {
    return {
      refuse: {
        text: `No activities have been imported for ${org.name} yet. Ask your administrator to import them from the activity-management system, then try again.`,
      },
    };
  }
  const claims = await claimsWithNames(services, ledger, org.organisationId);
  const pick = (title: string, intro: string, list: Activity[]) => ({
    refuse: { card: activityChoiceCard(title, intro, choicesOf(list.slice(0, PICK_LIMIT * 2), claims), zone) },
  });

  let activity: Activity | undefined;
  if (options.activityId) {
    activity = activities.find((a) => a.activityId === options.activityId);
    if (!activity) return pick('Which activity?', 'That activity is no longer in the imported list. Pick another one.', activities);
  } else if (options.query) {
    const found = searchActivities(options.query, activities);
    if (found.length === 0) return pick('Which activity?', `No activity or client matched "${options.query}". Pick the activity below.`, activities);
    if (found.length > 1) return pick('Which activity?', `Several activities match "${options.query}". Pick one.`, found);
    activity = found[0]!;
  } else if (activities.length === 1) {
    activity = activities[0]!;
  } else {
    return pick('Transfer an activity', 'Which activity’s attendance should go into a new case file?', activities);
  }

  const claim = await ledger.find(org.organisationId, activity.activityId);
  const existing = claim ? await services.caseFiles.get(org.organisationId, claim.caseFileId) : undefined;
  const ctx = { now: services.clock().setZone(zone), zone, actor: user.actor };
  if (claim && existing) {
    const matched = await matchedAttendees(services, org, activity);
    const plan = planTransfer(activity, matched, ctx, existing);
    if (options.addNew && plan.sessions.length > 0)
      return {
        answers: TransferAnswers.parse({
          mode: 'addNew',
          activityId: activity.activityId,
          caseFileId: existing.caseFileId,
          closedSessions: plan.sessionsInClosedPeriods,
        }),
      };
    return { refuse: { card: alreadyTransferredCard(activity, existing, claim, plan.sessions.length, zone) } };
  }
  if (claim && claim.status === 'pending' && ctx.now.toMillis() - Date.parse(claim.claimedAt) <= ABANDONED_CLAIM_MS) {
    return { refuse: { text: `${claim.claimedBy.name} is transferring ${activity.name} right now. Try again in a minute.` } };
  }
  const plan = planTransfer(activity, await matchedAttendees(services, org, activity), ctx);
  if (plan.sessions.length === 0) {
    const why = plan.unmatched.length
      ? 'the people who attended have no client record yet'
      : 'nobody has been marked as attending a session that has been held';
    return { refuse: { text: `There is nothing to transfer from ${activity.name} yet: ${why}.` } };
  }
  const sameOutlet = outletActivities(org).filter((a) => a.outletId === activity.outletId);
  return {
    answers: TransferAnswers.parse({
      closedSessions: plan.sessionsInClosedPeriods,
      mode: 'new',
      activityId: activity.activityId,
      caseFileId: randomUUID(),
      name: defaultTransferName(activity.name, await services.caseFiles.listSummaries(org.organisationId)),
      overview: defaultTransferOverview(activity),
      ...(sameOutlet.length === 1 ? { outletActivityId: sameOutlet[0]!.outletActivityId } : {}),
    }),
  };
}

// ------------------------------------------------------------------ steps

function listingStep(): FlowStep<Answers> {
  return {
    id: 'sessions',
    title: 'Sessions and clients',
    help: 'These are the sessions somebody attended and the people who attended them. People who were booked but did not come are left out. Choose Continue to set up the case file.',
    applies: (a) => a.mode === 'new',
    async ask(turn) {
      const loaded = await load(turn);
      if (!loaded) return GONE;
      return {
        card: card(transferListingBody(loaded.activity, loaded.plan, turn.user.organisation.timeZone), [submit('Continue', { step: 'sessions' }, 'positive')]),
      };
    },
    async accept(_turn, input) {
      if (input.value || (input.text && GO_WORDS.has(input.text.toLowerCase()))) return { ok: true, answers: {}, echo: 'Sessions and clients checked' };
      return { ok: false, message: 'Choose **Continue** to go on, or type **cancel** to stop.' };
    },
  };
}

// ------------------------------------------------------------------ the flow

function flow(ledger: ActivityTransferLedger): FlowDefinition<Answers, Options> {
  return {
    id: 'transferActivity',
    title: 'Transfer an activity',
    start: (turn, options) => startTransfer(turn, ledger, options),
    steps: [listingStep(), detailsStep(), closedSessionsStep<Answers>()],
    async review(turn) {
      const loaded = await load(turn);
      if (!loaded) return [text(GONE.text!)];
      const zone = turn.user.organisation.timeZone;
      if (turn.answers.mode === 'addNew') return addSessionsReviewBody(loaded.activity, loaded.caseFile!, loaded.plan, zone);
      const a = turn.answers;
      const outlet = outletActivities(turn.user.organisation).find((x) => x.outletActivityId === a.outletActivityId);
      const sameName = checkCaseFileNameUnique(a.name, await turn.services.caseFiles.listSummaries(turn.user.organisation.organisationId), a.caseFileId);
      const warning = sameName ? [text(`${MARK.warning} ${sameName.message}`, { weight: 'Bolder' })] : [];
      return [
        ...warning,
        ...newCaseFileReviewBody({
          activity: loaded.activity,
          plan: loaded.plan,
          zone,
          name: a.name,
          outletActivity: outlet?.name ?? '',
          attendanceProfile: a.clientAttendanceProfileCode
            ? (turn.services.referenceData.labelOf('attendanceProfile', a.clientAttendanceProfileCode) ?? a.clientAttendanceProfileCode)
            : '',
          overview: a.overview,
        }),
      ];
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const loaded = await load(turn);
      if (!loaded) return { ok: false, message: GONE.text! };
      const { activity, matched } = loaded;
      if (a.mode === 'addNew') {
        const updated = await turn.services.caseFiles.update(
          org.organisationId,
          a.caseFileId,
          (cf) => addNewActivitySessions(cf, activity, matched, ctx, { ownRecordsConfirmed: a.ownRecordsConfirmed }),
          operationId,
        );
        if (!updated.ok) return { ok: false, message: updated.problems[0]!.message };
        return { ok: true, reply: { card: transferResultCard(updated.value, updated.value.transfers.at(-1)!, 'addNew') } };
      }
      const built = caseFileFromActivity(
        org,
        activity,
        matched,
        {
          caseFileId: a.caseFileId,
          caseId: generateCaseId(ctx.now),
          name: a.name,
          overview: a.overview,
          outletActivityId: a.outletActivityId!,
          clientAttendanceProfileCode: a.clientAttendanceProfileCode!,
        },
        ctx,
        { ownRecordsConfirmed: a.ownRecordsConfirmed },
      );
      if (!built.ok) {
        const problem = built.problems[0]!;
        return { ok: false, message: problem.message, ...(['name', 'overview', 'outletActivityId'].includes(problem.field) ? { stepId: 'details' } : {}) };
      }
      const result = await insertTransferredCaseFile(
        ledger,
        turn.services.caseFiles,
        built.value,
        { activityId: activity.activityId, activityName: activity.name },
        ctx.actor,
        ctx.now.toMillis(),
      );
      if (result.status === 'failed') return { ok: false, message: result.problems[0]!.message };
      if (result.status === 'alreadyTransferred') {
        return {
          ok: false,
          message: `${result.claim.claimedBy.name} transferred ${activity.name} into another case file while you were checking it, and an activity is transferred only once. Type **cancel**, then "transfer ${activity.name}" to add only the new sessions to that case file.`,
        };
      }
      const cf = result.caseFile;
      return { ok: true, reply: { card: transferResultCard(cf, cf.transfers.at(-1)!, 'new') } };
    },
  };
}

/** "What was transferred, when, by whom": a read-only answer, so a dialog that replies once and ends. */
class TransferListDialog extends Dialog {
  constructor(private readonly ledger: ActivityTransferLedger) {
    super('transferList');
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const org = getUserContext(dc.context).organisation;
    const entries = await this.ledger.history(org.organisationId);
    await dc.context.sendActivity({ attachments: [CardFactory.adaptiveCard(transferListCard(entries, org.timeZone))] });
    return dc.endDialog();
  }
}

/** Transferring first in the menu; the list's sentences are excluded from "transfer <name>" so "transfer list" is the list. */
export function activityTransferCommands(services: Services): [Command<'transferActivity'>, Command<'transferList'>] {
  const ledger = services.activityTransfers;
  return [
    {
      id: 'transferActivity',
      title: 'Transfer an activity',
      description:
        'Turn a group activity’s attendance roll into a new case file: attended sessions and clients only. Already transferred? Add only the sessions held since.',
      example: 'transfer Tuesday seniors group',
      writes: true,
      args: StartOptions,
      dialog: new GuidedFlowDialog(flow(ledger), services),
    },
    {
      id: 'transferList',
      title: 'Activity transfer list',
      description: 'See which activities were transferred into case files, when and by whom.',
      example: 'activity transfer list',
      writes: false,
      args: NoArgs,
      dialog: new TransferListDialog(ledger),
    },
  ];
}
