import { sessionDetailDefinition } from '../src/domain/sessionDetailDefinitions';
import { z } from 'zod';
import { MENU, text, type NextStep } from '../cards/cardKit';
import {
  noSessionsCard,
  sessionChangesReview,
  sessionDetailsEditCard,
  sessionDetailsSavedCard,
  type DetailChangeView,
  type DetailFieldView,
  type SessionHeading,
} from '../cards/sessionDetailsCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type Accepted, type FlowDefinition, type FlowInput, type FlowStep, type FlowTurn, type Prompt, type Retry } from '../src/bot/guidedFlow';
import { choiceStep, type Option } from '../src/bot/stepKit';
import type { CaseFile } from '../src/domain/caseFile';
import { changeSessionDetails, sessionsNewestFirst, updateSessionDetails } from '../src/domain/caseFileOperations';
import { LIST_CONFLICT } from '../src/domain/listChange';
import { formatDuration } from '../src/domain/dates';
import { callsForCommunityScore } from '../src/domain/communityScore';
import { findOutletActivity, type Organisation, type OutletActivity } from '../src/domain/organisation';
import { sessionWhen } from '../src/domain/sessionListing';
import { fail } from '../src/domain/outcome';
import type { Problem } from '../src/domain/problem';
import type { CodeListName, ReferenceData } from '../src/domain/referenceData';
import { checkMoneyBusinessWorkshopApplies, collectsMoneyBusinessWorkshop } from '../src/domain/rules';
import { SessionDetailsSchema, type Session, type SessionDetails } from '../src/domain/session';
import { SessionReference, sessionReferred } from '../src/domain/sessionListing';
import { matchChoice } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { CaseFileAnswer, CaseFileStartOptions, caseFileStepNotingMiss, chosenCaseFile, noCaseFilesText, refusalWhenNoCaseFiles, resolveCaseFile } from './caseFileChoice';
import { changeContext } from './changeContext';

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
});
type Answers = z.infer<typeof SessionDetailsAnswers>;

const StartOptions = CaseFileStartOptions.extend({ sessionId: z.string().optional(), session: SessionReference.optional() });

const FIELDS = ['interpreterPresent', 'serviceTypeId', 'serviceSettingCode', 'topicCode', 'hardshipTypeCode', 'referralDestinationCode', 'moneyBusinessWorkshopCode'] as const;
type Field = (typeof FIELDS)[number];
type CodeField = Exclude<Field, 'interpreterPresent' | 'serviceTypeId'>;

const LABELS: Record<Field, string> = {
  interpreterPresent: 'Interpreter present',
  serviceTypeId: 'Service type',
  serviceSettingCode: 'Service setting',
  topicCode: 'Topic',
  hardshipTypeCode: 'Hardship type',
  referralDestinationCode: 'Referral destination',
  moneyBusinessWorkshopCode: 'Money Business workshop code',
};

const CODE_LISTS: Record<CodeField, CodeListName> = {
  serviceSettingCode: 'serviceSetting',
  topicCode: 'topic',
  hardshipTypeCode: 'hardshipType',
  referralDestinationCode: 'externalReferralDestination',
  moneyBusinessWorkshopCode: 'moneyBusinessWorkshop',
};

/** What staff may type before a value, e.g. "topic: finances; interpreter yes". */
const ALIASES: Record<Field, string[]> = {
  interpreterPresent: ['interpreter present', 'interpreter'],
  serviceTypeId: ['service type'],
  serviceSettingCode: ['service setting', 'setting'],
  topicCode: ['topic'],
  hardshipTypeCode: ['hardship type', 'hardship'],
  referralDestinationCode: ['referral destination', 'destination'],
  moneyBusinessWorkshopCode: ['money business workshop code', 'money business workshop', 'money business', 'workshop code', 'workshop'],
};

const YES = 'yes';
const NO = 'no';
const UNRECORDED = 'unrecorded';
const NOT_RECORDED = 'Not recorded';

/** One field as this activity and the loaded reference lists allow it. */
type FieldSpec = {
  field: Field;
  label: string;
  options: Option[];
  /** Kept off the card: the field does not apply to this activity's program. */
  hidden: boolean;
  /** Why a value cannot be set here (no list loaded), or undefined when it can. */
  unavailable?: string;
  note?: string;
};

