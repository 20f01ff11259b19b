import { z } from 'zod';
import { anotherClientCard, type PendingClient } from '../../cards/clientCards';
import type { FlowStep, FlowTurn } from '../../src/bot/guidedFlow';
import { allClients, clientIdOf, nameOf, oneByOne, type AddClientsAnswers as Answers, type Draft } from './clientDraft';
import { label } from './stepSupport';

function summaryOf(turn: FlowTurn<Answers>, d: Draft): string {
  const others = d.otherReasons.map((k) => label(turn, 'reasonForAssistance', k)).join(', ');
  return [
    `Referred by ${label(turn, 'referralSource', d.referralSourceCode)}`,
    `main reason ${label(turn, 'reasonForAssistance', d.primaryReason)}`,
    ...(others ? [`other reasons ${others}`] : []),
  ].join('; ');
}

function pendingOf(turn: FlowTurn<Answers>, list: Draft[]): PendingClient[] {
  return list.map((d) => ({ clientId: clientIdOf(d)!, name: nameOf(d), isNew: d.mode === 'new', summary: summaryOf(turn, d) }));
}

const AnotherSubmit = z.union([z.object({ remove: z.string().min(1) }), z.object({ another: z.enum(['yes', 'no']) })]);

export const anotherStep: FlowStep<Answers> = {
  id: 'another',
  title: 'Add another client?',
  applies: oneByOne,
  help: 'You can add several clients in one go: choose **Add another client** to find the next person, or **No** to check the list and save. **Remove** takes a client off this list before anything is saved.',
  async ask(turn) {
    const next = turn.answers.namesToFind;
    return {
      ...(next.length ? { text: `Still to add from your message: ${next.join(', ')}. Choose **Add another client** to find ${next[0]}.` } : {}),
      card: anotherClientCard(pendingOf(turn, allClients(turn.answers))),
    };
  },
  async accept(turn, input) {
    const all = allClients(turn.answers);
    const cleared = { current: { otherReasons: [] }, pending: all };
    let submitted: z.infer<typeof AnotherSubmit>;
    if (input.value) {
      const parsed = AnotherSubmit.safeParse(input.value);
      if (!parsed.success) return { ok: false, message: 'Add another client: choose Add another client or No.' };
      submitted = parsed.data;
    } else {
      const typed = (input.text ?? '').toLowerCase();
      if (/^(?:y|yes|yep|another|add another(?: client)?)$/.test(typed)) submitted = { another: 'yes' };
      // "no that's all" and "nope, done" are one answer, not two.
      else if (/^(?:n|no|nope|no more|(?:(?:no|nope)[\s,.!-]+)?(?:(?:i'?m |all )?done|that'?s all|that'?s it|(?:i'?m )?finish(?:ed)?))[.!]*$/.test(typed))
        submitted = { another: 'no' };
      else return { ok: false, message: 'Add another client: answer **yes** or **no**.' };
    }
    if ('remove' in submitted) {
      const removed = all.find((d) => clientIdOf(d) === submitted.remove);
      if (!removed) return { ok: false, message: 'That client is not in the list any more.' };
      const rest = all.filter((d) => d !== removed);
      const echo = `Removed ${nameOf(removed)} from the list`;
      if (rest.length === 0) return { ok: true, answers: { current: { otherReasons: [] }, pending: [], named: [], search: undefined }, echo, goTo: 'search' };
      return { ok: true, answers: { ...cleared, pending: rest }, echo, goTo: 'another' };
    }
    if (submitted.another === 'yes') {
      const [next, ...later] = turn.answers.namesToFind;
      return {
        ok: true,
        answers: { ...cleared, search: next, namesToFind: later },
        echo: next ? `Add another client: ${next}` : 'Add another client: yes',
        goTo: next ? 'pick' : 'search',
      };
    }
    if (all.length === 0) return { ok: true, answers: { ...cleared, search: undefined }, echo: 'No clients chosen yet', goTo: 'search' };
    return { ok: true, answers: cleared, echo: 'Add another client: no' };
  },
};
