import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { facts, heading, MARK, text } from '../cards/cardKit';
import { caseFileCreatedCard } from '../cards/caseFileCards';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type Accepted, type FlowDefinition } from '../src/bot/guidedFlow';
import { choiceStep, labelsOf, textStep } from '../src/bot/stepKit';
import { checkCaseFileName, checkOverview, createCaseFile } from '../src/domain/caseFileOperations';
import { checkCaseFileNameUnique } from '../src/domain/caseFileName';
import { ATTENDANCE_PROFILE_WHY } from '../src/domain/attendanceProfile';
import { AttendanceProfileSchema } from '../src/domain/caseFile';
import { generateCaseId, TYPED_ID_PATTERN } from '../src/domain/identifiers';
import { outletActivities } from '../src/domain/organisation';
import { checkFreeText, checkUnidentifiedCount, parseCount } from '../src/domain/rules';
import { cleanText, uncleanMessage } from '../src/domain/text';
import type { Services } from '../src/services';
import { changeContext } from './changeContext';

export const CreateCaseFileAnswers = z.object({
  caseFileId: z.string(),
  name: z.string().optional(),
  outletActivityId: z.number().int().optional(),
  clientAttendanceProfileCode: AttendanceProfileSchema.optional(),
  profileAnswered: z.boolean().default(false),
  totalUnidentifiedClients: z.number().int().default(0),
  caseId: z.string().optional(),
  overview: z.string().default(''),
});
type Answers = z.infer<typeof CreateCaseFileAnswers>;

const NO_PROFILE = 'NONE';

/** The question that can fix a problem the domain reports on save. */
const STEP_OF_FIELD: Record<string, string> = { name: 'name', caseId: 'caseId', overview: 'overview', totalUnidentifiedClients: 'unidentified' };

function parseName(value: string): Accepted<Answers> {
  const cleaned = cleanText(value);
  if (!cleaned.ok) return { ok: false, message: uncleanMessage('The name', cleaned) };
  const name = cleaned.value;
  if (!name) return { ok: false, message: 'Please type a name for the case file.' };
  const problem = checkCaseFileName(name) ?? checkFreeText('name', name);
  return problem ? { ok: false, message: problem.message } : { ok: true, answers: { name }, echo: `Name: ${name}` };
}