function fieldSpecs(rd: ReferenceData, activity: OutletActivity | undefined): FieldSpec[] {
  const noActivity = activity ? undefined : 'The case file’s outlet activity is no longer in your organisation’s settings, so what it accepts is unknown.';
  const codeSpec = (field: CodeField, hidden = false): FieldSpec => {
    const list = CODE_LISTS[field];
    const options = rd.codesOf(list).map((c) => ({ key: c.code, label: c.label }));
    if (options.length === 0) {
      const unavailable = `No ${LABELS[field].toLowerCase()} list is loaded for your organisation, so it can't be set here. Your administrator can supply one.`;
      return { field, label: LABELS[field], options, hidden, unavailable, note: unavailable };
    }
    const note = rd.info(list).confirmed ? undefined : 'This list may be incomplete for your program.';
    return { field, label: LABELS[field], options, hidden, ...(note ? { note } : {}) };
  };
  const serviceTypes = (activity?.serviceTypeIds ?? [])
    .filter((id) => rd.isValidServiceType(id))
    .map((id) => ({ key: String(id), label: rd.serviceType(id)?.label ?? `Service type ${id}` }));
  const workshop = activity
    ? codeSpec('moneyBusinessWorkshopCode', !collectsMoneyBusinessWorkshop(activity))
    : { ...codeSpec('moneyBusinessWorkshopCode', true), unavailable: noActivity };
  return [
    { field: 'interpreterPresent', label: LABELS.interpreterPresent, options: [{ key: YES, label: 'Yes' }, { key: NO, label: 'No' }], hidden: false },
    { field: 'serviceTypeId', label: LABELS.serviceTypeId, options: serviceTypes, hidden: false, ...(noActivity ? { unavailable: noActivity, note: noActivity } : {}) },
    codeSpec('serviceSettingCode'),
    codeSpec('topicCode'),
    codeSpec('hardshipTypeCode'),
    codeSpec('referralDestinationCode'),
    workshop,
  ];
}

/** A stored or edited value as the card's inputs carry it. */
function asInputValue(field: Field, details: SessionDetails): string | undefined {
  if (field === 'interpreterPresent') return details.interpreterPresent === undefined ? UNRECORDED : details.interpreterPresent ? YES : NO;
  const v = details[field];
  return v === undefined ? undefined : String(v);
}

function wording(field: Field, details: SessionDetails, rd: ReferenceData): string {
  if (field === 'interpreterPresent') return details.interpreterPresent === undefined ? NOT_RECORDED : details.interpreterPresent ? 'Yes' : 'No';
  if (field === 'serviceTypeId') {
    const id = details.serviceTypeId;
    return id === undefined ? NOT_RECORDED : (rd.serviceType(id)?.label ?? `Service type ${id}`);
  }
  const code = details[field];
  return code === undefined ? NOT_RECORDED : (rd.labelOf(CODE_LISTS[field], code) ?? code);
}

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

/** A domain problem as a message that names the field, e.g. "Service type: ...". */
function fieldMessage(p: Problem): string {
  const label = (LABELS as Record<string, string | undefined>)[p.field];
  return label && !p.message.toLowerCase().startsWith(label.toLowerCase()) ? `${label}: ${p.message}` : p.message;
}

const Blankable = z
  .preprocess((v) => (typeof v === 'number' ? String(v) : v === null ? undefined : v), z.string().optional())
  .transform((v) => v?.trim() || undefined);

type Values = Partial<Record<Field, string>>;

/** A card submit: every input as text, blank meaning "leave as it is". */
const DetailsSubmit = z.object(Object.fromEntries(FIELDS.map((f) => [f, Blankable])) as Record<Field, typeof Blankable>);
/** The stored values the card was drawn from, carried by its Continue button. */
const StoredValues = z.partialRecord(z.enum(FIELDS), z.string());

/** What the user asked for: a value per field they changed, interpreter "not recorded" kept apart. */
type Wanted = Omit<SessionDetails, 'interpreterPresent'> & { interpreterPresent?: boolean | typeof UNRECORDED };

/**
 * Checks the changed fields against the loaded lists and this activity. Every message names the field and
 * the rule; whether a service type suits the activity is left to the domain's updateSessionDetails.
 */
function wantedSchema(specs: FieldSpec[], rd: ReferenceData, activity: OutletActivity | undefined) {
  return DetailsSubmit.transform((v, ctx): Wanted => {
    const wanted: Wanted = {};
    const issue = (field: Field, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    for (const spec of specs) {
      const raw = v[spec.field];
      if (raw === undefined) continue;
      const notForActivity = activity && spec.hidden ? checkMoneyBusinessWorkshopApplies(activity, raw, spec.field) : null;
      if (spec.unavailable) {
        issue(spec.field, `${spec.label}: ${spec.unavailable}`);
      } else if (notForActivity) {
        issue(spec.field, fieldMessage(notForActivity));
      } else if (spec.field === 'interpreterPresent') {
        if (raw === YES || raw === NO) wanted.interpreterPresent = raw === YES;
        else if (raw === UNRECORDED) wanted.interpreterPresent = UNRECORDED;
        else issue(spec.field, `${spec.label}: answer Yes or No.`);
      } else if (spec.field === 'serviceTypeId') {
        const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
        if (Number.isInteger(id) && rd.isValidServiceType(id)) wanted.serviceTypeId = id;
        else issue(spec.field, `${spec.label}: "${raw}" is not a DEX service type in the loaded list.`);
      } else if (rd.isValidCode(CODE_LISTS[spec.field], raw)) {
        wanted[spec.field] = raw;
      } else {
        issue(spec.field, `${spec.label}: "${raw}" is not a code in the loaded ${spec.label.toLowerCase()} list.`);
      }
    }
    return wanted;
  });
}

function inputValues(details: SessionDetails): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, asInputValue(f, details)]).filter(([, v]) => v !== undefined)) as Values;
}

