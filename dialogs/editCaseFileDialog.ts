import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowTurn } from '../src/bot/guidedFlow';
import { choiceStep, labelsOf, saysNothing, textStep } from '../src/bot/stepKit';
import { AttendanceProfileSchema, type CaseFile } from '../src/domain/caseFile';
import { ATTENDANCE_PROFILE_WHY, originOf, profileRequired } from '../src/domain/attendanceProfile';
import { CaseFilePatchSchema, checkEndDate, editCaseFile } from '../src/domain/caseFileCorrections';
import { checkCaseFileName, checkOverview } from '../src/domain/caseFileOperations';
import { formatAuDate } from '../src/domain/dateFormat';
import { parseSessionDateTime } from '../src/domain/typedDates';
import { outletActivities } from '../src/domain/organisation';
import { checkFreeText } from '../src/domain/rules';
import type { Services } from '../src/services';
import { requireChosenCaseFile } from './caseFileChoice';
import { caseFileStepThen, correctedCard, CorrectionBase, CorrectionStartOptions, patchOf, reviewBody, saveResult, startOnCaseFile } from './correctionSupport';
import { changeContext } from './changeContext';

const FIELDS = ['name', 'outletActivityId', 'clientAttendanceProfileCode', 'overview', 'endDate'] as const;
const Field = z.enum(FIELDS);
type Field = z.infer<typeof Field>;
const LABELS: Record<Field, string> = {
  name: 'Name',
  outletActivityId: 'Outlet activity',
  clientAttendanceProfileCode: 'Attendance profile',
  overview: 'Overview',
  endDate: 'End date (close the case)',
};

const Shown = z.object({
  name: z.string(),
  outletActivityId: z.number().int(),
  clientAttendanceProfileCode: AttendanceProfileSchema.nullable(),
  overview: z.string(),
  endDate: z.string().nullable(),
});
type Shown = z.infer<typeof Shown>;

export const EditCaseFileAnswers = CorrectionBase.extend({
  fields: z.array(Field).optional(),
  /** The values as the user first saw them: only what differs from these is written. */
  shown: Shown.optional(),
  edited: CaseFilePatchSchema.default({}),
  /** The new name came with the sentence ("rename X to Y") and passed the name rules, so it is not asked again. */
  nameFromSentence: z.boolean().default(false),
  /** How the case file was made, which decides whether it may go without an attendance profile. */
  origin: z.enum(['manual', 'transfer']).default('manual'),
});
type Answers = z.infer<typeof EditCaseFileAnswers>;

const NO_PROFILE = 'NONE';

function shownOf(cf: CaseFile): Shown {
  return {
    name: cf.name,
    outletActivityId: cf.outletActivityId,
    clientAttendanceProfileCode: cf.clientAttendanceProfileCode ?? null,
    overview: cf.overview,
    endDate: cf.endDate ?? null,
  };
}

const chosen = (a: Answers, f: Field) => a.fields?.includes(f) ?? false;
const current = <K extends Field>(a: Answers, f: K): Shown[K] => (a.edited[f] !== undefined ? a.edited[f] : a.shown![f]) as Shown[K];

function wording(turn: FlowTurn<Answers>, f: Field, value: unknown): string {
  if (value === null || value === undefined || value === '') return f === 'endDate' ? 'open' : f === 'clientAttendanceProfileCode' ? 'Not applicable' : '';
  if (f === 'outletActivityId') return outletActivities(turn.user.organisation).find((x) => x.outletActivityId === value)?.name ?? String(value);
  if (f === 'clientAttendanceProfileCode') return turn.services.referenceData.labelOf('attendanceProfile', String(value)) ?? String(value);
  if (f === 'endDate') return formatAuDate(DateTime.fromISO(String(value)));
  return String(value);
}

function readName(value: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = value.trim();
  const problem = checkCaseFileName(name) ?? checkFreeText('name', name);
  return problem ? { ok: false, message: problem.message } : { ok: true, name };
}

