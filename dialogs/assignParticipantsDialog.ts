import { facts, heading } from '../cards/cardKit';
import { noClientsCard, noSessionsCard, participantsAssignedCard } from '../cards/sessionCards';
import type { Command } from '../src/bot/commands';
import {
  GuidedFlowDialog,
  type Accepted,
  type FlowDefinition,
  type FlowStep,
  type FlowTurn,
  type Prompt,
  type SaveResult,
  type StartTurn,
} from '../src/bot/guidedFlow';
import { choiceStep, type Option } from '../src/bot/stepKit';
import type { CaseFile } from '../src/domain/caseFile';
import { assignParticipants, PARTICIPANTS } from '../src/domain/caseFileOperations';
import type { Participant, Referral } from '../src/domain/session';
import { diffList, LIST_CONFLICT, rebaseShown } from '../src/domain/listChange';
import { latestSession, sessionListings, sessionReferred, sessionWhen } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import { caseFileStepNotingMiss, noCaseFilesText, refusalWhenNoCaseFiles, requireChosenCaseFile, resolveCaseFile } from './caseFileChoice';
import {
  AssignParticipantsAnswers,
  AssignStartOptions,
  Assignment,
  clientNamed,
  type Answers,
  type CaseClientListing,
  type StartOptions,
} from './assignParticipants/answers';
import { chooseParticipation, participationLabel } from './assignParticipants/participationStep';
import { chooseReferrals, chooseReferred, referralsOf } from './assignParticipants/referralSteps';
import { caseClients } from './assignParticipants/caseClients';
import { changeContext } from './changeContext';

const STEP_OF_FIELD: Record<string, string> = { sessionId: 'session', clientId: 'participants', referrals: 'referrals' };

function refusalFor(cf: CaseFile): Prompt | undefined {
  if (cf.clients.length === 0) return { card: noClientsCard(cf) };
  if (cf.sessions.length === 0) return { card: noSessionsCard(cf) };
  return undefined;
}

/** The participants' starting values: what the user already chose in this run, else what they were shown. */
function assignmentsFor(ids: string[], clients: CaseClientListing[], shown: Participant[], a: Answers): Assignment[] {
  return ids.map((clientId) => {
    const earlier = a.assignments.find((x) => x.clientId === clientId);
    if (earlier) return earlier;
    const stored = shown.find((p) => p.clientId === clientId);
    const named = a.participationSaid && a.namesSaid.length > 0;
    const purposes = (type: Referral['typeCode']) => stored?.referrals.find((r) => r.typeCode === type)?.purposeCodes ?? [];
    return Assignment.parse({
      clientId,
      name: clients.find((c) => c.clientId === clientId)?.name ?? clientId,
      participationCode: (named ? a.participationSaid : undefined) ?? stored?.participationCode ?? 'CLIENT',
      internal: purposes('INTERNAL'),
      external: purposes('EXTERNAL'),
    });
  });
}

/**
 * Applies what the sentence said to a chosen case file: the latest session for "last session", and the
 * named clients. When every name fits one client the participants question is skipped; otherwise the
 * ones found are ticked and the user completes the list.
 */
async function fromSentence(turn: StartTurn, cf: CaseFile, a: Answers): Promise<Partial<Answers>> {
  const { services } = turn;
  const organisationId = turn.user.organisation.organisationId;
  const latest = latestSession(cf);
  const said = a.sessionSaid ? sessionReferred(cf, a.sessionSaid, services.clock(), turn.user.organisation.timeZone) : undefined;
  const chosen = a.sessionId && cf.sessions.some((s) => s.sessionId === a.sessionId) ? a.sessionId : said?.sessionId;
  const clients = await caseClients(services, organisationId, cf);
  const found = a.everyone ? clients : a.namesSaid.map((n) => clientNamed(n, clients));
  const namesUnclear = a.everyone ? [] : a.namesSaid.filter((_, i) => !found[i]);
  const ids = [...new Set(found.filter((c): c is CaseClientListing => Boolean(c)).map((c) => c.clientId))];
  const complete = ids.length > 0 && namesUnclear.length === 0;
  const base = { ...a, sessionId: chosen, assignments: [] };
  const shown = shownNamed(cf, chosen, ids);
  return {
    sessionId: chosen,
    suggestedSessionId: latest?.sessionId,
    preselected: ids,
    namesUnclear,
    clientIds: complete ? ids : undefined,
    assignments: complete ? assignmentsFor(ids, clients, shown, base) : [],
    shown,
    shownFor: chosen,
  };
}