function flow(): FlowDefinition<Answers, { name?: string }> {
  return {
    id: 'createCaseFile',
    title: 'Create a case file',
    async start(_turn, options) {
      // A name from the sentence is used only if the name question would have accepted it; otherwise it is asked.
      const said = typeof options.name === 'string' ? parseName(options.name) : undefined;
      const name = said?.ok ? said.answers.name : undefined;
      return { answers: CreateCaseFileAnswers.parse({ caseFileId: randomUUID(), name }) };
    },
    steps: [
      textStep<Answers>({
        id: 'name',
        title: 'Name',
        help: 'A name your team will recognise, such as the group or program it is for. Avoid * & % # @ — DEX does not accept them.',
        applies: (a) => a.name === undefined,
        question: () => 'What should the new case file be called? For example "Tuesday seniors group".',
        parse: (value) => parseName(value),
      }),
      choiceStep<Answers>({
        id: 'outletActivity',
        title: 'Outlet activity',
        help: 'The outlet activity decides the DEX program, and so which service types the sessions may use.',
        question: () => 'Which outlet activity is this case file for?',
        options: (turn) =>
          outletActivities(turn.user.organisation).map((a) => ({
            key: String(a.outletActivityId),
            label: a.name,
            description: a.outletName,
            extra: [a.program],
          })),
        current: (a) => (a.outletActivityId === undefined ? undefined : String(a.outletActivityId)),
        pick: ([key], _turn, options) => ({ ok: true, answers: { outletActivityId: Number(key) }, echo: `Outlet activity: ${labelsOf([key!], options)}` }),
      }),
      choiceStep<Answers>({
        id: 'attendanceProfile',
        title: 'Client attendance profile',
        help: `How the clients attend: as a family, a couple, people living together, a peer support group or a community event. ${ATTENDANCE_PROFILE_WHY.manual}`,
        question: () => 'Who attends together in this case file?',
        options: (turn) => [
          // Only codes the case file schema knows: a newer list may add one the bot cannot store yet.
          ...turn.services.referenceData
            .codesOf('attendanceProfile')
            .filter((c) => AttendanceProfileSchema.safeParse(c.code).success)
            .map((c) => ({ key: c.code, label: c.label })),
          { key: NO_PROFILE, label: 'Not applicable' },
        ],
        current: (a) => (a.profileAnswered ? (a.clientAttendanceProfileCode ?? NO_PROFILE) : undefined),
        pick: ([key], _turn, options) => ({
          ok: true,
          answers: { clientAttendanceProfileCode: key === NO_PROFILE ? undefined : AttendanceProfileSchema.parse(key), profileAnswered: true },
          echo: `Attendance profile: ${labelsOf([key!], options)}`,
        }),
      }),
      textStep<Answers>({
        id: 'unidentified',
        title: 'Unidentified clients',
        help: 'People who take part but whose details are impractical to collect, such as at a community event. A whole number from 0 to 999; 0 is the usual answer.',
        question: () => 'How many unidentified clients does this case file have in total? Type a number, or **skip** for 0.',
        optional: true,
        parse: (value) => {
          const n = value === '' ? 0 : parseCount(value);
          const problem = Number.isInteger(n) ? checkUnidentifiedCount(n) : { message: 'Unidentified clients must be a whole number from 0 to 999.' };
          return problem ? { ok: false, message: problem.message } : { ok: true, answers: { totalUnidentifiedClients: n }, echo: `Unidentified clients: ${n}` };
        },
      }),
      textStep<Answers>({
        id: 'caseId',
        title: 'DEX case id',
        help: 'The id DEX will know this case file by. Leave it blank and I make one up. It must never contain a client’s name or other personal details.',
        question: () => 'Do you have a DEX case id to use? Type it, or **skip** and I will generate one.',
        optional: true,
        parse: (value) => {
          const cleaned = cleanText(value);
          if (!cleaned.ok) return { ok: false, message: uncleanMessage('The DEX case id', cleaned) };
          const caseId = cleaned.value;
          if (caseId === '') return { ok: true, answers: { caseId: undefined }, echo: 'DEX case id: generated on save' };
          if (!TYPED_ID_PATTERN.test(caseId)) {
            return { ok: false, message: 'A DEX case id is up to 50 letters, digits, spaces, dots, dashes, slashes or underscores.' };
          }
          return { ok: true, answers: { caseId }, echo: `DEX case id: ${caseId}` };
        },
      }),
      textStep<Answers>({
        id: 'overview',
        title: 'Overview',
        help: 'A sentence or two for colleagues about what this case file covers. Optional.',
        question: () => 'Add a short overview for colleagues, or **skip**.',
        optional: true,
        parse: (typed) => {
          const cleaned = cleanText(typed, 'multiline');
          if (!cleaned.ok) return { ok: false, message: uncleanMessage('The overview', cleaned) };
          const value = cleaned.value;
          const problem = checkFreeText('overview', value, 'multiline') ?? checkOverview(value);
          if (problem) return { ok: false, message: problem.message };
          return { ok: true, answers: { overview: value }, echo: `Overview: ${value || 'none'}` };
        },
      }),
    ],
    async review(turn) {
      const a = turn.answers;
      const activity = outletActivities(turn.user.organisation).find((x) => x.outletActivityId === a.outletActivityId);
      const sameName = checkCaseFileNameUnique(a.name ?? '', await turn.services.caseFiles.listSummaries(turn.user.organisation.organisationId), a.caseFileId);
      return [
        heading('New case file'),
        ...(sameName ? [text(`${MARK.warning} ${sameName.message}`, { weight: 'Bolder' })] : []),
        facts([
          ['Name', a.name ?? ''],
          ['Outlet activity', activity?.name ?? ''],
          [
            'Attendance profile',
            a.clientAttendanceProfileCode
              ? (turn.services.referenceData.labelOf('attendanceProfile', a.clientAttendanceProfileCode) ?? a.clientAttendanceProfileCode)
              : 'Not applicable',
          ],
          ['Unidentified clients', String(a.totalUnidentifiedClients)],
          ['DEX case id', a.caseId ?? 'generated on save'],
          ['Overview', a.overview],
        ]),
      ];
    },
    async save(turn) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      // A save retried after a lost reply finds its own case file already written, and does not write a second.
      let saved = await turn.services.caseFiles.get(org.organisationId, a.caseFileId);
      if (!saved) {
        const created = createCaseFile(
          org,
          {
            organisationId: org.organisationId,
            caseFileId: a.caseFileId,
            caseId: a.caseId ?? generateCaseId(ctx.now),
            name: a.name!,
            overview: a.overview,
            outletActivityId: a.outletActivityId!,
            clientAttendanceProfileCode: a.clientAttendanceProfileCode,
            totalUnidentifiedClients: a.totalUnidentifiedClients,
          },
          ctx,
        );
        const inserted = created.ok ? await turn.services.caseFiles.insert(created.value) : created;
        if (!inserted.ok) {
          const problem = inserted.problems[0]!;
          return { ok: false, message: problem.message, stepId: STEP_OF_FIELD[problem.field] };
        }
        saved = inserted.value;
      }
      return { ok: true, reply: { card: caseFileCreatedCard(saved) } };
    },
  };
}

export function createCaseFileCommand(services: Services): Command<'createCaseFile'> {
  return {
    id: 'createCaseFile',
    title: 'Create a case file',
    description: 'Start a new DEX case file: name, outlet activity, attendance profile, unidentified clients, case id and overview.',
    example: 'new case file for Tuesday seniors group',
    shortCommand: 'new case file',
    writes: true,
    args: z.object({ name: z.string().max(10_000).optional() }),
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