/** Only the fields an earlier pass changed, so a typed change keeps them without touching the rest. */
function editedValues(changes: SessionDetails): Values {
  const all = inputValues(changes);
  return Object.fromEntries(FIELDS.filter((f) => changes[f] !== undefined).map((f) => [f, all[f]])) as Values;
}

/**
 * The fields a card submit changed: those whose input differs from the stored value the card was drawn from
 * (or, without that, from what is stored now).
 */
function changedOnCard(value: Record<string, unknown>, stored: SessionDetails): { ok: true; values: Values } | { ok: false; message: string } {
  const parsed = DetailsSubmit.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, message: `${LABELS[first.path[0] as Field] ?? 'Session details'}: ${first.message}.` };
  }
  const snapshot = StoredValues.safeParse(value.storedValues);
  const baseline: Values = snapshot.success ? snapshot.data : inputValues(stored);
  return { ok: true, values: Object.fromEntries(FIELDS.filter((f) => parsed.data[f] !== undefined && parsed.data[f] !== baseline[f]).map((f) => [f, parsed.data[f]])) };
}

/** Only the fields whose value differs from what is stored; a blank or unchanged field is left alone. */
function editsOf(wanted: Wanted, stored: SessionDetails): { ok: true; edits: SessionDetails } | { ok: false; message: string } {
  const edits: SessionDetails = {};
  if (wanted.interpreterPresent === UNRECORDED) {
    if (stored.interpreterPresent !== undefined) return { ok: false, message: `${LABELS.interpreterPresent}: a recorded answer can be changed to Yes or No, but not removed.` };
  } else if (wanted.interpreterPresent !== undefined && wanted.interpreterPresent !== stored.interpreterPresent) {
    edits.interpreterPresent = wanted.interpreterPresent;
  }
  if (wanted.serviceTypeId !== undefined && wanted.serviceTypeId !== stored.serviceTypeId) edits.serviceTypeId = wanted.serviceTypeId;
  for (const field of Object.keys(CODE_LISTS) as CodeField[]) {
    const value = wanted[field];
    if (value !== undefined && value !== stored[field]) edits[field] = value;
  }
  return { ok: true, edits };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ALIAS_LIST = FIELDS.flatMap((field) => ALIASES[field].map((alias) => ({ field, alias, pattern: new RegExp(`^${escapeRegExp(alias)}\\b\\s*(?:[:=-]|is\\b|to\\b|as\\b)?\\s*`, 'i') }))).sort(
  (x, y) => y.alias.length - x.alias.length,
);
const PART_SPLIT = new RegExp(`\\s*[;\\n]\\s*|\\s*,\\s*(?=(?:${ALIAS_LIST.map((a) => escapeRegExp(a.alias)).join('|')})\\b)`, 'i');

/** "topic: finances; interpreter yes" → the keys the card would have submitted for those fields. */
function parseTyped(typed: string, specs: FieldSpec[]): { ok: true; values: Values } | { ok: false; message: string } {
  const values: Values = {};
  for (const part of typed.split(PART_SPLIT).filter(Boolean)) {
    const hit = ALIAS_LIST.find((a) => a.pattern.test(part));
    if (!hit) {
      return { ok: false, message: `I couldn't tell which detail "${part}" is for. Use the card, or start each change with the detail's name, for example "topic: finances; interpreter: yes".` };
    }
    const spec = specs.find((s) => s.field === hit.field)!;
    const value = part.replace(hit.pattern, '').trim();
    if (!value) return { ok: false, message: `${spec.label}: say what to change it to.` };
    if (spec.hidden || spec.unavailable) {
      values[spec.field] = value;
      continue;
    }
    const match = matchChoice(value, spec.options);
    if (!match) return { ok: false, message: `${spec.label}: I couldn't match "${value}" to an option. Pick from the list on the card.` };
    values[spec.field] = match.key;
  }
  return { ok: true, values };
}

function changeViews(changes: SessionDetails, before: SessionDetails, rd: ReferenceData): DetailChangeView[] {
  return FIELDS.filter((f) => changes[f] !== undefined).map((f) => ({ label: LABELS[f], from: wording(f, before, rd), to: wording(f, changes, rd) }));
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
      const shown = shownDetails(t, turn.answers);
      const fields: DetailFieldView[] = fieldSpecs(rd, t.activity)
        .filter((s) => !s.hidden)
        .map((s) => {
          const draft = retry?.draft?.[s.field];
          const options = s.field === 'interpreterPresent' && stored.interpreterPresent === undefined ? [...s.options, { key: UNRECORDED, label: NOT_RECORDED }] : s.options;
          return {
            id: s.field,
            label: s.label,
            stored: wording(s.field, stored, rd),
            options: s.unavailable ? [] : options.map((o) => ({ title: o.label, value: o.key })),
            value: typeof draft === 'string' ? draft : asInputValue(s.field, shown),
            ...(s.note ? { note: s.note } : {}),
            ...(sessionDetailDefinition(s.field) ? { definition: sessionDetailDefinition(s.field) } : {}),
          };
        });
      const card = sessionDetailsEditCard(headingOf(t.cf, t.session, turn.user.organisation.timeZone), fields, snapshot.success ? snapshot.data : inputValues(stored));
      // A re-asked card keeps the values it was first drawn from; a fresh one is drawn from what is stored now.
      return snapshot.success ? { card } : { card, keep: { shownStored: stored, shownFor: changesKey(t) } };
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
      const edits = editsOf(parsed.data, t.session.details);
      if (!edits.ok) return { ok: false, message: edits.message, draft: submitted };
      const storable = SessionDetailsSchema.safeParse(edits.edits);
      if (!storable.success) {
        const first = storable.error.issues[0]!;
        return { ok: false, message: `${LABELS[first.path[0] as Field] ?? 'Session details'}: ${first.message}.`, draft: submitted };
      }
      if (Object.keys(edits.edits).length === 0) {
        return { ok: false, message: 'Nothing to save: every value is the same as stored. Change a value, or type **cancel** to leave the session as it is.', draft: submitted };
      }
      const dryRun = updateSessionDetails(t.cf, turn.user.organisation, t.session.sessionId, edits.edits, changeContext(turn));
      if (!dryRun.ok) return { ok: false, message: fieldMessage(dryRun.problems[0]!), draft: submitted };
      const views = changeViews(edits.edits, t.session.details, rd);
      return {
        ok: true,
        answers: { changes: edits.edits, changesFor: changesKey(t), sessionId: t.session.sessionId, sessionCaseFileId: t.cf.caseFileId },
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
        if (!sessionId && opts.session && opts.session.kind !== 'latest') sessionId = sessionReferred(cf, opts.session, turn.services.clock(), turn.user.organisation.timeZone)?.sessionId;
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
      const views = changeViews(turn.answers.changes, t.session.details, turn.services.referenceData);
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
        if (!session) return fail({ code: 'session.unknown', field: 'sessionId', message: `Session ${a.sessionId} is no longer in this case file, so nothing was saved.` });
        const activity = findOutletActivity(org, current.outletActivityId);
        const workshop = activity ? checkMoneyBusinessWorkshopApplies(activity, a.changes.moneyBusinessWorkshopCode) : null;
        return workshop ? fail(workshop) : changeSessionDetails(current, org, session.sessionId, shown ?? session.details, a.changes, ctx);
      });
      if (!result.ok) {
        const problem = result.problems[0]!;
        if (problem.code === LIST_CONFLICT) {
          const fresh = await turn.services.caseFiles.get(org.organisationId, a.caseFileId!);
          const stored = fresh?.sessions.find((s) => s.sessionId === a.sessionId)?.details ?? {};
          const fields = result.problems.map((p) => p.item as Field);
          const rd = turn.services.referenceData;
          const lines = fields.map((f) => `${LABELS[f]}: a colleague saved "${wording(f, stored, rd)}" after you opened this; yours is "${wording(f, a.changes, rd)}".`);
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
      const saved = FIELDS.filter((f) => a.changes[f] !== undefined).map((f) => ({ label: LABELS[f], value: wording(f, a.changes, turn.services.referenceData) }));
      return { ok: true, reply: { card: sessionDetailsSavedCard(headingOf(cf, session, org.timeZone), saved, nextSteps(cf, session, org)) } };
    },
  };
}

export function sessionDetailsCommand(services: Services): Command<'sessionDetails'> {
  return {
    id: 'sessionDetails',
    title: 'Session details',
    description: 'Fill in or change a session’s interpreter, service type, service setting, topic, hardship type, referral destination and Money Business workshop.',
    example: 'fill in session details for Tuesday seniors group',
    writes: true,
    args: StartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
