import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowTurn } from '../src/bot/guidedFlow';
import { choiceStep, labelsOf, textStep } from '../src/bot/stepKit';
import { editSession, SessionPatchSchema } from '../src/domain/caseFileCorrections';
import { formatDuration } from '../src/domain/dateFormat';
import { closedPeriodProblem } from '../src/domain/caseFileOperations';
import { checkSessionPeriodOpen } from '../src/domain/rules';
import type { Session } from '../src/domain/session';
import { sessionWhen } from '../src/domain/sessionListing';
import type { Services } from '../src/services';
import { requireChosenCaseFile } from './caseFileChoice';
import {
  caseFileStepThen,
  clientNamesOf,
  correctedCard,
  patchOf,
  reviewBody,
  saveResult,
  SessionCorrectionBase,
  sessionPickStep,
  startingSession,
  startOnCaseFile,
  CorrectionStartOptions,
} from './correctionSupport';
import { changeContext } from './changeContext';
import { ownRecordsStep } from './ownRecordsStep';
import { readDuration, readSessionId, readStartsAt, readUnidentified } from './sessionFieldAnswers';

const FIELDS = ['sessionId', 'startsAt', 'durationMinutes', 'unidentifiedParticipants'] as const;
const Field = z.enum(FIELDS);
type Field = z.infer<typeof Field>;
const LABELS: Record<Field, string> = {
  sessionId: 'Session id',
  startsAt: 'Date and time',
  durationMinutes: 'Duration',
  unidentifiedParticipants: 'Unidentified participants',
};

const Shown = z.object({ sessionId: z.string(), startsAt: z.string(), durationMinutes: z.number().int(), unidentifiedParticipants: z.number().int() });
type Shown = z.infer<typeof Shown>;

export const EditSessionAnswers = SessionCorrectionBase.extend({
  fields: z.array(Field).optional(),
  shown: Shown.optional(),
  edited: SessionPatchSchema.default({}),
  /** Why DEX will not accept the session on its new date (its period has closed), when it will not. */
  periodClosed: z.string().optional(),
  ownRecordsConfirmed: z.boolean().default(false),
});
type Answers = z.infer<typeof EditSessionAnswers>;

function shownOf(s: Session): Shown {
  return { sessionId: s.sessionId, startsAt: s.startsAt, durationMinutes: s.durationMinutes, unidentifiedParticipants: s.unidentifiedParticipants };
}

const chosen = (a: Answers, f: Field) => a.fields?.includes(f) ?? false;
const current = <K extends Field>(a: Answers, f: K): Shown[K] => (a.edited[f] !== undefined ? a.edited[f] : a.shown![f]) as Shown[K];

function wording(f: Field, value: string | number, zone: string): string {
  if (f === 'startsAt') return sessionWhen({ startsAt: String(value) }, zone);
  if (f === 'durationMinutes') return formatDuration(Number(value));
  return String(value);
}

/** Sessions are compared by the moment they stand for: the same start written with another offset is no change. */
function sameStart(a: string, b: string): boolean {
  return DateTime.fromISO(a).toMillis() === DateTime.fromISO(b).toMillis();
}

const STEP_OF_FIELD: Record<string, string> = {
  sessionId: 'newSessionId',
  startsAt: 'dateTime',
  durationMinutes: 'duration',
  unidentifiedParticipants: 'unidentified',
  fields: 'fields',
};