const STEP_OF_FIELD: Record<string, string> = {
  clientAttendanceProfileCode: 'attendanceProfile',
  name: 'name',
  overview: 'overview',
  outletActivityId: 'outletActivity',
  endDate: 'endDate',
  fields: 'fields',
};

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'editCaseFile',
    title: 'Correct a case file',
    async start(turn, raw) {
      const started = await startOnCaseFile(turn, raw, 'there is nothing to correct');
      if ('refuse' in started) return { refuse: started.refuse };
      const field = Field.safeParse(started.options.field);
      const cf = started.base.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, started.base.caseFileId) : undefined;
      const said = started.options.newName !== undefined ? readName(started.options.newName) : undefined;
      const newName = cf && field.data === 'name' && said?.ok ? said.name : undefined;
      return {
        answers: EditCaseFileAnswers.parse({
          ...started.base,
          fields: field.success ? [field.data] : undefined,
          shown: cf ? shownOf(cf) : undefined,
          origin: cf ? originOf(cf) : 'manual',
          ...(newName ? { edited: { name: newName }, nameFromSentence: true } : {}),
        }),
      };
    },
    steps: [
      caseFileStepThen<Answers>('do you want to correct', (cf) => ({ shown: shownOf(cf), edited: {}, origin: originOf(cf) })),
      choiceStep<Answers>({
        id: 'fields',
        title: 'What to correct',
        help: 'Tick every part of the case file you want to change. The next steps ask for each new value, showing the current one.',
        applies: (a) => a.fields === undefined,
        question: (turn) => `What do you want to change in "${turn.answers.caseFileName}"?`,
        options: () => FIELDS.map((f) => ({ key: f, label: LABELS[f] })),
        multi: true,
        current: (a) => a.fields,
        pick: (keys, _turn, options) => ({ ok: true, answers: { fields: keys.map((k) => Field.parse(k)) }, echo: `Change: ${labelsOf(keys, options)}` }),
      }),
      textStep<Answers>({
        id: 'name',
        title: 'Name',
        help: 'A name your team will recognise. Avoid * & % # @ — DEX does not accept them.',
        applies: (a) => chosen(a, 'name') && !a.nameFromSentence,
        question: (turn) => `The case file is called "${current(turn.answers, 'name')}". What should it be called?`,
        parse: (value, turn) => {
          const read = readName(value);
          return read.ok ? { ok: true, answers: { edited: { ...turn.answers.edited, name: read.name } }, echo: `Name: ${read.name}` } : read;
        },
      }),
      choiceStep<Answers>({
        id: 'outletActivity',
        title: 'Outlet activity',
        help: 'The outlet activity decides the DEX program, and so which service types the sessions may use. Sessions whose service type does not suit the new activity are listed by "ready for DEX" afterwards.',
        applies: (a) => chosen(a, 'outletActivityId'),
        question: () => 'Which outlet activity is this case file for?',
        options: (turn) =>
          outletActivities(turn.user.organisation).map((x) => ({
            key: String(x.outletActivityId),
            label: x.name,
            description: x.outletName,
            extra: [x.program],
          })),
        current: (a) => String(current(a, 'outletActivityId')),
        pick: ([key], turn, options) => ({
          ok: true,
          answers: { edited: { ...turn.answers.edited, outletActivityId: Number(key) } },
          echo: `Outlet activity: ${labelsOf([key!], options)}`,
        }),
      }),
      choiceStep<Answers>({
        id: 'attendanceProfile',
        title: 'Attendance profile',
        help: 'How the clients attend: as a family, a couple, people living together, a peer support group or a community event.',
        applies: (a) => chosen(a, 'clientAttendanceProfileCode'),
        question: (turn) => `Who attends together in this case file? ${ATTENDANCE_PROFILE_WHY[turn.answers.origin]}`,
        options: (turn) => [
          ...turn.services.referenceData
            .codesOf('attendanceProfile')
            .filter((c) => AttendanceProfileSchema.safeParse(c.code).success)
            .map((c) => ({ key: c.code, label: c.label })),
          ...(profileRequired(turn.answers.origin) ? [] : [{ key: NO_PROFILE, label: 'Not applicable' }]),
        ],
        current: (a) => current(a, 'clientAttendanceProfileCode') ?? NO_PROFILE,
        pick: ([key], turn, options) => ({
          ok: true,
          answers: { edited: { ...turn.answers.edited, clientAttendanceProfileCode: key === NO_PROFILE ? null : AttendanceProfileSchema.parse(key) } },
          echo: `Attendance profile: ${labelsOf([key!], options)}`,
        }),
      }),
      textStep<Answers>({
        id: 'overview',
        title: 'Overview',
        help: 'A sentence or two for colleagues about what this case file covers. Type **skip** to leave it empty.',
        applies: (a) => chosen(a, 'overview'),
        optional: true,
        question: (turn) => `The overview now reads: "${current(turn.answers, 'overview') || '(empty)'}". Type the new overview.`,
        parse: (value, turn) => {
          const overview = value.trim();
          const problem = checkOverview(overview) ?? checkFreeText('overview', overview);
          return problem
            ? { ok: false, message: problem.message }
            : { ok: true, answers: { edited: { ...turn.answers.edited, overview } }, echo: `Overview: ${overview || 'none'}` };
        },
      }),
      textStep<Answers>({
        id: 'endDate',
        title: 'End date',
        help: 'The day the case closed: on or after its last session, and not in the future. Day first, e.g. 30/6/2025 or "today". Type **open** to reopen a closed case file.',
        applies: (a) => chosen(a, 'endDate'),
        question: (turn) => {
          const end = current(turn.answers, 'endDate');
          return `${end ? `The case file closed on ${formatAuDate(DateTime.fromISO(end))}.` : 'The case file is open.'} On what date did it close? For example "today" or "30/6/2025", or **open** to leave it open.`;
        },
        parse: async (value, turn) => {
          if (/^(?:open|reopen|none|no end date)$/i.test(value.trim()) || saysNothing(value.trim())) {
            return { ok: true, answers: { edited: { ...turn.answers.edited, endDate: null } }, echo: 'End date: none, the case file is open' };
          }
          const zone = turn.user.organisation.timeZone;
          const parsed = parseSessionDateTime(value, turn.services.clock(), zone);
          if (!parsed.ok) return { ok: false, message: `End date: ${parsed.reason}` };
          const endDate = parsed.value.setZone(zone).toISODate()!;
          const problem = checkEndDate(await requireChosenCaseFile(turn), endDate, turn.services.clock(), zone);
          if (problem) return { ok: false, message: problem.message };
          return { ok: true, answers: { edited: { ...turn.answers.edited, endDate } }, echo: `End date: ${formatAuDate(parsed.value)}` };
        },
      }),
    ],
    async review(turn) {
      const a = turn.answers;
      const rows = (a.fields ?? []).map((f) => ({ label: LABELS[f], before: wording(turn, f, a.shown![f]), after: wording(turn, f, current(a, f)) }));
      const notes =
        chosen(a, 'outletActivityId') && current(a, 'outletActivityId') !== a.shown!.outletActivityId
          ? ['Sessions keep their service types; "ready for DEX" lists any the new outlet activity does not allow.']
          : [];
      return reviewBody(`Correct "${a.caseFileName}"`, rows, notes);
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const patch = patchOf(a.shown!, a.edited, a.fields ?? []);
      if (Object.keys(patch).length === 0)
        return {
          ok: false,
          message: 'Every value is as it was, so there is nothing to save. Choose something to change, or type **cancel**.',
          stepId: 'fields',
        };
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => editCaseFile(cf, org, patch, ctx), operationId);
      const changed = Object.keys(patch)
        .map((f) => LABELS[f as Field].toLowerCase())
        .join(', ');
      return saveResult(result, STEP_OF_FIELD, (cf) =>
        correctedCard(`Saved "${cf.name}"`, `Changed ${changed}. The change is in the case file's history.`, cf),
      );
    },
  };
}

export function editCaseFileCommand(services: Services): Command<'editCaseFile'> {
  return {
    id: 'editCaseFile',
    title: 'Correct a case file',
    description: 'Change a saved case file’s name, outlet activity, attendance profile or overview, or close it with an end date.',
    example: 'edit case file Tuesday seniors group',
    writes: true,
    args: CorrectionStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
