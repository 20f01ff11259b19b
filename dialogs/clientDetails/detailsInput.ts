/**
 * Reads the client-details card: every field the card asked for as required must be answered, optional ones
 * may stay blank, and nothing the user did not pick is recorded. The rules (codes on the DEX lists, postcode
 * in the state, disabilities after a yes) are the domain's.
 */
import { DETAIL_INPUTS, type ClientDetailsChoices, type ClientDetailsValues, type DetailInputId } from '../../cards/clientDetailsCards';
import type { Choice } from '../../cards/cardKit';
import { StateCodeSchema, type Client } from '../../src/domain/client';
import { CLIENT_DETAIL_LABELS, checkClientDetails, type ClientDetailField, type ClientDetailsChange } from '../../src/domain/clientDetails';
import { commonFirst } from '../../src/domain/commonAnswers';
import type { CodeListName, ReferenceData } from '../../src/domain/referenceData';

export type DetailsRead = { ok: true; change: ClientDetailsChange } | { ok: false; message: string };

function choicesOf(referenceData: ReferenceData, list: CodeListName): Choice[] {
  return commonFirst(referenceData, list).map((c) => ({ title: c.label, value: c.code }));
}

export function detailChoices(referenceData: ReferenceData): ClientDetailsChoices {
  return {
    country: choicesOf(referenceData, 'country'),
    language: choicesOf(referenceData, 'language'),
    atsi: choicesOf(referenceData, 'aboriginalOrTorresStraitIslanderOrigin'),
    disability: choicesOf(referenceData, 'disability'),
    state: choicesOf(referenceData, 'state'),
    homeless: choicesOf(referenceData, 'homelessIndicator'),
    education: choicesOf(referenceData, 'educationLevel'),
    employment: choicesOf(referenceData, 'employmentStatus'),
    ndis: choicesOf(referenceData, 'ndisEligibility'),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The card's submitted inputs as trimmed strings, blanks dropped. */
export function submittedValues(value: Record<string, unknown> | undefined): ClientDetailsValues {
  const out: ClientDetailsValues = {};
  for (const ids of Object.values(DETAIL_INPUTS)) {
    for (const id of ids as readonly DetailInputId[]) {
      const v = value?.[id];
      if (typeof v === 'string' && v.trim() !== '') out[id] = v.trim();
    }
  }
  return out;
}

/** A stored client's details as the card's values, so a correction starts from what is recorded. */
export function valuesOfClient(c: Partial<Client>): ClientDetailsValues {
  const yn = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'yes' : 'no');
  const entries: [DetailInputId, string | undefined][] = [
    ['consent', yn(c.consentToProvideDetails)],
    ['futureContact', yn(c.consentedForFutureContacts)],
    ['pseudonym', yn(c.isUsingPseudonym)],
    ['country', c.countryOfBirthCode],
    ['language', c.languageSpokenAtHomeCode],
    ['atsi', c.aboriginalOrTorresStraitIslanderOriginCode],
    ['hasDisability', yn(c.hasDisabilities)],
    ['disabilities', c.disabilityCodes?.join(',')],
    ['suburb', c.residentialAddress?.suburb],
    ['state', c.residentialAddress?.state],
    ['postcode', c.residentialAddress?.postcode],
    ['homeless', c.homelessIndicatorCode],
    ['education', c.educationLevelCode],
    ['employment', c.employmentStatusCode],
    ['carer', yn(c.isClientACarer)],
    ['ndis', c.ndisEligibilityCode],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as ClientDetailsValues;
}

/**
 * The change the card asks for. `required` fields must be answered; `optional` ones are read when given.
 * A yes to disability needs at least one kind; the kinds are ignored after a no.
 */
export function readClientDetails(
  value: Record<string, unknown> | undefined,
  required: readonly ClientDetailField[],
  optional: readonly ClientDetailField[],
  referenceData: ReferenceData,
): DetailsRead {
  const v = submittedValues(value);
  const asked = new Set([...required, ...optional]);
  const change: ClientDetailsChange = {};
  const missing = (field: ClientDetailField): DetailsRead => ({
    ok: false,
    message: `${capitalise(CLIENT_DETAIL_LABELS[field])}: please answer this; choose "Not stated" where the list has it if the client would rather not say.`,
  });
  const yesNo = (id: DetailInputId): boolean | undefined | 'bad' => (v[id] === undefined ? undefined : v[id] === 'yes' ? true : v[id] === 'no' ? false : 'bad');
  const booleans: [ClientDetailField, DetailInputId, keyof ClientDetailsChange][] = [
    ['consentToProvideDetails', 'consent', 'consentToProvideDetails'],
    ['consentedForFutureContacts', 'futureContact', 'consentedForFutureContacts'],
    ['isUsingPseudonym', 'pseudonym', 'isUsingPseudonym'],
    ['hasDisabilities', 'hasDisability', 'hasDisabilities'],
    ['isClientACarer', 'carer', 'isClientACarer'],
  ];
  for (const [field, id, key] of booleans) {
    if (!asked.has(field)) continue;
    const b = yesNo(id);
    if (b === 'bad') return { ok: false, message: `${capitalise(CLIENT_DETAIL_LABELS[field])}: answer Yes or No.` };
    if (b === undefined && required.includes(field)) return missing(field);
    if (b !== undefined) (change as Record<string, unknown>)[key] = b;
  }
  const codes: [ClientDetailField, DetailInputId][] = [
    ['countryOfBirthCode', 'country'],
    ['languageSpokenAtHomeCode', 'language'],
    ['aboriginalOrTorresStraitIslanderOriginCode', 'atsi'],
    ['homelessIndicatorCode', 'homeless'],
    ['educationLevelCode', 'education'],
    ['employmentStatusCode', 'employment'],
    ['ndisEligibilityCode', 'ndis'],
  ];
  for (const [field, id] of codes) {
    if (!asked.has(field)) continue;
    if (v[id] === undefined && required.includes(field)) return missing(field);
    if (v[id] !== undefined) (change as Record<string, unknown>)[field] = v[id];
  }
  if (asked.has('disabilityCodes') && change.hasDisabilities === true) {
    const kinds = (v.disabilities ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (kinds.length === 0) return missing('disabilityCodes');
    change.disabilityCodes = kinds;
  }
  if (asked.has('residentialAddress')) {
    const given = [v.suburb, v.state, v.postcode].filter((x) => x !== undefined).length;
    if (given === 0 && required.includes('residentialAddress')) return missing('residentialAddress');
    if (given > 0 && given < 3) return { ok: false, message: 'Address: give the suburb, the state and the postcode together.' };
    if (given === 3) {
      const state = StateCodeSchema.safeParse(v.state);
      if (!state.success) return { ok: false, message: `State: "${v.state}" is not an Australian state or territory.` };
      if (v.suburb!.length > 50) return { ok: false, message: 'Suburb: at most 50 characters.' };
      if (!/^\d{4}$/.test(v.postcode!))
        return { ok: false, message: `Postcode: "${v.postcode}" is not 4 digits. Type it as on an envelope, for example 2150 or 0800.` };
      change.residentialAddress = { suburb: v.suburb!, state: state.data, postcode: v.postcode! };
    }
  }
  const problems = checkClientDetails(change, referenceData).filter((p) => !(p.code === 'disabilities.missing' && !asked.has('disabilityCodes')));
  if (problems.length > 0) return { ok: false, message: problems.map((p) => p.message).join(' ') };
  return { ok: true, change };
}
