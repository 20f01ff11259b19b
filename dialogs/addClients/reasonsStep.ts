import { z } from 'zod';
import { reasonsForm } from '../../cards/clientCards';
import type { FlowStep } from '../../src/bot/guidedFlow';
import { SKIP_WORDS, type Option } from '../../src/bot/stepKit';
import { checkReasons } from '../../src/domain/rules';
import { matchChoice } from '../../src/search/fuzzyMatch';
import { edit, editing, nameOf, type AddClientsAnswers as Answers } from './clientDraft';
import { asChoices, codeOptions, label, required } from './stepSupport';

const ReasonsSubmit = z.object({
  referralSource: required('Referral source is required: pick who directed the client to you'),
  primaryReason: required('Main reason for seeking assistance is required'),
  otherReasons: z.string().trim().optional(),
});

/** "self; money; housing, mental" typed instead of filling in the card: source, main reason, other reasons. */
function readTypedReasons(typed: string, sources: Option[], reasons: Option[]): Record<string, string> | string {
  const [source = '', primary = '', others = ''] = typed.split(/\s*(?:;|\n)\s*/);
  if (!source || !primary) return 'Fill in the card, or type the referral source, main reason and other reasons separated by semicolons, e.g. "self; money; housing, mental health".';
  const sourceMatch = matchChoice(source, sources);
  if (!sourceMatch) return `Referral source: I couldn't match "${source}" to an option. Pick from the list.`;
  const primaryMatch = matchChoice(primary, reasons);
  if (!primaryMatch) return `Main reason: I couldn't match "${primary}" to a reason for seeking assistance. Pick from the list.`;
  const otherKeys: string[] = [];
  if (others && !SKIP_WORDS.has(others.toLowerCase())) {
    for (const part of others.split(/\s*(?:,| and )\s*/i).filter(Boolean)) {
      const m = matchChoice(part, reasons);
      if (!m) return `Other reasons: I couldn't match "${part}" to a reason for seeking assistance. Pick from the list.`;
      otherKeys.push(m.key);
    }
  }
  return { referralSource: sourceMatch.key, primaryReason: primaryMatch.key, otherReasons: otherKeys.join(',') };
}

export const reasonsStep: FlowStep<Answers> = {
  id: 'reasons',
  title: 'Referral and reasons',
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
    const parsed = ReasonsSubmit.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `${parsed.error.issues[0]!.message}.`, draft: raw };
    const v = parsed.data;
    const refData = turn.services.referenceData;
    if (!refData.isValidCode('referralSource', v.referralSource)) return { ok: false, message: `Referral source: "${v.referralSource}" is not an option.`, draft: raw };
    if (!refData.isValidCode('reasonForAssistance', v.primaryReason)) return { ok: false, message: `Main reason: "${v.primaryReason}" is not an option.`, draft: raw };
    const others = [...new Set((v.otherReasons ?? '').split(',').map((k) => k.trim()).filter(Boolean))];
    const unknown = others.find((k) => !refData.isValidCode('reasonForAssistance', k));
    if (unknown) return { ok: false, message: `Other reasons: "${unknown}" is not an option.`, draft: raw };
    if (others.includes(v.primaryReason)) {
      return {
        ok: false,
        message: `Other reasons: "${label(turn, 'reasonForAssistance', v.primaryReason)}" is already the main reason, so untick it under other reasons.`,
        draft: raw,
      };
    }
    const problem = checkReasons([{ code: v.primaryReason, isPrimary: true }, ...others.map((code) => ({ code, isPrimary: false }))]);
    if (problem) return { ok: false, message: problem.message, draft: raw };
    const otherLabels = others.map((k) => label(turn, 'reasonForAssistance', k)).join(', ') || 'none';
    return {
      ok: true,
      answers: edit(turn.answers, { referralSourceCode: v.referralSource, primaryReason: v.primaryReason, otherReasons: others }),
      echo: `${nameOf(editing(turn.answers))}: referred by ${label(turn, 'referralSource', v.referralSource)}; main reason ${label(turn, 'reasonForAssistance', v.primaryReason)}; other reasons ${otherLabels}`,
    };
  },
};
