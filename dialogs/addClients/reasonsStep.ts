import { z } from 'zod';
import { reasonsForm } from '../../cards/clientCards';
import type { FlowStep, FlowTurn } from '../../src/bot/guidedFlow';
import { saysNothing, type Option } from '../../src/bot/stepKit';
import { checkReasons } from '../../src/domain/rules';
import { matchChoice } from '../../src/search/fuzzyMatch';
import { edit, editing, nameOf, oneByOne, type AddClientsAnswers as Answers } from './clientDraft';
import { asChoices, codeOptions, label, required } from './stepSupport';

const ReasonsSubmit = z.object({
  referralSource: required('Referral source is required: pick who directed the client to you'),
  primaryReason: required('Main reason for seeking assistance is required'),
  otherReasons: z.string().trim().optional(),
});

/** "self; money; housing, mental" typed instead of filling in the card: source, main reason, other reasons. */
function readTypedReasons(typed: string, sources: Option[], reasons: Option[]): Record<string, string> | string {
  const [source = '', primary = '', others = ''] = typed.split(/\s*(?:;|\n)\s*/);
  if (!source || !primary)
    return 'Fill in the card, or type the referral source, main reason and other reasons separated by semicolons, e.g. "self; money; housing, mental health".';
  const sourceMatch = matchChoice(source, sources);
  if (!sourceMatch) return `Referral source: I couldn't match "${source}" to an option. Pick from the list.`;
  const primaryMatch = matchChoice(primary, reasons);
  if (!primaryMatch) return `Main reason: I couldn't match "${primary}" to a reason for seeking assistance. Pick from the list.`;
  const otherKeys: string[] = [];
  if (others && !saysNothing(others)) {
    for (const part of others.split(/\s*(?:,| and )\s*/i).filter(Boolean)) {
      const m = matchChoice(part, reasons);
      if (!m) return `Other reasons: I couldn't match "${part}" to a reason for seeking assistance. Pick from the list.`;
      otherKeys.push(m.key);
    }
  }
  return { referralSource: sourceMatch.key, primaryReason: primaryMatch.key, otherReasons: otherKeys.join(',') };
}

export type CheckedReasons = { referralSource: string; primaryReason: string; otherReasons: string[] };

/**
 * One client's referral source and reasons as a card sent them (`prefix` names the inputs of one client
 * among several on a card), checked against the code lists and the one-main-reason rule.
 */
export function checkReasonsSubmit(
  turn: FlowTurn<Answers>,
  raw: Record<string, unknown>,
  who = '',
): { ok: true; value: CheckedReasons } | { ok: false; message: string } {
  const parsed = ReasonsSubmit.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `${who}${parsed.error.issues[0]!.message}.` };
  const v = parsed.data;
  const refData = turn.services.referenceData;
  if (!refData.isValidCode('referralSource', v.referralSource)) return { ok: false, message: `${who}Referral source: "${v.referralSource}" is not an option.` };
  if (!refData.isValidCode('reasonForAssistance', v.primaryReason)) return { ok: false, message: `${who}Main reason: "${v.primaryReason}" is not an option.` };
  const others = [
    ...new Set(
      (v.otherReasons ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = others.find((k) => !refData.isValidCode('reasonForAssistance', k));
  if (unknown) return { ok: false, message: `${who}Other reasons: "${unknown}" is not an option.` };
  if (others.includes(v.primaryReason)) {
    return {
      ok: false,
      message: `${who}Other reasons: "${label(turn, 'reasonForAssistance', v.primaryReason)}" is already the main reason, so untick it under other reasons.`,
    };
  }
  const problem = checkReasons([{ code: v.primaryReason, isPrimary: true }, ...others.map((code) => ({ code, isPrimary: false }))]);
  if (problem) return { ok: false, message: `${who}${problem.message}` };
  return { ok: true, value: { referralSource: v.referralSource, primaryReason: v.primaryReason, otherReasons: others } };
}

export const reasonsStep: FlowStep<Answers> = {
  id: 'reasons',
  title: 'Referral and reasons',
  applies: oneByOne,
  help: 'Referral source: the person or agency that directed the client to you ("Self" if they came on their own). Main reason: the main reason they sought help, which informs service planning. Other reasons: any secondary reasons, or none. You can also type them separated by semicolons, e.g. "self; money; housing, mental health".',
  async ask(turn, retry) {
    const d = editing(turn.answers);
    const draft = retry?.draft;
    const fromDraft = (key: string) => (typeof draft?.[key] === 'string' ? (draft[key] as string) : undefined);
    const draftOthers = fromDraft('otherReasons');
    return {
      card: reasonsForm(nameOf(d), asChoices(codeOptions(turn, 'referralSource')), asChoices(codeOptions(turn, 'reasonForAssistance')), {
        referralSource: fromDraft('referralSource') ?? d.referralSourceCode,
        primaryReason: fromDraft('primaryReason') ?? d.primaryReason,
        otherReasons: draftOthers !== undefined ? draftOthers.split(',').filter(Boolean) : d.otherReasons,
      }),
    };
  },
  async accept(turn, input) {
    const sources = codeOptions(turn, 'referralSource');
    const reasons = codeOptions(turn, 'reasonForAssistance');
    const raw = input.value ?? readTypedReasons(input.text ?? '', sources, reasons);
    if (typeof raw === 'string') return { ok: false, message: raw };
    const checked = checkReasonsSubmit(turn, raw);
    if (!checked.ok) return { ok: false, message: checked.message, draft: raw };
    const v = checked.value;
    const others = v.otherReasons;
    const otherLabels = others.map((k) => label(turn, 'reasonForAssistance', k)).join(', ') || 'none';
    return {
      ok: true,
      answers: edit(turn.answers, { referralSourceCode: v.referralSource, primaryReason: v.primaryReason, otherReasons: others }),
      echo: `${nameOf(editing(turn.answers))}: referred by ${label(turn, 'referralSource', v.referralSource)}; main reason ${label(turn, 'reasonForAssistance', v.primaryReason)}; other reasons ${otherLabels}`,
    };
  },
};
