import { z } from 'zod';
import { card, facts, heading, submit } from '../cards/cardKit';
import { noClientsCard, noSessionsCard, participantsAssignedCard, participationBody, referralsBody } from '../cards/sessionCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type Accepted, type FlowDefinition, type FlowInput, type FlowStep, type FlowTurn, type Prompt, type StartTurn } from '../src/bot/guidedFlow';
import { choiceStep, labelsOf, SKIP_WORDS, type Option } from '../src/bot/stepKit';
import type { CaseFile } from '../src/domain/caseFile';
import { assignParticipants } from '../src/domain/caseFileOperations';
import { clientDisplayName } from '../src/domain/client';
import { checkReferrals } from '../src/domain/rules';
import type { Participant, Referral } from '../src/domain/session';
import { latestSession, sessionListings, sessionWhen } from '../src/domain/sessionListing';
import { fuzzyFind } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { CaseFileAnswer, CaseFileStartOptions, caseFileStepNotingMiss, noCaseFilesText, refusalWhenNoCaseFiles, requireChosenCaseFile, resolveCaseFile, SessionIdOption } from './caseFileChoice';
import { changeContext } from './flowSupport';

const ParticipationCode = z.enum(['CLIENT', 'SUPPORT']);
type ParticipationCode = z.infer<typeof ParticipationCode>;

/** One chosen participant as the flow builds them up; referral purposes are kept per kind. */
const Assignment = z.object({
  clientId: z.string(),
  name: z.string(),
  participationCode: ParticipationCode.default('CLIENT'),
  internal: z.array(z.string()).default([]),
  external: z.array(z.string()).default([]),
});
type Assignment = z.infer<typeof Assignment>;

export const AssignParticipantsAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseFileNotFound: z.string().optional(),
  /** What the sentence said, kept so it can be applied again if the user picks another case file. */
  namesSaid: z.array(z.string()).default([]),
  everyone: z.boolean().default(false),
  wantsLatest: z.boolean().default(false),
  sessionId: z.string().optional(),
  suggestedSessionId: z.string().optional(),
  /** Undefined until the participants are known; then `assignments` holds one entry per participant. */
  clientIds: z.array(z.string()).optional(),
  preselected: z.array(z.string()).default([]),
  /** Names from the sentence that fit no client, or several. */
  namesUnclear: z.array(z.string()).default([]),
  assignments: z.array(Assignment).default([]),
  /** People who were in the session and were unticked: they are taken out on save. */
  removedIds: z.array(z.string()).default([]),
  /** For a large group, who was referred, so only they get referral questions. */
  referredIds: z.array(z.string()).optional(),
});
type Answers = z.infer<typeof AssignParticipantsAnswers>;

export const AssignStartOptions = CaseFileStartOptions.extend({
  sessionId: SessionIdOption.optional(),
  names: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  everyone: z.boolean().optional(),
  latest: z.boolean().optional(),
});
type StartOptions = z.infer<typeof AssignStartOptions>;

const STEP_OF_FIELD: Record<string, string> = { sessionId: 'session', clientId: 'participants', referrals: 'referrals' };

type NamedClient = { clientId: string; name: string };
type CaseClientListing = NamedClient & { birthYear: string };

/** The case file's clients with their names, in the order they were added. */
async function caseClients(services: Services, organisationId: string, cf: CaseFile): Promise<CaseClientListing[]> {
  const people = new Map((await services.clients.getMany(organisationId, cf.clients.map((c) => c.clientId))).map((p) => [p.clientId, p]));
  return cf.clients.map((c) => {
    const p = people.get(c.clientId);
    return {
      clientId: c.clientId,
      name: p ? clientDisplayName(p) : c.clientId,
      birthYear: p ? p.birthDate.slice(0, 4) : '',
    };
  });
}

/**
 * Which client a typed name means. The full name, or one word of it (a given or family name), that fits
 * exactly one client wins; otherwise a single close (typo-tolerant) match; otherwise nobody, and the user
 * picks from the list.
 */
function clientNamed<C extends NamedClient>(said: string, clients: C[]): C | undefined {
  const q = said.trim().toLowerCase();
  const words = (c: C) => c.name.toLowerCase().split(/\s+/);
  const exact = clients.filter((c) => c.name.toLowerCase() === q || words(c).includes(q));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const close = fuzzyFind(q, clients.map((c) => ({ ...c, key: c.clientId, label: c.name, extra: words(c) })), 2);
  return close.length === 1 ? close[0] : undefined;
}

