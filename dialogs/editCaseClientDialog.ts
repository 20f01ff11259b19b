import { z } from 'zod';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowTurn } from '../src/bot/guidedFlow';
import { choiceStep, labelsOf, type Option } from '../src/bot/stepKit';
import type { CaseClient } from '../src/domain/caseFile';
import { editCaseClient, removeCaseClient, whyClientCannotBeRemoved } from '../src/domain/caseFileCorrections';
import { clientDisplayName } from '../src/domain/client';
import type { CodeListName } from '../src/domain/referenceData';
import { fuzzyFind } from '../src/search/fuzzyMatch';
import type { Services } from '../src/services';
import { requireChosenCaseFile } from './caseFileChoice';
import { caseFileStepThen, correctedCard, CorrectionBase, CorrectionStartOptions, reviewBody, saveResult, startOnCaseFile } from './correctionSupport';
import { changeContext } from './changeContext';

const ACTIONS = ['referralSourceCode', 'reasons', 'exitReasonCode', 'remove'] as const;
const Action = z.enum(ACTIONS);
type Action = z.infer<typeof Action>;
const ACTION_LABELS: Record<Action, string> = {
  referralSourceCode: 'Change the referral source',
  reasons: 'Change the reasons for seeking assistance',
  exitReasonCode: 'Record or change the exit reason',
  remove: 'Remove from this case file',
};

const SAVED: Record<Exclude<Action, 'remove'>, string> = {
  referralSourceCode: 'Referral source changed',
  reasons: 'Reasons for seeking assistance changed',
  exitReasonCode: 'Exit reason changed',
};

const Reason = z.object({ code: z.string(), isPrimary: z.boolean() });
const Shown = z.object({ referralSourceCode: z.string().nullable(), reasons: z.array(Reason), exitReasonCode: z.string().nullable() });
type Shown = z.infer<typeof Shown>;

export const EditCaseClientAnswers = CorrectionBase.extend({
  clientId: z.string().optional(),
  clientName: z.string().optional(),
  action: Action.optional(),
  shown: Shown.optional(),
  referralSourceCode: z.string().nullable().optional(),
  primaryReason: z.string().optional(),
  otherReasons: z.array(z.string()).optional(),
  exitReasonCode: z.string().nullable().optional(),
});
type Answers = z.infer<typeof EditCaseClientAnswers>;

const NOT_LEFT = 'NOTLEFT';

function shownOf(c: CaseClient): Shown {
  return { referralSourceCode: c.referralSourceCode ?? null, reasons: c.reasons, exitReasonCode: c.exitReasonCode ?? null };
}

function codes(turn: FlowTurn<Answers>, list: CodeListName): Option[] {
  return turn.services.referenceData.codesOf(list).map((c) => ({ key: c.code, label: c.label }));
}

function labelOf(turn: FlowTurn<Answers>, list: CodeListName, code: string | null | undefined): string {
  return code ? (turn.services.referenceData.labelOf(list, code) ?? code) : 'none';
}

function reasonsWording(turn: FlowTurn<Answers>, reasons: { code: string; isPrimary: boolean }[]): string {
  const main = reasons.find((r) => r.isPrimary);
  const others = reasons.filter((r) => !r.isPrimary).map((r) => labelOf(turn, 'reasonForAssistance', r.code));
  return `main: ${labelOf(turn, 'reasonForAssistance', main?.code)}; other: ${others.join(', ') || 'none'}`;
}

function newReasons(a: Answers): { code: string; isPrimary: boolean }[] {
  return [
    { code: a.primaryReason!, isPrimary: true },
    ...(a.otherReasons ?? []).filter((c) => c !== a.primaryReason).map((code) => ({ code, isPrimary: false })),
  ];
}

