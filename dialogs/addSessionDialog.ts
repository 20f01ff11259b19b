import { DateTime } from 'luxon';
import { z } from 'zod';
import { facts, heading, MARK, text } from '../cards/cardKit';
import { participantsAssignedCard, sessionAddedCard } from '../cards/sessionCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type Accepted, type FlowDefinition, type FlowStep, type FlowTurn } from '../src/bot/guidedFlow';
import { textStep } from '../src/bot/stepKit';
import { addSessionWithParticipants, closedPeriodProblem } from '../src/domain/caseFileOperations';
import type { CaseFile } from '../src/domain/caseFile';
import { formatDuration } from '../src/domain/dateFormat';
import type { Session } from '../src/domain/session';
import { checkDuration, checkSessionDatePlausible } from '../src/domain/rules';
import { sessionWhen } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import { participationLabel } from './assignParticipants/participationStep';
import {
  attendeesNamed,
  attendeesOnReview,
  attendeesStep,
  optionalFieldsOnReview,
  participantsOf,
  readAttendeeRoles,
  SessionParticipantsAnswers,
  whoCame,
} from './addSession/sessionParticipants';
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
import { ownRecordsStep } from './ownRecordsStep';
import { readDuration, readSessionId, readStartsAt, readUnidentified } from './sessionFieldAnswers';

export const AddSessionAnswers = CaseFileAnswer.extend(SessionParticipantsAnswers.shape).extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseFileNotFound: z.string().optional(),
  /** Undefined until answered or when left blank: the domain then makes one up on save. */
  sessionId: z.string().optional(),
  startsAt: z.string().optional(),
  durationMinutes: z.number().int().optional(),
  unidentifiedParticipants: z.number().int().default(0),
  /** Answers taken from the user's sentence: their questions are skipped and the review card shows them. */
  fromSentence: z.array(z.enum(['startsAt', 'durationMinutes'])).default([]),
  /** Why a date or length the sentence gave was not taken: said with its question, so it is not silently dropped. */
  notFromSentence: z.object({ startsAt: z.string().optional(), durationMinutes: z.string().optional() }).default({}),
  /** Why DEX will not accept a session on the date given (its period has closed), when it will not. */
  periodClosed: z.string().optional(),
  ownRecordsConfirmed: z.boolean().default(false),
});
type Answers = z.infer<typeof AddSessionAnswers>;

/**
 * Where a problem found on save sends the user back to. The optional session id and unidentified count
 * are never asked one by one: the review card shows them filled in, so a problem with them is shown there.
 */
const STEP_OF_FIELD: Record<string, string> = {
  startsAt: 'dateTime',
  durationMinutes: 'duration',
  clientId: 'attendees',
  referrals: 'attendees',
};

/** Names of the case file's clients, so a session id that would reveal one of them can be refused. */
async function clientNamesOf(turn: FlowTurn<Answers>, cf: CaseFile) {
  const clients = await turn.services.clients.getMany(
    turn.user.organisation.organisationId,
    cf.clients.map((c) => c.clientId),
  );
  return clients.map(({ givenName, familyName }) => ({ givenName, familyName }));
}

function startsAtOf(a: Answers, zone: string): DateTime {
  return DateTime.fromISO(a.startsAt!, { zone });
}

/**
 * The session this save wrote. A retried save gets the case file back as it already was, possibly with
 * colleagues' sessions added after ours, so the session is found by what was entered; failing that, the
 * session appended last is ours.
 */
function savedSession(cf: CaseFile, a: Answers, zone: string): Session {
  const startsAt = startsAtOf(a, zone).toMillis();
  const matching = cf.sessions
    .filter(
      (s) =>
        (a.sessionId === undefined || s.sessionId === a.sessionId) &&
        DateTime.fromISO(s.startsAt).toMillis() === startsAt &&
        s.durationMinutes === a.durationMinutes &&
        s.unidentifiedParticipants === a.unidentifiedParticipants,
    )
    .at(-1);
  return matching ?? cf.sessions.at(-1)!;
}

/** What the user's sentence said about the session: "yesterday 10am", "for 90 minutes". */
const AddSessionStartOptions = CaseFileStartOptions.extend({
  when: z
    .object({
      date: z.iso.date(),
      time: z
        .string()
        .regex(/^\d{2}:\d{2}$/)
        .optional(),
    })
    .optional(),
  minutes: z.number().int().optional(),
  /** "Joan and Margaret came". */
  names: z.array(z.string().trim().min(1).max(120)).max(50).optional(),
});

/**
 * Date and length taken from the sentence, each only when it passes the same rules as a typed answer;
 * one that does not is left for its question, which then explains the rule.
 */