function refusalFor(cf: CaseFile): Prompt | undefined {
  if (cf.clients.length === 0) return { card: noClientsCard(cf) };
  if (cf.sessions.length === 0) return { card: noSessionsCard(cf) };
  return undefined;
}

/** The participants' starting values: what the user already chose in this run, else what the session holds. */
function assignmentsFor(ids: string[], clients: CaseClientListing[], cf: CaseFile, a: Answers): Assignment[] {
  const session = cf.sessions.find((s) => s.sessionId === a.sessionId);
  return ids.map((clientId) => {
    const earlier = a.assignments.find((x) => x.clientId === clientId);
    if (earlier) return earlier;
    const stored = session?.participants.find((p) => p.clientId === clientId);
    const purposes = (type: Referral['typeCode']) => stored?.referrals.find((r) => r.typeCode === type)?.purposeCodes ?? [];
    return Assignment.parse({
      clientId,
      name: clients.find((c) => c.clientId === clientId)?.name ?? clientId,
      participationCode: stored?.participationCode ?? 'CLIENT',
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
async function fromSentence(services: Services, organisationId: string, cf: CaseFile, a: Answers): Promise<Partial<Answers>> {
  const latest = latestSession(cf);
  const chosen = a.sessionId && cf.sessions.some((s) => s.sessionId === a.sessionId) ? a.sessionId : a.wantsLatest ? latest?.sessionId : undefined;
  const clients = await caseClients(services, organisationId, cf);
  const found = a.everyone ? clients : a.namesSaid.map((n) => clientNamed(n, clients));
  const namesUnclear = a.everyone ? [] : a.namesSaid.filter((_, i) => !found[i]);
  const ids = [...new Set(found.filter((c): c is CaseClientListing => Boolean(c)).map((c) => c.clientId))];
  const complete = ids.length > 0 && namesUnclear.length === 0;
  const base = { ...a, sessionId: chosen, assignments: [] };
  return {
    sessionId: chosen,
    suggestedSessionId: latest?.sessionId,
    preselected: ids,
    namesUnclear,
    clientIds: complete ? ids : undefined,
    assignments: complete ? assignmentsFor(ids, clients, cf, base) : [],
  };
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
      if (cf.clients.length === 0) return { ok: false, message: `"${cf.name}" has no clients yet, so nobody can be assigned. Pick another case file, or type **cancel** and add clients first.` };
      if (cf.sessions.length === 0) return { ok: false, message: `"${cf.name}" has no sessions yet. Pick another case file, or type **cancel** and add a session first.` };
      const answers = { ...turn.answers, ...picked.answers, sessionId: undefined, clientIds: undefined, assignments: [], referredIds: undefined };
      return { ok: true, answers: { ...picked.answers, referredIds: undefined, ...(await fromSentence(turn.services, org, cf, answers)) }, echo: picked.echo };
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
    pick: ([key], _turn, options) => ({ ok: true, answers: { sessionId: key }, echo: `Session: ${options.find((o) => o.key === key)?.label ?? key}` }),
  });
  return {
    ...base,
    accept: (turn, input) => base.accept(turn, input.text && LATEST_WORDS.test(input.text) ? { ...input, text: '1' } : input),
  };
}

function chooseParticipants(): FlowStep<Answers> {
  return choiceStep<Answers>({
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
      const inSession = new Set(session?.participants.map((p) => p.clientId));
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      return clients.map((c): Option => ({
        key: c.clientId,
        label: c.name,
        description: [c.birthYear ? `born ${c.birthYear}` : '', inSession.has(c.clientId) ? 'already in this session' : ''].filter(Boolean).join(', ') || undefined,
        extra: c.name.split(/\s+/),
        selected: inSession.has(c.clientId),
      }));
    },
    multi: true,
    // Everyone already in the session starts ticked, so unticking someone is how they are taken out.
    current: (a, options) => a.clientIds ?? [...new Set([...options.filter((o) => o.selected).map((o) => o.key), ...a.preselected])],
    pick: async (keys, turn, options) => {
      const cf = await requireChosenCaseFile(turn);
      const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
      const assignments = assignmentsFor(keys, clients, cf, turn.answers);
      const removedIds = options.filter((o) => o.selected && !keys.includes(o.key)).map((o) => o.key);
      const removedNote = removedIds.length ? `; taking out ${options.filter((o) => removedIds.includes(o.key)).map((o) => o.label).join(', ')}` : '';
      return {
        ok: true,
        answers: { clientIds: keys, assignments, removedIds, referredIds: undefined },
        echo: `Participants: ${assignments.map((x) => x.name).join(', ')}${removedNote}`,
      };
    },
  });
}

async function namesOf(turn: FlowTurn<Answers>, clientIds: string[]): Promise<string> {
  const cf = await requireChosenCaseFile(turn);
  const clients = await caseClients(turn.services, turn.user.organisation.organisationId, cf);
  return clientIds.map((id) => clients.find((c) => c.clientId === id)?.name ?? id).join(', ');
}

function participationLabel(services: Services, code: ParticipationCode): string {
  return services.referenceData.labelOf('participation', code) ?? code;
}

/**
 * Reads a typed answer to the participation question: "all clients", "support person" (everyone), or
 * names with their role ("Sam support person, Ali client"); anyone not named is a client.
 */
function typedParticipation(textIn: string, assignments: Assignment[]): Map<string, ParticipationCode> | string {
  const said = textIn.trim().toLowerCase();
  const everyone = (code: ParticipationCode) => new Map(assignments.map((x) => [x.clientId, code]));
  if (SKIP_WORDS.has(said) || /^(?:all |everyone )?(?:as )?clients?$/.test(said)) return everyone('CLIENT');
  if (/^(?:all |everyone )?(?:as )?support(?: people| persons?)?$/.test(said)) return everyone('SUPPORT');
  const result = everyone('CLIENT');
  for (const part of said.split(/\s*[,;]\s*|\s+and\s+/).filter(Boolean)) {
    const m = /^(.+?)\s+(?:is\s+)?(?:an?\s+|as\s+(?:an?\s+)?)?(client|support(?: person)?)$/.exec(part);
    const who = m ? clientNamed(m[1]!, assignments) : undefined;
    if (!m || !who) return `I couldn't read "${part}". Use the card, or type for example "all clients" or "${assignments[0]!.name} support person".`;
    result.set(who.clientId, m[2] === 'client' ? 'CLIENT' : 'SUPPORT');
  }
  return result;
}

function chooseParticipation(): FlowStep<Answers> {
  const inputId = (i: number) => `participation_${i}`;
  return {
    id: 'participation',
    title: 'Participation type',
    help: 'Client: the person received the service. Support person: they came to support a client, such as a carer or family member.',
    async ask(turn, retry) {
      const draft = retry?.draft ?? {};
      const choices = (['CLIENT', 'SUPPORT'] as const).map((code) => ({ title: participationLabel(turn.services, code), value: code }));
      const rows = turn.answers.assignments.map((x, i) => ({
        inputId: inputId(i),
        name: x.name,
        value: typeof draft[inputId(i)] === 'string' ? (draft[inputId(i)] as string) : x.participationCode,
      }));
      return { card: card(participationBody('Did each person take part as a client or as a support person?', rows, choices), [submit('Continue', { step: 'participation' }, 'positive')]) };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<Answers>> {
      const assignments = turn.answers.assignments;
      let codes: Map<string, ParticipationCode>;
      if (input.value) {
        codes = new Map();
        for (const [i, x] of assignments.entries()) {
          const parsed = ParticipationCode.safeParse(input.value[inputId(i)]);
          if (!parsed.success) return { ok: false, message: `Participation type for ${x.name}: choose Client or Support person.`, draft: input.value };
          codes.set(x.clientId, parsed.data);
        }
      } else {
        const typed = typedParticipation(input.text ?? '', assignments);
        if (typeof typed === 'string') return { ok: false, message: typed };
        codes = typed;
      }
      const updated = assignments.map((x) => ({ ...x, participationCode: codes.get(x.clientId) ?? x.participationCode }));
      const echo = updated.map((x) => `${x.name} ${participationLabel(turn.services, x.participationCode).toLowerCase()}`).join(', ');
      return { ok: true, answers: { assignments: updated }, echo: `Participation: ${echo}` };
    },
  };
}

const PurposeList = z
  .string({ message: 'send the purposes as a comma-separated list of codes' })
  .optional()
  .transform((v) => [...new Set((v ?? '').split(',').map((c) => c.trim()).filter(Boolean))]);

/**
 * Up to this many participants, the referral card asks about each of them. A larger group is first asked
 * who was referred, so the card stays short enough to read and within Teams' message size.
 */
const REFERRAL_ROWS = 10;

function referralScope(a: Answers): { index: number; x: Assignment }[] {
  const all = a.assignments.map((x, index) => ({ index, x }));
  return a.assignments.length <= REFERRAL_ROWS ? all : all.filter(({ x }) => a.referredIds?.includes(x.clientId));
}

function referralsOf(x: Assignment): Referral[] {
  return [
    ...(x.internal.length ? [{ typeCode: 'INTERNAL' as const, purposeCodes: x.internal }] : []),
    ...(x.external.length ? [{ typeCode: 'EXTERNAL' as const, purposeCodes: x.external }] : []),
  ];
}

function chooseReferred(): FlowStep<Answers> {
  return choiceStep<Answers>({
    id: 'referredWho',
    title: 'Who was referred',
    help: 'Tick the people who were referred on to another service, of your organisation or another one. Leave all unticked if nobody was; you choose the purposes next.',
    applies: (a) => a.assignments.length > REFERRAL_ROWS,
    question: () => 'Was anyone referred on to another service? Tick who, or continue with nobody ticked.',
    options: (turn) => turn.answers.assignments.map((x) => ({ key: x.clientId, label: x.name })),
    multi: true,
    allowNone: true,
    current: (a) => a.referredIds ?? a.assignments.filter((x) => x.internal.length || x.external.length).map((x) => x.clientId),
    pick: (keys, turn, options) => ({
      ok: true,
      answers: {
        referredIds: keys,
        assignments: turn.answers.assignments.map((x) => (keys.includes(x.clientId) ? x : { ...x, internal: [], external: [] })),
      },
      echo: `Referred: ${keys.length ? labelsOf(keys, options) : 'nobody'}`,
    }),
  });
}

function chooseReferrals(): FlowStep<Answers> {
  const internalId = (i: number) => `internal_${i}`;
  const externalId = (i: number) => `external_${i}`;
  return {
    id: 'referrals',
    title: 'Referrals',
    help: 'An internal referral sends the person to another service of your own organisation; an external referral to another organisation. Each can have several purposes, and a person can have at most one of each per session. Leave both empty when there was no referral.',
    applies: (a) => a.assignments.length <= REFERRAL_ROWS || a.referredIds === undefined || a.referredIds.length > 0,
    async ask(turn, retry) {
      const draft = retry?.draft ?? {};
      const fromDraft = (id: string, fallback: string[]) => (typeof draft[id] === 'string' ? (draft[id] as string) : fallback.join(','));
      const purposes = turn.services.referenceData.codesOf('referralPurpose').map((c) => ({ title: c.label, value: c.code }));
      const rows = referralScope(turn.answers).map(({ index, x }) => ({
        name: x.name,
        internalId: internalId(index),
        internal: fromDraft(internalId(index), x.internal),
        externalId: externalId(index),
        external: fromDraft(externalId(index), x.external),
      }));
      return { card: card(referralsBody('Was anyone referred on to another service?', rows, purposes), [submit('Continue', { step: 'referrals' }, 'positive')]) };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<Answers>> {
      const value = input.value;
      const updated = turn.answers.assignments.slice();
      if (!value) {
        if (input.text && SKIP_WORDS.has(input.text.toLowerCase())) {
          return { ok: true, answers: { assignments: updated.map((x) => ({ ...x, internal: [], external: [] })) }, echo: 'Referrals: none' };
        }
        return { ok: false, message: 'Referrals: pick the purposes on the card, or type **none** if nobody was referred.' };
      }
      const reference = turn.services.referenceData;
      for (const { index, x } of referralScope(turn.answers)) {
        const internal = PurposeList.safeParse(value[internalId(index)]);
        const external = PurposeList.safeParse(value[externalId(index)]);
        if (!internal.success || !external.success) {
          return { ok: false, message: `Referral purposes for ${x.name}: ${(internal.error ?? external.error)!.issues[0]!.message}.`, draft: value };
        }
        const unknown = [...internal.data, ...external.data].find((code) => !reference.isValidCode('referralPurpose', code));
        if (unknown) return { ok: false, message: `Referral purposes for ${x.name}: "${unknown}" is not a referral purpose. Pick from the list.`, draft: value };
        const next = { ...x, internal: internal.data, external: external.data };
        const problem = checkReferrals(referralsOf(next));
        if (problem) return { ok: false, message: `Referrals for ${x.name}: ${problem.message}`, draft: value };
        updated[index] = next;
      }
      const referred = updated.filter((x) => x.internal.length || x.external.length);
      return { ok: true, answers: { assignments: updated }, echo: `Referrals: ${referred.length ? referred.map((x) => x.name).join(', ') : 'none'}` };
    },
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
    wantsLatest: options.latest ?? false,
    sessionId: options.sessionId,
  });
  if (!answers.caseFileId) return { answers };
  const org = turn.user.organisation.organisationId;
  const cf = await turn.services.caseFiles.get(org, answers.caseFileId);
  if (!cf) return { refuse: { text: 'That case file no longer exists.' } };
  const refusal = refusalFor(cf);
  if (refusal) return { refuse: refusal };
  return { answers: { ...answers, ...(await fromSentence(turn.services, org, cf, answers)) } };
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
          ...(a.removedIds.length ? [['Taken out of the session', await namesOf(turn, a.removedIds)] as [string, string]] : []),
        ]),
      ];
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const ctx = changeContext(turn);
      const participants: Participant[] = a.assignments.map((x) => ({ clientId: x.clientId, participationCode: x.participationCode, referrals: referralsOf(x) }));
      const result = await turn.services.caseFiles.update(
        turn.user.organisation.organisationId,
        a.caseFileId!,
        (cf) => assignParticipants(cf, a.sessionId!, participants, ctx, a.removedIds),
        operationId,
      );
      if (!result.ok) {
        const problem = result.problems[0]!;
        return { ok: false, message: problem.message, stepId: STEP_OF_FIELD[problem.field] };
      }
      const session = result.value.sessions.find((s) => s.sessionId === a.sessionId)!;
      const lines = a.assignments.map((x): [string, string] => [x.name, describeAssignment(turn.services, x)]);
      return { ok: true, reply: { card: participantsAssignedCard(result.value, session, lines, ctx.zone) } };
    },
  };
}

