import type { Client } from '../../src/domain/client';
import { CLIENT_DETAIL_LISTS, type ClientDetailField } from '../../src/domain/clientDetails';
import type { ReferenceData } from '../../src/domain/referenceData';

const ROW_TITLES: Readonly<Record<ClientDetailField, string>> = {
  consentToProvideDetails: 'Consent to provide details',
  consentedForFutureContacts: 'Future contact',
  isUsingPseudonym: 'Pseudonym',
  countryOfBirthCode: 'Country of birth',
  languageSpokenAtHomeCode: 'Language at home',
  aboriginalOrTorresStraitIslanderOriginCode: 'Indigenous origin',
  hasDisabilities: 'Disability',
  disabilityCodes: 'Kinds of disability',
  residentialAddress: 'Lives in',
  homelessIndicatorCode: 'Homelessness',
  educationLevelCode: 'Education',
  employmentStatusCode: 'Employment',
  isClientACarer: 'Carer',
  ndisEligibilityCode: 'NDIS eligibility',
};

/** Review rows for the details given, in words; fields not given are left out. */
export function detailRows(ref: ReferenceData, d: Partial<Client>, fields?: readonly ClientDetailField[]): [string, string][] {
  const rows: [string, string][] = [];
  const want = (f: ClientDetailField) => !fields || fields.includes(f);
  const yn = (b: boolean) => (b ? 'Yes' : 'No');
  for (const field of Object.keys(ROW_TITLES) as ClientDetailField[]) {
    if (!want(field)) continue;
    const value = d[field];
    if (value === undefined) continue;
    let shown: string;
    if (typeof value === 'boolean') shown = yn(value);
    else if (field === 'disabilityCodes') shown = (value as string[]).map((c) => ref.labelOf('disability', c) ?? c).join(', ');
    else if (field === 'residentialAddress') {
      const a = value as NonNullable<Client['residentialAddress']>;
      shown = `${a.suburb} ${a.state} ${a.postcode}`;
    } else {
      const list = CLIENT_DETAIL_LISTS[field as keyof typeof CLIENT_DETAIL_LISTS];
      shown = list ? (ref.labelOf(list, value as string) ?? String(value)) : String(value);
    }
    rows.push([ROW_TITLES[field], shown]);
  }
  return rows;
}
