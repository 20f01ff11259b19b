/**
 * The card that asks for a client's DEX details in one go: only the fields asked for, each empty until the
 * user picks something (no default is ever pre-selected), long lists searchable with the common answers first.
 */
import { SUBURB_MAX } from '../src/domain/client';
import type { ClientDetailField } from '../src/domain/clientDetails';
import { card, choiceSet, container, heading, submit, text, textInput, type AdaptiveCard, type CardElement, type Choice } from './cardKit';

/** What the card shows as already chosen: the user's earlier answers (after a re-ask) or the stored ones. */
export type ClientDetailsValues = Partial<Record<DetailInputId, string>>;

export const DETAIL_INPUTS = {
  consentToProvideDetails: ['consent'],
  consentedForFutureContacts: ['futureContact'],
  isUsingPseudonym: ['pseudonym'],
  countryOfBirthCode: ['country'],
  languageSpokenAtHomeCode: ['language'],
  aboriginalOrTorresStraitIslanderOriginCode: ['atsi'],
  hasDisabilities: ['hasDisability'],
  disabilityCodes: ['disabilities'],
  residentialAddress: ['suburb', 'state', 'postcode'],
  homelessIndicatorCode: ['homeless'],
  educationLevelCode: ['education'],
  employmentStatusCode: ['employment'],
  isClientACarer: ['carer'],
  ndisEligibilityCode: ['ndis'],
} as const satisfies Record<ClientDetailField, readonly string[]>;
export type DetailInputId = (typeof DETAIL_INPUTS)[ClientDetailField][number];

export type ClientDetailsChoices = {
  country: Choice[];
  language: Choice[];
  atsi: Choice[];
  disability: Choice[];
  state: Choice[];
  homeless: Choice[];
  education: Choice[];
  employment: Choice[];
  ndis: Choice[];
};

const YES_NO: Choice[] = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];

function inputsFor(field: ClientDetailField, v: ClientDetailsValues, c: ClientDetailsChoices): CardElement[] {
  switch (field) {
    case 'consentToProvideDetails':
      return [choiceSet('consent', 'Has the client agreed to their details being provided to DSS?', YES_NO, { value: v.consent, style: 'expanded' })];
    case 'consentedForFutureContacts':
      return [
        choiceSet('futureContact', 'Has the client agreed to be contacted by DSS in future (for research or evaluation)?', YES_NO, {
          value: v.futureContact,
          style: 'expanded',
        }),
      ];
    case 'isUsingPseudonym':
      return [choiceSet('pseudonym', 'Is the name given a pseudonym (not their real name)?', YES_NO, { value: v.pseudonym, style: 'expanded' })];
    case 'countryOfBirthCode':
      return [choiceSet('country', 'Country of birth', c.country, { value: v.country, style: 'filtered', placeholder: 'Type to search, e.g. Australia' })];
    case 'languageSpokenAtHomeCode':
      return [
        choiceSet('language', 'Main language spoken at home', c.language, {
          value: v.language,
          style: 'filtered',
          placeholder: 'Type to search, e.g. English',
        }),
      ];
    case 'aboriginalOrTorresStraitIslanderOriginCode':
      return [choiceSet('atsi', 'Aboriginal or Torres Strait Islander origin', c.atsi, { value: v.atsi, style: 'compact', placeholder: 'Choose one' })];
    case 'hasDisabilities':
      return [
        choiceSet('hasDisability', 'Does the client have a disability, impairment or medical condition?', YES_NO, {
          value: v.hasDisability,
          style: 'expanded',
        }),
      ];
    case 'disabilityCodes':
      return [choiceSet('disabilities', 'If yes, which kinds (tick all that apply)', c.disability, { value: v.disabilities, multi: true, style: 'expanded' })];
    case 'residentialAddress':
      return [
        textInput('suburb', 'Suburb or town where they live', { value: v.suburb, maxLength: SUBURB_MAX }),
        choiceSet('state', 'State or territory', c.state, { value: v.state, style: 'compact', placeholder: 'Choose one' }),
        textInput('postcode', 'Postcode', { value: v.postcode, maxLength: 4, placeholder: '4 digits, e.g. 2150 or 0800' }),
      ];
    case 'homelessIndicatorCode':
      return [choiceSet('homeless', 'Homelessness', c.homeless, { value: v.homeless, style: 'compact', placeholder: 'Not asked' })];
    case 'educationLevelCode':
      return [choiceSet('education', 'Highest level of education', c.education, { value: v.education, style: 'compact', placeholder: 'Not asked' })];
    case 'employmentStatusCode':
      return [choiceSet('employment', 'Employment', c.employment, { value: v.employment, style: 'compact', placeholder: 'Not asked' })];
    case 'isClientACarer':
      return [choiceSet('carer', 'Is the client a carer for someone?', YES_NO, { value: v.carer, style: 'expanded' })];
    case 'ndisEligibilityCode':
      return [choiceSet('ndis', 'NDIS eligibility', c.ndis, { value: v.ndis, style: 'compact', placeholder: 'Not asked' })];
  }
}

export type ClientDetailsForm = {
  title: string;
  intro?: string;
  required: readonly ClientDetailField[];
  optional: readonly ClientDetailField[];
  values: ClientDetailsValues;
  choices: ClientDetailsChoices;
  /** What the Continue button sends besides the inputs, so a flow can tell this card's submit apart. */
  submitData: Record<string, unknown>;
};

export function clientDetailsCard(f: ClientDetailsForm): AdaptiveCard {
  const body: CardElement[] = [heading(f.title)];
  if (f.intro) body.push(text(f.intro, { subtle: true }));
  for (const field of f.required) body.push(...inputsFor(field, f.values, f.choices));
  if (f.optional.length) {
    body.push(
      container(
        [
          text('Optional: DEX accepts these but does not require them. Leave blank what was not asked.', { weight: 'Bolder' }),
          ...f.optional.flatMap((field) => inputsFor(field, f.values, f.choices)),
        ],
        { separator: true },
      ),
    );
  }
  return card(body, [submit('Continue', f.submitData, 'positive')]);
}
