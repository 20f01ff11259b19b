import { DateTime } from 'luxon';
import { z } from 'zod';
import { facts, heading, MARK, text } from '../cards/cardKit';
import { sessionAddedCard } from '../cards/sessionCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowTurn } from '../src/bot/guidedFlow';
import { textStep } from '../src/bot/stepKit';
import { addSessions } from '../src/domain/caseFileOperations';
import type { CaseFile } from '../src/domain/caseFile';
import { formatDuration, parseDuration, parseSessionDateTime } from '../src/domain/dates';
import { TYPED_ID_PATTERN } from '../src/domain/identifiers';
import {
  checkDuration,
  checkFreeText,
  checkIdentifierHasNoPersonalInfo,
  checkSessionDatePlausible,
  checkSessionPeriodOpen,
  checkUnidentifiedCount,
  parseCount,
} from '../src/domain/rules';
import { cleanText, uncleanMessage } from '../src/domain/text';
import type { Session } from '../src/domain/session';
import { sessionWhen } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import { CaseFileAnswer, CaseFileStartOptions, caseFileStepNotingMiss, chosenCaseFile, noCaseFilesText, refusalWhenNoCaseFiles, resolveCaseFile } from './caseFileChoice';
import { changeContext } from './flowSupport';

export const AddSessionAnswers = CaseFileAnswer.extend({
  caseFileCandidates: z.array(z.string()).default([]),
  caseFileNotFound: z.string().optional(),
  /** Undefined until answered or when left blank: the domain then makes one up on save. */
  sessionId: z.string().optional(),
  startsAt: z.string().optional(),
  durationMinutes: z.number().int().optional(),
  unidentifiedParticipants: z.number().int().default(0),
});
type Answers = z.infer<typeof AddSessionAnswers>;

/** Where a problem found on save sends the user back to. */
const STEP_OF_FIELD: Record<string, string> = {
  sessionId: 'sessionId',
  startsAt: 'dateTime',
  durationMinutes: 'duration',
  unidentifiedParticipants: 'unidentified',
  totalUnidentifiedClients: 'unidentified',
};