/** Only what the user changed compared with what they were shown, so a colleague's other changes stay. */
function changedPatch(a: Answers) {
  const shown = a.shown!;
  if (a.action === 'referralSourceCode' && a.referralSourceCode !== undefined && a.referralSourceCode !== shown.referralSourceCode)
    return { referralSourceCode: a.referralSourceCode };
  if (a.action === 'exitReasonCode' && a.exitReasonCode !== undefined && a.exitReasonCode !== shown.exitReasonCode) return { exitReasonCode: a.exitReasonCode };
  if (a.action === 'reasons' && a.primaryReason && JSON.stringify(newReasons(a)) !== JSON.stringify(shown.reasons)) return { reasons: newReasons(a) };
  return {};
}

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: 'editCaseClient',
    title: 'Correct a client on a case file',
    async start(turn, raw) {
      const started = await startOnCaseFile(turn, raw, 'there is no client to correct');
      if ('refuse' in started) return { refuse: started.refuse };
      const { base, options } = started;
      let picked: Partial<Answers> = {};
      const cf = base.caseFileId ? await turn.services.caseFiles.get(turn.user.organisation.organisationId, base.caseFileId) : undefined;
      if (cf && (options.clientId || options.clientName)) {
        const people = await turn.services.clients.getMany(
          turn.user.organisation.organisationId,
          cf.clients.map((c) => c.clientId),
        );
        const named = people.map((p) => ({ key: p.clientId, label: clientDisplayName(p) }));
        // A name from the sentence is used only when it fits exactly one client of the case file; otherwise the list is shown.
        const found = options.clientId ? named.filter((p) => p.key === options.clientId) : fuzzyFind(options.clientName!, named, 2);
        const onCase = found.length === 1 ? cf.clients.find((c) => c.clientId === found[0]!.key) : undefined;
        if (onCase) picked = { clientId: onCase.clientId, clientName: found[0]!.label, shown: shownOf(onCase) };
      }
      const action = Action.safeParse(options.field);
      if (cf && picked.clientId && action.data === 'remove') {
        const refused = whyClientCannotBeRemoved(cf, picked.clientId, turn.services.clock(), turn.user.organisation.timeZone);
        if (refused) return { refuse: { text: `${picked.clientName} cannot be removed from "${cf.name}". ${refused.message}` } };
      }
      return { answers: EditCaseClientAnswers.parse({ ...base, ...picked, action: picked.clientId && action.success ? action.data : undefined }) };
    },
    steps: [
      caseFileStepThen<Answers>('is the client on', () => ({ clientId: undefined, shown: undefined })),
      choiceStep<Answers>({
        id: 'client',
        title: 'Client',
        help: 'Pick the client whose place on this case file you want to correct. To change their own details (name, birth date), use the client details instead.',
        applies: (a) => a.clientId === undefined,
        question: (turn) => `Which client of "${turn.answers.caseFileName}"?`,
        options: async (turn) => {
          const cf = await requireChosenCaseFile(turn);
          const people = await turn.services.clients.getMany(
            turn.user.organisation.organisationId,
            cf.clients.map((c) => c.clientId),
          );
          return cf.clients.map((c) => {
            const person = people.find((p) => p.clientId === c.clientId);
            return { key: c.clientId, label: person ? clientDisplayName(person) : c.clientId, description: c.clientId };
          });
        },
        current: (a) => a.clientId,
        pick: async ([key], turn, options) => {
          const cf = await requireChosenCaseFile(turn);
          const onCase = cf.clients.find((c) => c.clientId === key);
          if (!onCase) return { ok: false, message: 'That client is no longer on the case file. Pick another.' };
          const label = labelsOf([key!], options);
          return { ok: true, answers: { clientId: key, clientName: label, shown: shownOf(onCase) }, echo: `Client: ${label}` };
        },
      }),
      choiceStep<Answers>({
        id: 'action',
        title: 'What to correct',
        help: 'The referral source is who sent the client to you; the reasons are why they sought help; the exit reason records why they left the service. Removing takes them off this case file only.',
        applies: (a) => a.action === undefined,
        question: (turn) => `What do you want to do for ${turn.answers.clientName}?`,
        options: () => ACTIONS.map((x) => ({ key: x, label: ACTION_LABELS[x] })),
        current: (a) => a.action,
        pick: async ([key], turn) => {
          const action = Action.parse(key);
          if (action === 'remove') {
            const cf = await requireChosenCaseFile(turn);
            const refused = whyClientCannotBeRemoved(cf, turn.answers.clientId!, turn.services.clock(), turn.user.organisation.timeZone);
            if (refused) return { ok: false, message: `${turn.answers.clientName} cannot be removed from "${cf.name}". ${refused.message}` };
          }
          return { ok: true, answers: { action }, echo: ACTION_LABELS[action] };
        },
      }),
      choiceStep<Answers>({
        id: 'referralSource',
        title: 'Referral source',
        help: 'The person or agency that directed the client to you ("Self" if they came on their own).',
        applies: (a) => a.action === 'referralSourceCode',
        question: (turn) =>
          `${turn.answers.clientName}'s referral source is ${labelOf(turn, 'referralSource', turn.answers.shown?.referralSourceCode)}. Who referred them?`,
        options: (turn) => codes(turn, 'referralSource'),
        current: (a) => a.referralSourceCode ?? a.shown?.referralSourceCode ?? undefined,
        pick: ([key], _turn, options) => ({ ok: true, answers: { referralSourceCode: key }, echo: `Referral source: ${labelsOf([key!], options)}` }),
      }),
      choiceStep<Answers>({
        id: 'primaryReason',
        title: 'Main reason',
        help: 'The main reason the client sought assistance.',
        applies: (a) => a.action === 'reasons',
        question: (turn) => `Reasons now: ${reasonsWording(turn, turn.answers.shown?.reasons ?? [])}. What is the main reason?`,
        options: (turn) => codes(turn, 'reasonForAssistance'),
        current: (a) => a.primaryReason ?? a.shown?.reasons.find((r) => r.isPrimary)?.code,
        pick: ([key], _turn, options) => ({ ok: true, answers: { primaryReason: key }, echo: `Main reason: ${labelsOf([key!], options)}` }),
      }),
      choiceStep<Answers>({
        id: 'otherReasons',
        title: 'Other reasons',
        help: 'Any secondary reasons, or none (type **none**).',
        applies: (a) => a.action === 'reasons',
        question: () => 'Any other reasons?',
        options: (turn) => codes(turn, 'reasonForAssistance').filter((o) => o.key !== turn.answers.primaryReason),
        multi: true,
        allowNone: true,
        current: (a) => a.otherReasons ?? a.shown?.reasons.filter((r) => !r.isPrimary).map((r) => r.code),
        pick: (keys, _turn, options) => ({ ok: true, answers: { otherReasons: keys }, echo: `Other reasons: ${labelsOf(keys, options)}` }),
      }),
      choiceStep<Answers>({
        id: 'exitReason',
        title: 'Exit reason',
        help: 'Why the client left the service. Choose "Has not left" to clear an exit reason recorded by mistake.',
        applies: (a) => a.action === 'exitReasonCode',
        question: (turn) =>
          `${turn.answers.clientName}'s exit reason is ${labelOf(turn, 'exitReason', turn.answers.shown?.exitReasonCode)}. Why did they leave?`,
        options: (turn) => [...codes(turn, 'exitReason'), { key: NOT_LEFT, label: 'Has not left' }],
        current: (a) => (a.exitReasonCode === undefined ? (a.shown?.exitReasonCode ?? undefined) : (a.exitReasonCode ?? NOT_LEFT)),
        pick: ([key], _turn, options) => ({
          ok: true,
          answers: { exitReasonCode: key === NOT_LEFT ? null : key },
          echo: `Exit reason: ${labelsOf([key!], options)}`,
        }),
      }),
    ],
    removal: (a) => (a.action === 'remove' ? 'Remove from case file' : undefined),
    async review(turn) {
      const a = turn.answers;
      const title = `${a.clientName} on "${a.caseFileName}"`;
      if (a.action === 'remove')
        return reviewBody(
          `Remove ${a.clientName} from "${a.caseFileName}"?`,
          [],
          ['They stay in your organisation’s client list and on any other case file; only their place on this case file goes.'],
        );
      const shown = a.shown!;
      const row =
        a.action === 'referralSourceCode'
          ? {
              label: 'Referral source',
              before: labelOf(turn, 'referralSource', shown.referralSourceCode),
              after: labelOf(turn, 'referralSource', a.referralSourceCode),
            }
          : a.action === 'exitReasonCode'
            ? { label: 'Exit reason', before: labelOf(turn, 'exitReason', shown.exitReasonCode), after: labelOf(turn, 'exitReason', a.exitReasonCode) }
            : { label: 'Reasons', before: reasonsWording(turn, shown.reasons), after: reasonsWording(turn, newReasons(a)) };
      return reviewBody(`Correct ${title}`, [row]);
    },
    async save(turn, operationId) {
      const a = turn.answers;
      const org = turn.user.organisation;
      const ctx = changeContext(turn);
      if (a.action === 'remove') {
        const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => removeCaseClient(cf, a.clientId!, ctx), operationId);
        return saveResult(result, { clientId: 'action' }, (cf) =>
          correctedCard(`Removed ${a.clientName}`, `${a.clientName} is no longer on "${cf.name}".`, cf),
        );
      }
      const patch = changedPatch(a);
      if (Object.keys(patch).length === 0)
        return {
          ok: false,
          message: 'Every value is as it was, so there is nothing to save. Choose something to change, or type **cancel**.',
          stepId: 'action',
        };
      const result = await turn.services.caseFiles.update(org.organisationId, a.caseFileId!, (cf) => editCaseClient(cf, a.clientId!, patch, ctx), operationId);
      return saveResult(result, { reasons: 'primaryReason' }, (cf) =>
        correctedCard(
          `Saved ${a.clientName}`,
          `${SAVED[a.action as Exclude<Action, 'remove'>]} for ${a.clientName} on "${cf.name}". The change is in the case file's history.`,
          cf,
        ),
      );
    },
  };
}

export function editCaseClientCommand(services: Services): Command<'editCaseClient'> {
  return {
    id: 'editCaseClient',
    title: 'Correct a client on a case file',
    description: 'Change a client’s referral source, reasons for seeking assistance or exit reason on a case file, or remove them from it.',
    example: 'change the referral source of Alice in Tuesday seniors group',
    writes: true,
    args: CorrectionStartOptions,
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
