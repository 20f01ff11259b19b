import { sessionDetailDefinition } from '../src/domain/sessionDetailDefinitions';
import { z } from 'zod';
import { MENU, text, type NextStep } from '../cards/cardKit';
import {
  noSessionsCard,
  sessionChangesReview,
  sessionDetailsEditCard,
  sessionDetailsSavedCard,
  type DetailFieldView,
  type SessionHeading,
} from '../cards/sessionDetailsCards';
import type { Command } from '../src/bot/commands';
import {
  GuidedFlowDialog,
  type Accepted,
  type FlowDefinition,
  type FlowInput,
  type FlowStep,
  type FlowTurn,
  type Prompt,
  type Retry,
} from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';
import type { CaseFile } from '../src/domain/caseFile';
import { changeSessionDetails, sessionsNewestFirst, updateSessionDetails } from '../src/domain/caseFileOperations';
import { LIST_CONFLICT } from '../src/domain/listChange';
import { formatDuration } from '../src/domain/dateFormat';
import { callsForCommunityScore } from '../src/domain/communityScore';
import { findOutletActivity, type Organisation, type OutletActivity } from '../src/domain/organisation';
import { proposalFromPreviousSession, sessionWhen } from '../src/domain/sessionListing';
import { fail } from '../src/domain/outcome';
import { SessionDetailsSchema, type Session, type SessionDetails } from '../src/domain/session';
import { SessionReference, sessionReferred } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import {
  CaseFileAnswer,
  CaseFileStartOptions,
  caseFileStepNotingMiss,
  chosenCaseFile,
  noCaseFilesText,
  refusalWhenNoCaseFiles,
  resolveCaseFile,
} from './caseFileChoice';
import { changeContext } from './changeContext';
import {
  asInputValue,
  changedOnCard,
  changeViews,
  editedValues,
  FIELDS,
  fieldMessage,
  fieldSpecs,
  inputValues,
  LABELS,
  NOT_RECORDED,
  parseTyped,
  StoredValues,
  UNRECORDED,
  wantedSchema,
  wording,
  type Field,
  type Values,
} from './sessionDetails/detailFields';
import { detailEdits } from '../src/domain/sessionDetailEdits';

export const SessionDetailsAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  /** A case-file name the user gave that matched nothing, so the question can say so. */
  caseFileNotFound: z.string().optional(),
  sessionId: z.string().optional(),
  /** The case file the session id belongs to: picking another case file makes the session question apply again. */
  sessionCaseFileId: z.string().optional(),
  /** "edit last session": the newest session of whichever case file is chosen, without asking. */
  latestSession: z.boolean().default(false),
  changes: SessionDetailsSchema.default({}),
  /** `caseFileId/sessionId` the changes were made for, so edits never carry over to another session. */
  changesFor: z.string().optional(),
  /** The session's details as the edit card showed them, for `shownFor` (`caseFileId/sessionId`). */
  shownStored: SessionDetailsSchema.optional(),
  shownFor: z.string().optional(),
  /** Details proposed from the case file's previous session (for `shownFor`), and when that session was. */
  proposed: SessionDetailsSchema.optional(),
  proposedFrom: z.string().optional(),
});
type Answers = z.infer<typeof SessionDetailsAnswers>;

const StartOptions = CaseFileStartOptions.extend({ sessionId: z.string().optional(), session: SessionReference.optional() });

/** The session being edited, with its case file and the outlet activity that decides what is valid. */
type Target = { cf: CaseFile; session: Session; activity: OutletActivity | undefined };

function sessionOf(cf: CaseFile, a: Answers): Session | undefined {
  if (a.sessionId && a.sessionCaseFileId === cf.caseFileId) return cf.sessions.find((s) => s.sessionId === a.sessionId);
  return a.latestSession ? sessionsNewestFirst(cf)[0] : undefined;
}

async function loadTarget(turn: FlowTurn<Answers>): Promise<Target | undefined> {
  const cf = await chosenCaseFile(turn);
  const session = cf && sessionOf(cf, turn.answers);
  return cf && session ? { cf, session, activity: findOutletActivity(turn.user.organisation, cf.outletActivityId) } : undefined;
}

function headingOf(cf: CaseFile, session: Session, zone: string): SessionHeading {
  return { caseFileName: cf.name, when: sessionWhen(session, zone), sessionId: session.sessionId };
}

function changesKey(t: Target): string {
  return `${t.cf.caseFileId}/${t.session.sessionId}`;
}