function edited(turn: FlowTurn<Answers>, patch: Partial<Shown>) {
  return { edited: { ...turn.answers.edited, ...patch } };
}

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'editSession',
    title: 'Correct a session',
    async start(turn, raw) {
      const started = await startOnCaseFile(turn, raw, 'there is no session to correct');
      if ('refuse' in started) return { refuse: started.refuse };
      const session = await startingSession(turn, started.base, started.options);
      const field = Field.safeParse(started.options.field);
      return {
        answers: EditSessionAnswers.parse({
          ...started.base,
          sessionId: session?.sessionId,
          shown: session ? shownOf(session) : undefined,
          fields: field.success ? [field.data] : undefined,
        }),
      };
    },
    steps: [
      caseFileStepThen<Answers>('is the session in', () => ({ sessionId: undefined, shown: undefined, edited: {} })),
      sessionPickStep<Answers>('do you want to correct', (s) => ({ shown: shownOf(s), edited: {} })),
      choiceStep<Answers>({
        id: 'fields',
        title: 'What to correct',
        help: 'Tick every part of the session you want to change. To change its service type and other details, say "session details"; to change who took part, say "assign participants".',
        applies: (a) => a.fields === undefined,
        question: (turn) => `What do you want to change in session ${turn.answers.shown?.sessionId}?`,
        options: () => FIELDS.map((f) => ({ key: f, label: LABELS[f] })),
        multi: true,
        current: (a) => a.fields,
        pick: (keys, _turn, options) => ({ ok: true, answers: { fields: keys.map((k) => Field.parse(k)) }, echo: `Change: ${labelsOf(keys, options)}` }),
      }),
      textStep<Answers>({
        id: 'newSessionId',
        title: 'Session id',
        help: 'A number or short title that tells this session apart from the others in the case file, such as "Week 3". DSS can see it, so it must never contain a client’s name.',
        applies: (a) => chosen(a, 'sessionId'),
        question: (turn) => `The session id is "${current(turn.answers, 'sessionId')}". What should it be?`,
        parse: async (value, turn) => {
          const cf = await requireChosenCaseFile(turn);
          const read = readSessionId(value, cf, await clientNamesOf(turn, cf), turn.answers.shown!.sessionId);
          return read.ok ? { ok: true, answers: edited(turn, { sessionId: read.value }), echo: read.echo } : read;
        },
      }),
      textStep<Answers>({
        id: 'dateTime',
        title: 'Date and time',
        help: 'When the session was held, today or earlier. Dates are day first. Examples: today 10am, yesterday, Tue 2pm, 15/10/2025 2:30pm.',
        applies: (a) => chosen(a, 'startsAt'),
        question: (turn) =>
          `It is recorded as held ${sessionWhen({ startsAt: current(turn.answers, 'startsAt') }, turn.user.organisation.timeZone)}. When was it held?`,
        parse: (value, turn) => {
          const zone = turn.user.organisation.timeZone;
          const read = readStartsAt(value, turn.services.clock(), zone);
          if (!read.ok) return read;
          const closed = closedPeriodProblem(DateTime.fromISO(read.value, { zone }), { now: turn.services.clock(), zone });
          return {
            ok: true,
            answers: { ...edited(turn, { startsAt: read.value }), periodClosed: closed?.message, ownRecordsConfirmed: false },
            echo: read.echo,
          };
        },
      }),
      ownRecordsStep<Answers>({
        applies: (a) => chosen(a, 'startsAt') && a.periodClosed !== undefined,
        why: (turn) => turn.answers.periodClosed!,
        keepLabel: 'Yes, keep it for our own records (not reported to DEX)',
        change: { label: 'No, change the date', step: 'dateTime' },
      }),
      textStep<Answers>({
        id: 'duration',
        title: 'Duration',
        help: 'How long the session ran, up to 24 hours. Examples: 90 min, 1h30, 1.5 hours, 1:30.',
        applies: (a) => chosen(a, 'durationMinutes'),
        question: (turn) => `It is recorded as ${formatDuration(current(turn.answers, 'durationMinutes'))}. How long was it?`,
        parse: (value, turn) => {
          const read = readDuration(value);
          return read.ok ? { ok: true, answers: edited(turn, { durationMinutes: read.value }), echo: read.echo } : read;
        },
      }),
      textStep<Answers>({
        id: 'unidentified',
        title: 'Unidentified participants',
        help: 'People who took part but whose details were impractical to collect. A whole number from 0 to 999.',
        applies: (a) => chosen(a, 'unidentifiedParticipants'),
        optional: true,
        question: (turn) => `It records ${current(turn.answers, 'unidentifiedParticipants')} unidentified participants. How many were there?`,
        parse: (value, turn) => {
          const read = readUnidentified(value);
          return read.ok ? { ok: true, answers: edited(turn, { unidentifiedParticipants: read.value }), echo: read.echo } : read;
        },
      }),
    ],
    async review(turn) {
      const a = turn.answers;
      const zone = turn.user.organisation.timeZone;
      const rows = (a.fields ?? []).map((f) => {
        const before = wording(f, a.shown![f], zone);
        const after = wording(f, current(a, f), zone);
        return { label: LABELS[f], before, after: f === 'startsAt' && sameStart(a.shown!.startsAt, current(a, 'startsAt')) ? before : after };
      });
      const moved = chosen(a, 'startsAt') && a.periodClosed !== undefined;
      const reported = checkSessionPeriodOpen(DateTime.fromISO(a.shown!.startsAt), turn.services.clock(), zone);
      const notes = [
        ...(moved ? ['Not reported (period closed): on its new date the session is kept for your organisation’s own records only.'] : []),
        ...(reported && !moved
          ? ['Its reporting period has closed, so DEX keeps the session as it was reported; this correction changes your own records.']
          : []),
      ];
      return reviewBody(`Correct session ${a.shown!.sessionId} of "${a.caseFileName}"`, rows, notes);
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const patch = patchOf(a.shown!, a.edited, a.fields ?? []);
      if (patch.startsAt !== undefined && sameStart(patch.startsAt, a.shown!.startsAt)) delete patch.startsAt;
      if (Object.keys(patch).length === 0)
        return {
          ok: false,
          message: 'Every value is as it was, so there is nothing to save. Choose something to change, or type **cancel**.',
          stepId: 'fields',
        };
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const names = await clientNamesOf(turn, await requireChosenCaseFile(turn));
      const result = await turn.services.caseFiles.update(
        org.organisationId,
        a.caseFileId!,
        (cf) => editSession(cf, a.shown!.sessionId, patch, ctx, names, a.ownRecordsConfirmed),
        operationId,
      );
      const changed = Object.keys(patch)
        .map((f) => LABELS[f as Field].toLowerCase())
        .join(', ');
      return saveResult(result, STEP_OF_FIELD, (cf) =>
        correctedCard(
          `Saved session ${patch.sessionId ?? a.shown!.sessionId}`,
          `Changed ${changed} in "${cf.name}". The change is in the case file's history.`,
          cf,
        ),
      );
    },
  };
}

export function editSessionCommand(services: Services): Command<'editSession'> {
  return {
    id: 'editSession',
    title: 'Correct a session',
    description: 'Change a saved session’s id, date and time, duration or unidentified participants.',
    example: 'change the date of the last session of Tuesday seniors group',
    writes: true,
    args: CorrectionStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