/**
 * When the user named the people and no participants card is shown, what they "saw" of the session is
 * only those people: everyone else in it is outside this change and stays as stored.
 */
function shownNamed(cf: CaseFile, sessionId: string | undefined, ids: readonly string[]): Participant[] {
  const session = cf.sessions.find((s) => s.sessionId === sessionId);
  return (session?.participants ?? []).filter((p) => ids.includes(p.clientId));
}

/**
 * The "which case file?" question. Picking one checks that it has clients and sessions, and applies what
 * the sentence said about the session and the people to it.
 */
function chooseCaseFile(): FlowStep<Answers> {
  const base = caseFileStepNotingMiss<Answers>('are the participants in', (a) => a.caseFileNotFound);
  return {
    ...base,
    async accept(turn, input): Promise<Accepted<Answers>> {
      const picked = await base.accept(turn, input);
      if (!picked.ok) return picked;
      const org = turn.user.organisation.organisationId;
      const cf = await turn.services.caseFiles.get(org, picked.answers.caseFileId!);
      if (!cf) return { ok: false, message: 'That case file no longer exists. Pick another.' };
      if (cf.clients.length === 0)
        return {
          ok: false,
          message: `"${cf.name}" has no clients yet, so nobody can be assigned. Pick another case file, or type **cancel** and add clients first.`,
        };
      if (cf.sessions.length === 0)
        return { ok: false, message: `"${cf.name}" has no sessions yet. Pick another case file, or type **cancel** and add a session first.` };
      const answers = { ...turn.answers, ...picked.answers, sessionId: undefined, clientIds: undefined, assignments: [], referredIds: undefined };
      return { ok: true, answers: { ...picked.answers, referredIds: undefined, ...(await fromSentence(turn, cf, answers)) }, echo: picked.echo };
    },
  };
}

const LATEST_WORDS = /^(?:the )?(?:last|latest|most recent|newest)(?: session)?$/i;

function chooseSession(): FlowStep<Answers> {
  const base = choiceStep<Answers>({
    id: 'session',
    title: 'Session',
    help: 'The session the participants attended. The most recent is first and already ticked; each shows when it was held and how many participants it has so far.',
    applies: (a) => a.sessionId === undefined,
    question: (turn) => `Which session of "${turn.answers.caseFileName}" are you assigning participants to?`,
    options: async (turn) => {
      const cf = await requireChosenCaseFile(turn);
      return sessionListings(cf, turn.user.organisation.timeZone).map((s) => ({ key: s.sessionId, label: s.label, description: s.description }));
    },
    current: (a) => a.sessionId ?? a.suggestedSessionId,
    pick: async ([key], turn, options) => {
      const echo = `Session: ${options.find((o) => o.key === key)?.label ?? key}`;
      const ids = turn.answers.clientIds;
      if (!ids || !key) return { ok: true, answers: { sessionId: key }, echo };
      // The people were named already: their starting values come from this session as it is now.
      const cf = await requireChosenCaseFile(turn);
      const shown = shownNamed(cf, key, ids);
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      const assignments = assignmentsFor(ids, clients, shown, { ...turn.answers, assignments: [] });
      return { ok: true, answers: { sessionId: key, shown, shownFor: key, assignments }, echo };
    },
  });
  return {
    ...base,
    accept: (turn, input) => base.accept(turn, input.text && LATEST_WORDS.test(input.text) ? { ...input, text: '1' } : input),
  };
}

/** The participants each participants card showed, read once per turn so the card and what is kept agree. */
const shownThisTurn = new WeakMap<object, Participant[]>();

/**
 * Who starts ticked: the session as it is now, with this user's own earlier ticks and unticks of this run
 * (relative to what they were shown then) applied on top, so going back never undoes a colleague's change.
 */
function ticksFor(a: Answers, now: Participant[]): string[] {
  const nowIds = now.map((p) => p.clientId);
  if (a.clientIds === undefined || a.shownFor !== a.sessionId) return [...new Set([...nowIds, ...a.preselected])];
  const before = new Set(a.shown.map((p) => p.clientId));
  const untickedEarlier = new Set([...before].filter((id) => !a.clientIds!.includes(id)));
  const tickedEarlier = a.clientIds.filter((id) => !before.has(id));
  return [...new Set([...nowIds.filter((id) => !untickedEarlier.has(id)), ...tickedEarlier])];
}