/** The values the card starts from: the user's own edits for this session over what is stored. */
function shownDetails(t: Target, a: Answers): SessionDetails {
  return a.changesFor === changesKey(t) ? { ...t.session.details, ...a.changes } : t.session.details;
}

function noSessionsText(name: string | undefined): string {
  const which = name ? `"${name}"` : 'That case file';
  return `${which} has no sessions yet, so there are no details to fill in. Type **back** to pick another case file, or **cancel**; then say "add session to ${name ?? 'the case file'}" to add one.`;
}

function sessionStep(): FlowStep<Answers> {
  const inner = choiceStep<Answers>({
    id: 'session',
    title: 'Session',
    help: 'Pick the session whose details you want to fill in or change. The most recent is first; you can also type its number in the list or its session id.',
    applies: (a) => !(a.sessionId && a.sessionCaseFileId === a.caseFileId) && !a.latestSession,
    question: (turn) => `Which session of "${turn.answers.caseFileName ?? 'the case file'}"? The most recent is first.`,
    options: async (turn) => {
      const cf = await chosenCaseFile(turn);
      const zone = turn.user.organisation.timeZone;
      return (cf ? sessionsNewestFirst(cf).slice(0, 50) : []).map((s) => ({
        key: s.sessionId,
        label: sessionWhen(s, zone),
        description: `session ${s.sessionId}, ${formatDuration(s.durationMinutes)}`,
      }));
    },
    current: (a) => (a.sessionCaseFileId === a.caseFileId ? a.sessionId : undefined),
    pick: ([key], turn, options) => {
      const chosen = options.find((o) => o.key === key)!;
      return { ok: true, answers: { sessionId: chosen.key, sessionCaseFileId: turn.answers.caseFileId }, echo: `Session: ${chosen.label} (${chosen.key})` };
    },
  });
  return {
    ...inner,
    async ask(turn, retry) {
      const cf = await chosenCaseFile(turn);
      return cf?.sessions.length ? inner.ask(turn, retry) : { text: noSessionsText(turn.answers.caseFileName) };
    },
    async accept(turn, input) {
      const cf = await chosenCaseFile(turn);
      return cf?.sessions.length ? inner.accept(turn, input) : { ok: false, message: 'There is no session to pick in this case file.' };
    },
  };
}

