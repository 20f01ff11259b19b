import { clientDetailsCard } from '../../cards/clientDetailsCards';
import type { FlowStep } from '../../src/bot/guidedFlow';
import { OPTIONAL_CLIENT_DETAILS, REQUIRED_CLIENT_DETAILS } from '../../src/domain/clientDetails';
import { detailChoices, readClientDetails, submittedValues, valuesOfClient } from '../clientDetails/detailsInput';
import { edit, editing, nameOf, type AddClientsAnswers as Answers } from './clientDraft';

/** Consent is asked on the check card, beside the duplicate warning; this card asks the rest DEX requires. */
const ASKED_HERE = REQUIRED_CLIENT_DETAILS.filter((f) => f !== 'consentToProvideDetails' && f !== 'consentedForFutureContacts');

export const dexDetailsStep: FlowStep<Answers> = {
  id: 'dexDetails',
  title: 'Details DEX requires',
  help: 'DEX needs these for every client: whether the name is a pseudonym, country of birth, main language at home, Aboriginal or Torres Strait Islander origin, disability and where they live (suburb, state, postcode). Type in the country and language boxes to search. If the client would rather not say, choose "Not stated". The optional questions at the end can stay blank.',
  applies: (a) => editing(a).mode === 'new',
  async ask(turn, retry) {
    const d = editing(turn.answers);
    const values = retry?.draft ? submittedValues(retry.draft) : valuesOfClient(d.dexDetails ?? {});
    return {
      card: clientDetailsCard({
        title: `About ${nameOf(d)}`,
        intro: 'DEX requires the questions above the line. Type in the country and language boxes to search.',
        required: ASKED_HERE,
        optional: OPTIONAL_CLIENT_DETAILS,
        values,
        choices: detailChoices(turn.services.referenceData),
        submitData: { step: 'dexDetails' },
      }),
    };
  },
  async accept(turn, input) {
    if (!input.value) return { ok: false, message: 'Fill in the card and press Continue: these answers come from lists, so the card is the quickest way.' };
    const read = readClientDetails(input.value, ASKED_HERE, OPTIONAL_CLIENT_DETAILS, turn.services.referenceData);
    if (!read.ok) return { ok: false, message: read.message, draft: input.value };
    const ref = turn.services.referenceData;
    const c = read.change;
    const place = c.residentialAddress ? `${c.residentialAddress.suburb} ${c.residentialAddress.state} ${c.residentialAddress.postcode}` : '';
    return {
      ok: true,
      answers: edit(turn.answers, { dexDetails: c }),
      echo: `${nameOf(editing(turn.answers))}: born in ${ref.labelOf('country', c.countryOfBirthCode!) ?? c.countryOfBirthCode}, speaks ${ref.labelOf('language', c.languageSpokenAtHomeCode!) ?? c.languageSpokenAtHomeCode} at home, lives in ${place}`,
    };
  },
};