function saidInSentence(
  options: z.infer<typeof AddSessionStartOptions>,
  now: DateTime,
  zone: string,
): Pick<Answers, 'startsAt' | 'durationMinutes' | 'fromSentence' | 'notFromSentence'> {
  const out: Pick<Answers, 'startsAt' | 'durationMinutes' | 'fromSentence' | 'notFromSentence'> = { fromSentence: [], notFromSentence: {} };
  if (options.when) {
    const start = DateTime.fromISO(`${options.when.date}T${options.when.time ?? '00:00'}`, { zone });
    // A date in a closed reporting period is left to the date question, whose answer leads to the
    // "keep it for our own records?" question with its way back to the date.
    const problem = start.isValid ? (checkSessionDatePlausible(start, now, zone) ?? closedPeriodProblem(start, { now, zone })) : null;
    if (start.isValid && !problem) {
      out.startsAt = start.toISO()!;
      out.fromSentence.push('startsAt');
    } else if (problem) {
      out.notFromSentence.startsAt = problem.message;
    }
  }
  if (options.minutes !== undefined) {
    const problem = checkDuration(options.minutes);
    if (!problem) {
      out.durationMinutes = options.minutes;
      out.fromSentence.push('durationMinutes');
    } else {
      out.notFromSentence.durationMinutes = problem.message;
    }
  }
  return out;
}

/** A question asked because the sentence's answer broke a rule starts with that rule. */
function withWhyNotTaken(why: string | undefined, question: string): string {
  return why ? `${why}\n\n${question}` : question;
}

/** Picking the case file in the flow matches the people the sentence named to its clients. */
function chooseCaseFile(): FlowStep<Answers> {
  const base = caseFileStepNotingMiss<Answers>('is the session for', (a) => a.caseFileNotFound);
  return {
    ...base,
    async accept(turn, input): Promise<Accepted<Answers>> {
      const picked = await base.accept(turn, input);
      if (!picked.ok || !picked.answers.caseFileId) return picked;
      const cf = await turn.services.caseFiles.get(turn.user.organisation.organisationId, picked.answers.caseFileId);
      if (!cf) return { ok: false, message: 'That case file no longer exists. Pick another.' };
      return { ...picked, answers: { ...picked.answers, ...(await attendeesNamed(turn, cf, turn.answers.namesSaid)) } };
    },
  };
}

/** The review card's fields, read when Save is pressed: a field the card did not send keeps what it showed. */
async function readReviewCard(
  turn: FlowTurn<Answers>,
  value: Record<string, unknown>,
): Promise<{ ok: true; answers: Partial<Answers> } | { ok: false; message: string }> {
  const answers: Partial<Answers> = {};
  if (typeof value.sessionId === 'string') {
    if (value.sessionId.trim() === '') answers.sessionId = undefined;
    else {
      const cf = await chosenCaseFile(turn);
      // Whether the id is taken is left to the save: a retried Save must find its own session, not a clash.
      const read = readSessionId(value.sessionId, undefined, cf ? await clientNamesOf(turn, cf) : []);
      if (!read.ok) return read;
      answers.sessionId = read.value;
    }
  }
  if (typeof value.unidentifiedParticipants === 'string') {
    const read = readUnidentified(value.unidentifiedParticipants.trim());
    if (!read.ok) return read;
    answers.unidentifiedParticipants = read.value;
  }
  const roles = readAttendeeRoles(turn.answers, value);
  if (!roles.ok) return roles;
  return { ok: true, answers: { ...answers, attendees: roles.attendees } };
}