function detailsStep(): FlowStep<Answers> {
  return {
    id: 'details',
    title: 'Session details',
    help:
      'Each input starts at the value stored now. Change only what you need and choose Continue; nothing you leave as it is will change. ' +
      'Only the service types DEX accepts for this case file’s outlet activity are listed. You can also type changes, for example "service type: counselling; interpreter: no".',
    async ask(turn, retry?: Retry): Promise<Prompt & { keep?: Partial<Answers> }> {
      const t = await loadTarget(turn);
      if (!t) return { text: noSessionsText(turn.answers.caseFileName) };
      const rd = turn.services.referenceData;
      const snapshot = StoredValues.safeParse(retry?.draft?.storedValues);
      const stored = t.session.details;
      const zone = turn.user.organisation.timeZone;
      const specs = fieldSpecs(rd, t.activity);
      // A fresh card proposes what the previous session recorded for what is usually the same, visibly;
      // it is stored only if the user continues and saves.
      const previous =
        turn.answers.changesFor === changesKey(t) || snapshot.success ? undefined : proposalFromPreviousSession(t.cf.sessions, t.session.sessionId);
      const proposed: SessionDetails = Object.fromEntries(
        Object.entries(previous?.details ?? {}).filter(([f, v]) =>
          specs.find((s) => s.field === f && !s.hidden && !s.unavailable)?.options.some((o) => o.key === String(v)),
        ),
      );
      const proposedFrom = previous ? sessionWhen(previous.from, zone) : undefined;
      const shown = { ...shownDetails(t, turn.answers), ...proposed };
      const fields: DetailFieldView[] = specs
        .filter((s) => !s.hidden)
        .map((s) => {
          const draft = retry?.draft?.[s.field];
          const note = proposed[s.field] !== undefined ? `Proposed: as in the session of ${proposedFrom}. Change it if this one was different.` : s.note;
          const options =
            s.field === 'interpreterPresent' && stored.interpreterPresent === undefined ? [...s.options, { key: UNRECORDED, label: NOT_RECORDED }] : s.options;
          return {
            id: s.field,
            label: s.label,
            stored: wording(s.field, stored, rd),
            options: s.unavailable ? [] : options.map((o) => ({ title: o.label, value: o.key })),
            value: typeof draft === 'string' ? draft : asInputValue(s.field, shown),
            ...(note ? { note } : {}),
            ...(sessionDetailDefinition(s.field) ? { definition: sessionDetailDefinition(s.field) } : {}),
          };
        });
      const card = sessionDetailsEditCard(headingOf(t.cf, t.session, zone), fields, snapshot.success ? snapshot.data : inputValues(stored));
      // A re-asked card keeps the values it was first drawn from; a fresh one is drawn from what is stored now.
      if (snapshot.success) return { card };
      const proposal = previous ? { proposed, proposedFrom } : {};
      return { card, keep: { shownStored: stored, shownFor: changesKey(t), ...proposal } };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<Answers>> {
      const t = await loadTarget(turn);
      if (!t) return { ok: false, message: 'There is no session to change in this case file.' };
      const rd = turn.services.referenceData;
      const specs = fieldSpecs(rd, t.activity);
      let changed: Values;
      if (input.value) {
        const onCard = changedOnCard(input.value, t.session.details);
        if (!onCard.ok) return { ok: false, message: onCard.message, draft: input.value };
        changed = onCard.values;
      } else {
        const typed = parseTyped(input.text ?? '', specs);
        if (!typed.ok) return { ok: false, message: typed.message };
        const earlier = turn.answers.changesFor === changesKey(t) ? editedValues(turn.answers.changes) : {};
        changed = { ...earlier, ...typed.values };
      }
      const submitted = input.value ?? { ...inputValues(shownDetails(t, turn.answers)), ...changed };
      const parsed = wantedSchema(specs, rd, t.activity).safeParse(changed);
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message, draft: submitted };
      const edits = detailEdits(parsed.data, t.session.details);
      if (!edits.ok) return { ok: false, message: fieldMessage(edits.problems[0]!), draft: submitted };
      const storable = SessionDetailsSchema.safeParse(edits.value);
      if (!storable.success) {
        const first = storable.error.issues[0]!;
        return { ok: false, message: `${LABELS[first.path[0] as Field] ?? 'Session details'}: ${first.message}.`, draft: submitted };
      }
      if (Object.keys(edits.value).length === 0) {
        return {
          ok: false,
          message: 'Nothing to save: every value is the same as stored. Change a value, or type **cancel** to leave the session as it is.',
          draft: submitted,
        };
      }
      const dryRun = updateSessionDetails(t.cf, turn.user.organisation, t.session.sessionId, edits.value, changeContext(turn));
      if (!dryRun.ok) return { ok: false, message: fieldMessage(dryRun.problems[0]!), draft: submitted };
      const views = changeViews(edits.value, t.session.details, rd);
      return {
        ok: true,
        answers: {
          changes: edits.value,
          changesFor: changesKey(t),
          sessionId: t.session.sessionId,
          sessionCaseFileId: t.cf.caseFileId,
          // Typed changes are the user's own words, so none of them is marked as proposed on the check, even when it equals the proposal.
          ...(input.value ? {} : { proposed: undefined }),
        },
        echo: `Changes: ${views.map((v) => `${v.label} → ${v.to}`).join('; ')}`,
      };
    },
  };
}

function addSessionStep(caseFileId: string): NextStep {
  return { title: 'Add a session', command: 'addSession', args: { caseFileId } };
}

