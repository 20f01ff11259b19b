import type { FlowStep } from '../../src/bot/guidedFlow';
import { choiceStep } from '../../src/bot/stepKit';
import { cleanPersonName, nameSplits } from '../../src/domain/personName';
import { computeSlk } from '../../src/domain/slk';
import { edit, editing, type AddClientsAnswers as Answers } from './clientDraft';

/**
 * "Mary Anne Smith, 3/7/1951, female": which words are the family name decides the SLK, so a typed name of
 * three or more words is not guessed at; the user picks the family name.
 */
export const nameSplitStep: FlowStep<Answers> = choiceStep<Answers>({
  id: 'nameSplit',
  title: 'Family name',
  help: 'The family name (surname) is the name shared with the client’s family, as on their official documents. DEX’s linkage key (SLK) is made from it and the given name, so it must be right.',
  applies: (a) => editing(a).mode === 'new' && editing(a).nameToSplit !== undefined,
  question: (turn) => `Which part of "${editing(turn.answers).nameToSplit}" is the family name?`,
  options: (turn) =>
    nameSplits(editing(turn.answers).nameToSplit ?? '').map((s, i) => ({
      key: String(i),
      label: s.familyName,
      description: `given name ${s.givenName}`,
      extra: [s.familyName],
    })),
  current: (a) => {
    const d = editing(a);
    const at = nameSplits(d.nameToSplit ?? '').findIndex((s) => s.familyName === d.details?.familyName && s.givenName === d.details?.givenName);
    return at >= 0 ? String(at) : undefined;
  },
  pick: ([key], turn) => {
    const d = editing(turn.answers);
    const split = nameSplits(d.nameToSplit ?? '')[Number(key)];
    if (!split || !d.details) return { ok: false, message: 'Pick which part is the family name.' };
    const given = cleanPersonName('givenName', split.givenName);
    const family = cleanPersonName('familyName', split.familyName);
    if (!given.ok) return { ok: false, message: given.problem.message };
    if (!family.ok) return { ok: false, message: family.problem.message };
    const details = {
      ...d.details,
      givenName: given.value,
      familyName: family.value,
      slk: computeSlk({ givenName: given.value, familyName: family.value, birthDate: d.details.birthDate, sex: d.details.gender }),
    };
    return {
      ok: true,
      answers: edit(turn.answers, { details }),
      echo: `Given name: ${details.givenName} · Family name: ${details.familyName}`,
    };
  },
});
