import { z } from 'zod';
import { card, submit } from '../../cards/cardKit';
import { referralsBody } from '../../cards/sessionCards';
import type { Accepted, FlowInput, FlowStep } from '../../src/bot/guidedFlow';
import { choiceStep, labelsOf, saysNothing } from '../../src/bot/stepKit';
import { checkReferrals } from '../../src/domain/rules';
import type { Referral } from '../../src/domain/session';
import type { Answers, Assignment } from './answers';

const PurposeList = z
  .string({ message: 'send the purposes as a comma-separated list of codes' })
  .optional()
  .transform((v) => [
    ...new Set(
      (v ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ]);

/**
 * Up to this many participants, the referral card asks about each of them. A larger group is first asked
 * who was referred, so the card stays short enough to read and within Teams' message size.
 */
const REFERRAL_ROWS = 10;

function referralScope(a: Answers): { index: number; x: Assignment }[] {
  const all = a.assignments.map((x, index) => ({ index, x }));
  return a.assignments.length <= REFERRAL_ROWS ? all : all.filter(({ x }) => a.referredIds?.includes(x.clientId));
}

export function referralsOf(x: Assignment): Referral[] {
  return [
    ...(x.internal.length ? [{ typeCode: 'INTERNAL' as const, purposeCodes: x.internal }] : []),
    ...(x.external.length ? [{ typeCode: 'EXTERNAL' as const, purposeCodes: x.external }] : []),
  ];
}

export function chooseReferred(): FlowStep<Answers> {
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

export function chooseReferrals(): FlowStep<Answers> {
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
      return {
        card: card(referralsBody('Was anyone referred on to another service?', rows, purposes), [submit('Continue', { step: 'referrals' }, 'positive')]),
      };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<Answers>> {
      const value = input.value;
      const updated = turn.answers.assignments.slice();
      if (!value) {
        if (input.text && saysNothing(input.text)) {
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
        if (unknown)
          return { ok: false, message: `Referral purposes for ${x.name}: "${unknown}" is not a referral purpose. Pick from the list.`, draft: value };
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