function chooseParticipants(): FlowStep<Answers> {
  const base = choiceStep<Answers>({
    id: 'participants',
    title: 'Participants',
    help: 'Tick everyone from the case file who took part. Only clients already on the case file can be chosen; add others to the case file first.',
    applies: (a) => a.clientIds === undefined,
    question: (turn) => {
      const unclear = turn.answers.namesUnclear;
      const note = unclear.length ? ` I couldn't match ${unclear.map((n) => `"${n}"`).join(', ')} to one client of this case file.` : '';
      return `Who took part in the session?${note}`;
    },
    options: async (turn) => {
      const cf = await requireChosenCaseFile(turn);
      const session = cf.sessions.find((s) => s.sessionId === turn.answers.sessionId);
      const participants = session?.participants ?? [];
      shownThisTurn.set(turn.context, participants);
      const inSession = new Set(participants.map((p) => p.clientId));
      const ticked = new Set(ticksFor(turn.answers, participants));
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      return clients.map(
        (c): Option => ({
          key: c.clientId,
          label: c.name,
          description:
            [c.birthYear ? `born ${c.birthYear}` : '', inSession.has(c.clientId) ? 'already in this session' : ''].filter(Boolean).join(', ') || undefined,
          extra: c.name.split(/\s+/),
          selected: ticked.has(c.clientId),
        }),
      );
    },
    multi: true,
    // Everyone already in the session starts ticked, so unticking someone is how they are taken out.
    current: (_a, options) => options.filter((o) => o.selected).map((o) => o.key),
    pick: async (keys, turn, options) => {
      const a = turn.answers;
      const cf = await requireChosenCaseFile(turn);
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      const shown = a.shownFor === a.sessionId ? a.shown : [];
      const assignments = assignmentsFor(keys, clients, shown, a);
      const removed = shown.filter((p) => !keys.includes(p.clientId)).map((p) => options.find((o) => o.key === p.clientId)?.label ?? p.clientId);
      const removedNote = removed.length ? `; taking out ${removed.join(', ')}` : '';
      return {
        ok: true,
        answers: { clientIds: keys, assignments, referredIds: undefined },
        echo: `Participants: ${assignments.map((x) => x.name).join(', ')}${removedNote}`,
      };
    },
  });
  return {
    ...base,
    async ask(turn, retry) {
      const prompt = await base.ask(turn, retry);
      return { ...prompt, keep: { shown: shownThisTurn.get(turn.context) ?? [], shownFor: turn.answers.sessionId } };
    },
  };
}

/** Those the user was shown in the session and did not keep: the save takes them out. */
function takenOut(a: Answers): string[] {
  if (a.shownFor !== a.sessionId) return [];
  return a.shown.filter((p) => !a.assignments.some((x) => x.clientId === p.clientId)).map((p) => p.clientId);
}

async function namesOf(turn: FlowTurn<Answers>, clientIds: string[]): Promise<string> {
  const cf = await requireChosenCaseFile(turn);
  const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
  return clientIds.map((id) => clients.find((c) => c.clientId === id)?.name ?? id).join(', ');
}

/**
 * A colleague changed some of the same people after this user was shown them. Nothing was written; the
 * summary comes back saying who and what the colleague saved, and saving again replaces exactly that.
 */
async function conflictReply(turn: FlowTurn<Answers>, shown: Participant[], keys: string[]): Promise<SaveResult<Answers>> {
  const a = turn.answers;
  const cf = await requireChosenCaseFile(turn);
  const stored = cf.sessions.find((s) => s.sessionId === a.sessionId)?.participants ?? [];
  const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
  const nameOf = (id: string) => clients.find((c) => c.clientId === id)?.name ?? id;
  const lines = keys.map((id) => {
    const theirs = stored.find((p) => p.clientId === id);
    const mine = a.assignments.find((x) => x.clientId === id);
    const said = theirs ? describeAssignment(turn.services, assignmentsFor([id], clients, [theirs], { ...a, assignments: [] })[0]!) : 'not in the session';
    const yours = mine ? describeAssignment(turn.services, mine) : 'taken out of the session';
    return `${nameOf(id)}: a colleague saved "${said}" after you opened this; yours is "${yours}".`;
  });
  return {
    ok: false,
    message: `Not saved yet: someone else changed the same people meanwhile.\n\n${lines.join('\n\n')}\n\nChoose **Save** to replace theirs with yours, **Back** to change your answers, or **Cancel** to keep theirs.`,
    answers: { shown: rebaseShown(shown, stored, keys, PARTICIPANTS), shownFor: a.sessionId },
  };
}