/** After saving: the natural next steps; a Community SCORE only where the case file's group work calls for one. */
function nextSteps(cf: CaseFile, session: Session, org: Organisation): NextStep[] {
  const score: NextStep = { title: 'Record Community SCORE', command: 'communityScore', args: { caseFileId: cf.caseFileId, sessionId: session.sessionId } };
  return [...(callsForCommunityScore(cf, findOutletActivity(org, cf.outletActivityId)) ? [score] : []), addSessionStep(cf.caseFileId), MENU];
}

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'sessionDetails',
    title: 'Session details',
    async start(turn, options) {
      const parsed = StartOptions.safeParse(options);
      const opts = parsed.success ? parsed.data : {};
      const resolved = await resolveCaseFile(turn, opts);
      const none = refusalWhenNoCaseFiles(resolved, { text: noCaseFilesText('there are no sessions to fill in') });
      if (none) return none;
      let sessionId: string | undefined;
      const caseFileId = resolved.answer.caseFileId;
      if (caseFileId) {
        const cf = await turn.services.caseFiles.get(turn.user.organisation.organisationId, caseFileId);
        if (!cf?.sessions.length) {
          return { refuse: { card: noSessionsCard(cf?.name ?? resolved.answer.caseFileName ?? '', [addSessionStep(caseFileId), MENU]) } };
        }
        sessionId = cf.sessions.some((s) => s.sessionId === opts.sessionId) ? opts.sessionId : undefined;
        // A session named in the sentence other than "the last one" ("the 15 Oct session") is looked up now.
        if (!sessionId && opts.session && opts.session.kind !== 'latest')
          sessionId = sessionReferred(cf, opts.session, turn.services.clock(), turn.user.organisation.timeZone)?.sessionId;
      }
      return {
        answers: SessionDetailsAnswers.parse({
          ...resolved.answer,
          caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
          caseFileNotFound: resolved.notFound,
          sessionId,
          sessionCaseFileId: sessionId ? caseFileId : undefined,
          latestSession: opts.session?.kind === 'latest',
        }),
      };
    },
    steps: [caseFileStepNotingMiss<Answers>('has the session', (a) => a.caseFileNotFound), sessionStep(), detailsStep()],
    async review(turn) {
      const t = await loadTarget(turn);
      if (!t) return [text('That session is no longer in the case file, so there is nothing to save. Type **cancel**.')];
      const a = turn.answers;
      const proposed = a.shownFor === changesKey(t) ? a.proposed : undefined;
      const views = changeViews(a.changes, t.session.details, turn.services.referenceData).map((v, i) => {
        const f = FIELDS.filter((x) => a.changes[x] !== undefined)[i]!;
        return proposed?.[f] !== undefined && proposed[f] === a.changes[f] ? { ...v, to: `${v.to} (proposed: as in the session of ${a.proposedFrom})` } : v;
      });
      return sessionChangesReview(headingOf(t.cf, t.session, turn.user.organisation.timeZone), views);
    },
    async save(turn) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const key = `${a.caseFileId}/${a.sessionId}`;
      // Without a card (typed straight from the sentence) the user changed fields they were not shown: the
      // stored values at the start of the save are then the baseline.
      const shown = a.shownFor === key ? a.shownStored : undefined;
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (current) => {
        const session = current.sessions.find((s) => s.sessionId === a.sessionId);
        if (!session)
          return fail({ code: 'session.unknown', field: 'sessionId', message: `Session ${a.sessionId} is no longer in this case file, so nothing was saved.` });
        return changeSessionDetails(current, org, session.sessionId, shown ?? session.details, a.changes, ctx);
      });
      if (!result.ok) {
        const problem = result.problems[0]!;
        if (problem.code === LIST_CONFLICT) {
          const fresh = await turn.services.caseFiles.get(org.organisationId, a.caseFileId!);
          const stored = fresh?.sessions.find((s) => s.sessionId === a.sessionId)?.details ?? {};
          const fields = result.problems.map((p) => p.item as Field);
          const rd = turn.services.referenceData;
          const lines = fields.map(
            (f) => `${LABELS[f]}: a colleague saved "${wording(f, stored, rd)}" after you opened this; yours is "${wording(f, a.changes, rd)}".`,
          );
          const rebased = { ...(shown ?? {}), ...Object.fromEntries(fields.map((f) => [f, stored[f]])) };
          return {
            ok: false,
            message: `Not saved yet: someone else changed the same details meanwhile.\n\n${lines.join('\n\n')}\n\nChoose **Save** to replace theirs with yours, **Back** to change yours, or **Cancel** to keep theirs.`,
            answers: { shownStored: SessionDetailsSchema.parse(rebased), shownFor: key },
          };
        }
        return { ok: false, message: fieldMessage(problem), stepId: problem.field in LABELS ? 'details' : undefined };
      }
      const cf = result.value;
      const session = cf?.sessions.find((s) => s.sessionId === a.sessionId);
      if (!cf || !session) return { ok: false, message: 'That case file or session is no longer there.' };
      const saved = FIELDS.filter((f) => a.changes[f] !== undefined).map((f) => ({
        label: LABELS[f],
        value: wording(f, a.changes, turn.services.referenceData),
      }));
      return { ok: true, reply: { card: sessionDetailsSavedCard(headingOf(cf, session, org.timeZone), saved, nextSteps(cf, session, org)) } };
    },
  };
}

export function sessionDetailsCommand(services: Services): Command<'sessionDetails'> {
  return {
    id: 'sessionDetails',
    title: 'Session details',
    description:
      'Fill in or change a session’s interpreter, service type, service setting, topic, hardship type, referral destination and Money Business workshop.',
    example: 'fill in session details for Tuesday seniors group',
    writes: true,
    args: StartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