function flow(): FlowDefinition<Answers, z.infer<typeof AddSessionStartOptions>> {
  return {
    id: 'addSession',
    title: 'Add a session',
    async start(turn, options) {
      const said = AddSessionStartOptions.safeParse(options).data ?? {};
      const resolved = await resolveCaseFile(turn, said);
      const none = refusalWhenNoCaseFiles(resolved, { text: noCaseFilesText('there is nothing to add a session to') });
      if (none) return none;
      const answers = AddSessionAnswers.parse({
        ...resolved.answer,
        ...saidInSentence(said, turn.services.clock(), turn.user.organisation.timeZone),
        caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
        caseFileNotFound: resolved.notFound,
        namesSaid: said.names ?? [],
      });
      const cf = answers.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, answers.caseFileId) : undefined;
      return { answers: cf ? { ...answers, ...(await attendeesNamed(turn, cf, answers.namesSaid)) } : answers };
    },
    steps: [
      chooseCaseFile(),
      textStep<Answers>({
        id: 'dateTime',
        title: 'Date and time',
        applies: (a) => !a.fromSentence.includes('startsAt'),
        help: 'When the session was held, today or earlier. Dates are day first. Examples: today 10am, yesterday, Tue 2pm, 15/10/2025 2:30pm.',
        question: (turn) =>
          withWhyNotTaken(turn.answers.notFromSentence.startsAt, 'When was the session held? For example "today 10am", "yesterday" or "15/10/2025 2:30pm".'),
        parse: (value, turn) => {
          const zone = turn.user.organisation.timeZone;
          const read = readStartsAt(value, turn.services.clock(), zone);
          if (!read.ok) return read;
          const closed = closedPeriodProblem(DateTime.fromISO(read.value, { zone }), { now: turn.services.clock(), zone });
          return {
            ok: true,
            answers: {
              startsAt: read.value,
              periodClosed: closed?.message,
              ownRecordsConfirmed: false,
              notFromSentence: { ...turn.answers.notFromSentence, startsAt: undefined },
            },
            echo: read.echo,
          };
        },
      }),
      ownRecordsStep<Answers>({
        applies: (a) => a.periodClosed !== undefined,
        why: (turn) => turn.answers.periodClosed!,
        keepLabel: 'Yes, keep it for our own records (not reported to DEX)',
        change: { label: 'No, change the date', step: 'dateTime' },
      }),
      textStep<Answers>({
        id: 'duration',
        title: 'Duration',
        applies: (a) => !a.fromSentence.includes('durationMinutes'),
        help: 'How long the session ran, up to 24 hours. Examples: 90 min, 1h30, 1.5 hours, 1:30.',
        question: (turn) =>
          withWhyNotTaken(turn.answers.notFromSentence.durationMinutes, 'How long was the session? For example "1h30", "90 min" or "1.5 hours".'),
        parse: (value, turn) => {
          const read = readDuration(value);
          return read.ok
            ? {
                ok: true,
                answers: { durationMinutes: read.value, notFromSentence: { ...turn.answers.notFromSentence, durationMinutes: undefined } },
                echo: read.echo,
              }
            : read;
        },
      }),
      attendeesStep<Answers>(),
    ],
    async review(turn) {
      const a = turn.answers;
      const zone = turn.user.organisation.timeZone;
      return [
        heading(`New session for "${a.caseFileName}"`),
        facts([
          ['Session id', a.sessionId ?? 'made from the date on save'],
          ['Date and time', sessionWhen({ startsAt: a.startsAt! }, zone)],
          ['Duration', formatDuration(a.durationMinutes!)],
          ['Unidentified participants', String(a.unidentifiedParticipants)],
          ...(a.namesSaid.length ? [['Who came', whoCame(a)] as [string, string]] : []),
        ]),
        ...(a.periodClosed
          ? [text(`${MARK.warning} Not reported (period closed): kept for your organisation’s own records only; DEX will not receive it.`)]
          : []),
        ...attendeesOnReview(turn),
        ...optionalFieldsOnReview(a.sessionId, a.unidentifiedParticipants),
      ];
    },
    readReview: readReviewCard,
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const current = await chosenCaseFile(turn);
      const names = current ? await clientNamesOf(turn, current) : [];
      const session = {
        sessionId: a.sessionId,
        startsAt: startsAtOf(a, ctx.zone),
        durationMinutes: a.durationMinutes!,
        unidentifiedParticipants: a.unidentifiedParticipants,
        ownRecordsConfirmed: a.ownRecordsConfirmed,
      };
      const result = await turn.services.caseFiles.update(
        org.organisationId,
        a.caseFileId!,
        (cf) => addSessionWithParticipants(cf, session, participantsOf(a), ctx, names),
        operationId,
      );
      if (!result.ok) {
        const problem = result.problems[0]!;
        const stepId = STEP_OF_FIELD[problem.field];
        return stepId ? { ok: false, message: problem.message, stepId } : { ok: false, message: problem.message, answers: {} };
      }
      const saved = savedSession(result.value, a, ctx.zone);
      if (a.attendees.length === 0) return { ok: true, reply: { card: sessionAddedCard(result.value, saved, ctx.zone) } };
      const lines = a.attendees.map((x): [string, string] => [x.name, participationLabel(turn.services, x.participationCode)]);
      return { ok: true, reply: { card: participantsAssignedCard(result.value, saved, lines, ctx.zone, true) } };
    },
  };
}

export function addSessionCommand(services: Services): Command<'addSession'> {
  return {
    id: 'addSession',
    title: 'Add a session',
    description:
      'Record a session in a case file: date and time, duration, unidentified participants and session id, and who came when your sentence names them.',
    example: 'add session to Tuesday seniors group',
    writes: true,
    args: AddSessionStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