function describeAssignment(services: Services, x: Assignment): string {
  const purposes = (codes: string[]) => codes.map((c) => services.referenceData.labelOf('referralPurpose', c) ?? c).join(', ');
  return [
    participationLabel(services, x.participationCode),
    ...(x.internal.length ? [`internal referral: ${purposes(x.internal)}`] : []),
    ...(x.external.length ? [`external referral: ${purposes(x.external)}`] : []),
  ].join(' · ');
}

async function start(turn: StartTurn, options: StartOptions): Promise<{ answers: Answers } | { refuse: Prompt }> {
  const resolved = await resolveCaseFile(turn, options);
  const none = refusalWhenNoCaseFiles(resolved, { text: noCaseFilesText('there is nothing to assign participants in') });
  if (none) return none;
  const answers = AssignParticipantsAnswers.parse({
    ...resolved.answer,
    caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
    caseFileNotFound: resolved.notFound,
    namesSaid: options.names ?? [],
    everyone: options.everyone ?? false,
    sessionSaid: options.session,
    sessionId: options.sessionId,
    participationSaid: options.participation,
  });
  if (!answers.caseFileId) return { answers };
  const org = turn.user.organisation.organisationId;
  const cf = await turn.services.caseFiles.get(org, answers.caseFileId);
  if (!cf) return { refuse: { text: 'That case file no longer exists.' } };
  const refusal = refusalFor(cf);
  if (refusal) return { refuse: refusal };
  return { answers: { ...answers, ...(await fromSentence(turn, cf, answers)) } };
}

function flow(): FlowDefinition<Answers, StartOptions> {
  return {
    id: 'assignParticipants',
    title: 'Assign participants',
    start: (turn, options) => start(turn, AssignStartOptions.safeParse(options).data ?? {}),
    steps: [chooseCaseFile(), chooseSession(), chooseParticipants(), chooseParticipation(), chooseReferred(), chooseReferrals()],
    async review(turn) {
      const a = turn.answers;
      const cf = await requireChosenCaseFile(turn);
      const session = cf.sessions.find((s) => s.sessionId === a.sessionId);
      const when = session ? sessionWhen(session, turn.user.organisation.timeZone) : '';
      return [
        heading(`Assign participants in "${a.caseFileName}"`),
        facts([
          ['Session', `${a.sessionId} (${when})`],
          ...a.assignments.map((x): [string, string] => [x.name, describeAssignment(turn.services, x)]),
          ...(takenOut(a).length ? [['Taken out of the session', await namesOf(turn, takenOut(a))] as [string, string]] : []),
        ]),
      ];
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const ctx = changeContext(turn);
      const participants: Participant[] = a.assignments.map((x) => ({
        clientId: x.clientId,
        participationCode: x.participationCode,
        referrals: referralsOf(x),
      }));
      const shown = a.shownFor === a.sessionId ? a.shown : [];
      const change = diffList(shown, participants, PARTICIPANTS);
      const org = turn.user.organisation.organisationId;
      const result = await turn.services.caseFiles.update(org, a.caseFileId!, (cf) => assignParticipants(cf, a.sessionId!, change, ctx), operationId);
      if (!result.ok) {
        const problem = result.problems[0]!;
        if (problem.code === LIST_CONFLICT)
          return conflictReply(
            turn,
            shown,
            result.problems.map((p) => p.item!),
          );
        return { ok: false, message: problem.message, stepId: STEP_OF_FIELD[problem.field] };
      }
      const session = result.value.sessions.find((s) => s.sessionId === a.sessionId)!;
      const lines = a.assignments.map((x): [string, string] => [x.name, describeAssignment(turn.services, x)]);
      return { ok: true, reply: { card: participantsAssignedCard(result.value, session, lines, ctx.zone) } };
    },
  };
}

export function assignParticipantsCommand(services: Services): Command<'assignParticipants'> {
  return {
    id: 'assignParticipants',
    title: 'Assign participants',
    description: 'Put clients of a case file into one of its sessions, as clients or support people, with any referrals.',
    example: 'assign Alice to last session',
    writes: true,
    args: AssignStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