/** Names of the case file's clients, so a session id that would reveal one of them can be refused. */
async function clientNamesOf(turn: FlowTurn<Answers>, cf: CaseFile) {
  const clients = await turn.services.clients.getMany(turn.user.organisation.organisationId, cf.clients.map((c) => c.clientId));
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

function flow(): FlowDefinition<Answers, z.infer<typeof CaseFileStartOptions>> {
  return {
    id: 'addSession',
    title: 'Add a session',
    async start(turn, options) {
      const resolved = await resolveCaseFile(turn, CaseFileStartOptions.safeParse(options).data ?? {});
      const none = refusalWhenNoCaseFiles(resolved, { text: noCaseFilesText('there is nothing to add a session to') });
      if (none) return none;
      return {
        answers: AddSessionAnswers.parse({
          ...resolved.answer,
          caseFileCandidates: resolved.candidates.map((c) => c.caseFileId),
          caseFileNotFound: resolved.notFound,
        }),
      };
    },
    steps: [
      caseFileStepNotingMiss<Answers>('is the session for', (a) => a.caseFileNotFound),
      textStep<Answers>({
        id: 'sessionId',
        title: 'Session id',
        help: 'A number or short title that tells this session apart from the others in the case file, such as "Week 3". Leave it blank and I make one from the date. DSS can see it, so it must never contain a client’s name.',
        question: (turn) => `What session id should this session have in "${turn.answers.caseFileName}"? Type it, or **skip** and I will make one from the date.`,
        optional: true,
        parse: async (value, turn) => {
          const cleaned = cleanText(value);
          if (!cleaned.ok) return { ok: false, message: uncleanMessage('The session id', cleaned) };
          const sessionId = cleaned.value;
          if (sessionId === '') return { ok: true, answers: { sessionId: undefined }, echo: 'Session id: made from the date on save' };
          if (!TYPED_ID_PATTERN.test(sessionId)) {
            return { ok: false, message: 'Session id: up to 50 letters, digits, spaces, dots, dashes, slashes or underscores, starting with a letter or digit.' };
          }
          const cf = await chosenCaseFile(turn);
          const problem =
            checkFreeText('sessionId', sessionId) ??
            (cf?.sessions.some((s) => s.sessionId === sessionId) ? { message: `Session id ${sessionId} is already used in this case file. Each session needs its own id.` } : null) ??
            (cf ? checkIdentifierHasNoPersonalInfo(sessionId, await clientNamesOf(turn, cf), 'sessionId') : null);
          return problem ? { ok: false, message: problem.message } : { ok: true, answers: { sessionId }, echo: `Session id: ${sessionId}` };
        },
      }),
      textStep<Answers>({
        id: 'dateTime',
        title: 'Date and time',
        help: 'When the session was held, today or earlier. Dates are day first. Examples: today 10am, yesterday, Tue 2pm, 15/10/2025 2:30pm.',
        question: () => 'When was the session held? For example "today 10am", "yesterday" or "15/10/2025 2:30pm".',
        parse: (value, turn) => {
          const zone = turn.user.organisation.timeZone;
          const now = turn.services.clock();
          const parsed = parseSessionDateTime(value, now, zone);
          if (!parsed.ok) return { ok: false, message: `Date and time: ${parsed.reason}` };
          const problem = checkSessionDatePlausible(parsed.value, now, zone);
          if (problem) return { ok: false, message: problem.message };
          const startsAt = parsed.value.toISO();
          return { ok: true, answers: { startsAt }, echo: `Date and time: ${sessionWhen({ startsAt }, zone)}` };
        },
      }),
      textStep<Answers>({
        id: 'duration',
        title: 'Duration',
        help: 'How long the session ran, up to 24 hours. Examples: 90 min, 1h30, 1.5 hours, 1:30.',
        question: () => 'How long was the session? For example "1h30", "90 min" or "1.5 hours".',
        parse: (value) => {
          const parsed = parseDuration(value);
          if (!parsed.ok) return { ok: false, message: `Duration: ${parsed.reason}` };
          const problem = checkDuration(parsed.minutes);
          return problem ? { ok: false, message: problem.message } : { ok: true, answers: { durationMinutes: parsed.minutes }, echo: `Duration: ${formatDuration(parsed.minutes)}` };
        },
      }),
      textStep<Answers>({
        id: 'unidentified',
        title: 'Unidentified participants',
        help: 'People who took part but whose details were impractical to collect, such as at a community event. A whole number from 0 to 999; 0 is the usual answer.',
        question: () => 'How many unidentified participants were there? Type a number, or **skip** for 0.',
        optional: true,
        parse: (value) => {
          const n = value === '' ? 0 : parseCount(value);
          const problem = checkUnidentifiedCount(n, 'unidentifiedParticipants');
          return problem
            ? { ok: false, message: problem.message }
            : { ok: true, answers: { unidentifiedParticipants: n }, echo: `Unidentified participants: ${n}` };
        },
      }),
    ],
    async review(turn) {
      const a = turn.answers;
      const zone = turn.user.organisation.timeZone;
      const startsAt = startsAtOf(a, zone);
      const closed = checkSessionPeriodOpen(startsAt, turn.services.clock(), zone);
      return [
        heading(`New session for "${a.caseFileName}"`),
        facts([
          ['Session id', a.sessionId ?? 'made from the date on save'],
          ['Date and time', sessionWhen({ startsAt: a.startsAt! }, zone)],
          ['Duration', formatDuration(a.durationMinutes!)],
          ['Unidentified participants', String(a.unidentifiedParticipants)],
        ]),
        ...(closed ? [text(`${MARK.warning} ${closed.message}`)] : []),
      ];
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const current = await chosenCaseFile(turn);
      const names = current ? await clientNamesOf(turn, current) : [];
      const result = await turn.services.caseFiles.update(
        org.organisationId,
        a.caseFileId!,
        (cf) =>
          addSessions(
            cf,
            [{ sessionId: a.sessionId, startsAt: startsAtOf(a, ctx.zone), durationMinutes: a.durationMinutes!, unidentifiedParticipants: a.unidentifiedParticipants }],
            ctx,
            names,
          ),
        operationId,
      );
      if (!result.ok) {
        const problem = result.problems[0]!;
        return { ok: false, message: problem.message, stepId: STEP_OF_FIELD[problem.field] };
      }
      return { ok: true, reply: { card: sessionAddedCard(result.value, savedSession(result.value, a, ctx.zone), ctx.zone) } };
    },
  };
}

const ADD_SESSION = /^(?:add|new|create|record|log|enter)(?: (?:a|an|another|one more))?(?: new)? sessions?(?: (?:to|for|in|into|on) (?:the )?(.+))?$/i;

export function addSessionCommand(services: Services): Command {
  return {
    id: 'addSession',
    title: 'Add a session',
    description: 'Record a session in a case file: session id, date and time, duration and unidentified participants.',
    example: 'add session to Tuesday seniors group',
    writes: true,
    match(said) {
      const m = ADD_SESSION.exec(said);
      return m ? { caseName: m[1] } : undefined;
    },
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