const ASSIGN = /^(?:assign|allocate)\s+(.+?)(?:\s+(?:to|into|in|for|on)\s+(.+))?$/i;
const ADD = /^(?:add|put)\s+(.+?)(?:\s+(?:to|into|onto|in|for|on)\s+(.+))?$/i;
const PARTICIPANT_WORDS = /^(?:the\s+)?(?:participants?|attendees)$/i;
const NOBODY_NAMED = /^(?:the\s+|some\s+)?(?:participants?|clients?|people|attendees|someone)$/i;
const EVERYONE = /^(?:everyone|everybody|all|all (?:the )?(?:clients|participants))$/i;
const LATEST_SESSION = /^(?:the\s+)?(?:last|latest|most recent|newest)\s+session(?:\s+(?:of|in|for|on|at)\s+(?:the\s+)?(.+))?$/i;
const SOME_SESSION = /^(?:the\s+|a\s+)?session(?:\s+(?:of|in|for|on|at)\s+(?:the\s+)?(.+))?$/i;

/**
 * Reads "assign Alice and Sam to last session in Tuesday seniors group" into start options. "Add" is
 * read as assigning only when it is about participants or a session ("add Alice to last session");
 * "add Alice to Tuesday seniors group" is adding a client to the case file, another command.
 */
export function readAssignSentence(said: string): StartOptions | undefined {
  const assign = ASSIGN.exec(said);
  const add = assign ? undefined : ADD.exec(said);
  const m = assign ?? add;
  if (!m) return undefined;
  const who = m[1]!.trim();
  const where = m[2]?.trim();
  const latest = where ? LATEST_SESSION.exec(where) : null;
  const some = where && !latest ? SOME_SESSION.exec(where) : null;
  if (add && !PARTICIPANT_WORDS.test(who) && !latest && !some) return undefined;
  const options: StartOptions = {};
  if (EVERYONE.test(who)) options.everyone = true;
  else if (!NOBODY_NAMED.test(who)) options.names = who.split(/\s*(?:,|&|\band\b)\s*/i).filter(Boolean);
  if (latest) options.latest = true;
  const caseName = latest ? latest[1] : some ? some[1] : where?.replace(/^the\s+/i, '');
  if (caseName) options.caseName = caseName;
  return options;
}

export function assignParticipantsCommand(services: Services): Command {
  return {
    id: 'assignParticipants',
    title: 'Assign participants',
    description: 'Put clients of a case file into one of its sessions, as clients or support people, with any referrals.',
    example: 'assign Alice to last session',
    writes: true,
    match: readAssignSentence,
    args: AssignStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
