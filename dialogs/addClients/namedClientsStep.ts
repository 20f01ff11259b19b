import { reasonsForSeveralForm } from '../../cards/clientCards';
import { CHECK_AND_SAVE, type FlowStep, type StartTurn } from '../../src/bot/guidedFlow';
import type { CaseFile } from '../../src/domain/caseFile';
import { clientNamed } from '../assignParticipants/answers';
import { clientIdOf, type AddClientsAnswers as Answers, type ClientRef, type Draft } from './clientDraft';
import { checkReasonsSubmit } from './reasonsStep';
import { asChoices, birthYear, codeOptions, label } from './stepSupport';

/**
 * The clients a sentence named ("add Margaret Nguyen and Harold to …") that are each exactly one person in
 * the organisation's client list and not yet on the case file. The others are left to be searched one by
 * one, where a name that fits several people or nobody is chosen from the matches or created.
 */
export async function namedExistingClients(turn: StartTurn, cf: CaseFile, names: readonly string[]): Promise<{ named: ClientRef[]; toFind: string[] }> {
  const listing = await turn.services.clients.listForSearch(turn.user.organisation.organisationId);
  const people = listing.map((c) => ({ ...c, name: `${c.givenName} ${c.familyName}` }));
  const onCase = new Set(cf.clients.map((c) => c.clientId));
  const named: ClientRef[] = [];
  const toFind: string[] = [];
  for (const said of names) {
    const found = clientNamed(said, people);
    if (!found || onCase.has(found.clientId) || named.some((n) => n.clientId === found.clientId)) toFind.push(said);
    else named.push({ clientId: found.clientId, givenName: found.givenName, familyName: found.familyName, birthDate: found.birthDate });
  }
  return { named, toFind };
}

const draftOf = (a: Answers, clientId: string) => a.pending.find((d) => clientIdOf(d) === clientId);

/**
 * One card with the referral source and reasons of every client the sentence named, instead of one card
 * (and one "add another" question) per client. The same checks as the one-client card apply to each.
 */
export const namedReasonsStep: FlowStep<Answers> = {
  id: 'namedReasons',
  title: 'Referral and reasons',
  help: 'For each client: the referral source (who directed them to you, "Self" if they came on their own), the main reason they sought help, and any other reasons.',
  applies: (a) => a.named.length > 0,
  async ask(turn, retry) {
    const a = turn.answers;
    const draft = retry?.draft ?? {};
    const fromDraft = (key: string) => (typeof draft[key] === 'string' ? (draft[key] as string) : undefined);
    const rows = a.named.map((p, i) => {
      const earlier = draftOf(a, p.clientId);
      const others = fromDraft(`otherReasons_${i}`);
      return {
        name: `${p.givenName} ${p.familyName}`,
        born: birthYear(p.birthDate),
        values: {
          referralSource: fromDraft(`referralSource_${i}`) ?? earlier?.referralSourceCode,
          primaryReason: fromDraft(`primaryReason_${i}`) ?? earlier?.primaryReason,
          otherReasons: others !== undefined ? others.split(',').filter(Boolean) : (earlier?.otherReasons ?? []),
        },
      };
    });
    return { card: reasonsForSeveralForm(rows, asChoices(codeOptions(turn, 'referralSource')), asChoices(codeOptions(turn, 'reasonForAssistance'))) };
  },
  async accept(turn, input) {
    const a = turn.answers;
    if (!input.value) return { ok: false, message: 'Fill in the referral source and main reason for each client on the card, then choose Continue.' };
    const drafts: Draft[] = [];
    for (const [i, p] of a.named.entries()) {
      const raw = {
        referralSource: input.value[`referralSource_${i}`],
        primaryReason: input.value[`primaryReason_${i}`],
        otherReasons: input.value[`otherReasons_${i}`],
      };
      const checked = checkReasonsSubmit(turn, raw, `${p.givenName} ${p.familyName}: `);
      if (!checked.ok) return { ok: false, message: checked.message, draft: input.value };
      const v = checked.value;
      drafts.push({ mode: 'existing', existing: p, referralSourceCode: v.referralSource, primaryReason: v.primaryReason, otherReasons: v.otherReasons });
    }
    // Coming back to this card replaces what it gave before rather than adding the clients twice.
    const namedIds = new Set(a.named.map((p) => p.clientId));
    const pending = [...a.pending.filter((d) => !namedIds.has(clientIdOf(d) ?? '')), ...drafts];
    const echo = drafts
      .map((d) => `${d.existing!.givenName} ${d.existing!.familyName}: referred by ${label(turn, 'referralSource', d.referralSourceCode)}`)
      .join('; ');
    // Names still to find go through the one-by-one search; with none left, the list is ready to check.
    return { ok: true, answers: { pending, current: { otherReasons: [] } }, echo, goTo: a.search ? 'pick' : CHECK_AND_SAVE };
  },
};
