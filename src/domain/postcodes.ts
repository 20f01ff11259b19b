/**
 * Which Australian postcodes belong to which state or territory, from Australia Post's published postcode
 * ranges (delivery and PO box/large-volume-receiver ranges). DEX checks a client's postcode against their
 * state and suburb; checking the state here catches the usual slips (a Sydney postcode with VIC) before
 * the record is saved. Postcodes stay text: NT's 08xx and ACT's 02xx keep their leading zero.
 */
import type { StateCode } from './client';
import type { Problem } from './problem';

type Range = readonly [from: number, to: number];

const RANGES: Readonly<Record<StateCode, readonly Range[]>> = {
  NSW: [
    [1000, 1999],
    [2000, 2599],
    [2619, 2899],
    [2921, 2999],
  ],
  ACT: [
    [200, 299],
    [2600, 2618],
    [2900, 2920],
  ],
  VIC: [
    [3000, 3999],
    [8000, 8999],
  ],
  QLD: [
    [4000, 4999],
    [9000, 9999],
  ],
  SA: [[5000, 5999]],
  WA: [
    [6000, 6797],
    [6800, 6999],
  ],
  TAS: [[7000, 7999]],
  NT: [[800, 999]],
  // Jervis Bay Territory 2540, Norfolk Island 2899, Christmas Island 6798, Cocos (Keeling) Islands 6799.
  OT: [
    [2540, 2540],
    [2899, 2899],
    [6798, 6799],
  ],
};

const STATE_NAMES: Readonly<Record<StateCode, string>> = {
  ACT: 'the ACT',
  NSW: 'New South Wales',
  NT: 'the Northern Territory',
  QLD: 'Queensland',
  SA: 'South Australia',
  TAS: 'Tasmania',
  VIC: 'Victoria',
  WA: 'Western Australia',
  OT: 'the Other Territories',
};

export function isPostcodeOfState(state: StateCode, postcode: string): boolean {
  if (!/^\d{4}$/.test(postcode)) return false;
  const n = Number(postcode);
  return RANGES[state].some(([from, to]) => n >= from && n <= to);
}

/** The states a postcode can belong to, so a message can say which state the postcode suggests. */
export function statesOfPostcode(postcode: string): StateCode[] {
  return (Object.keys(RANGES) as StateCode[]).filter((s) => isPostcodeOfState(s, postcode));
}

export function checkPostcode(state: StateCode, postcode: string, field = 'postcode'): Problem | null {
  if (!/^\d{4}$/.test(postcode)) {
    return { code: 'postcode.format', field, message: `The postcode "${postcode}" is not 4 digits. Type it as on an envelope, for example 2150 or 0800.` };
  }
  if (isPostcodeOfState(state, postcode)) return null;
  const likely = statesOfPostcode(postcode);
  const hint = likely.length ? ` It is a postcode of ${likely.map((s) => STATE_NAMES[s]).join(' or ')}.` : ' No state uses it.';
  return { code: 'postcode.notInState', field, message: `The postcode ${postcode} is not in ${STATE_NAMES[state]}.${hint} Check the state or the postcode.` };
}
