import assert from 'node:assert/strict';
import { applyClientDetails, checkClientDetails, describeMissing, missingClientDetails } from '../../src/domain/clientDetails';
import { ClientSchema, type Client } from '../../src/domain/client';
import { checkPostcode, isPostcodeOfState, statesOfPostcode } from '../../src/domain/postcodes';
import { loadReferenceData } from '../../src/config/referenceDataFiles';

const ACTOR = { userId: 'u-1', name: 'Alice Case-Manager' };
const referenceData = loadReferenceData();

/** A client as the current release stores one made by an activity transfer: names, birth date and sex only. */
function bare(change: Partial<Client> = {}): Client {
  return {
    organisationId: 'harbourside-community',
    clientId: 'CL-00000001',
    givenName: 'Margaret',
    familyName: 'Nguyen',
    birthDate: '1948-03-12',
    birthDateEstimated: false,
    gender: 'FEMALE',
    slk: 'GUYAR120319482',
    createdAt: '2025-09-01T09:00:00.000+10:00',
    createdBy: ACTOR,
    ...change,
  };
}

const COMPLETE = {
  consentToProvideDetails: true,
  consentedForFutureContacts: false,
  isUsingPseudonym: false,
  countryOfBirthCode: '1101',
  languageSpokenAtHomeCode: '1201',
  aboriginalOrTorresStraitIslanderOriginCode: 'NO',
  hasDisabilities: false,
  residentialAddress: { suburb: 'Parramatta', state: 'NSW' as const, postcode: '2150' },
};

describe('client details DEX requires', () => {
  it('a stored client without the newer fields still reads, and every required field is listed as missing', () => {
    const stored = ClientSchema.parse(JSON.parse(JSON.stringify(bare())));
    assert.deepEqual(missingClientDetails(stored), [
      'consentToProvideDetails',
      'consentedForFutureContacts',
      'isUsingPseudonym',
      'countryOfBirthCode',
      'languageSpokenAtHomeCode',
      'aboriginalOrTorresStraitIslanderOriginCode',
      'hasDisabilities',
      'residentialAddress',
    ]);
  });

  it('a complete client lacks nothing, and a "no" counts as an answer', () => {
    assert.deepEqual(missingClientDetails(bare(COMPLETE)), []);
    assert.deepEqual(missingClientDetails(bare({ ...COMPLETE, consentToProvideDetails: false })), []);
  });

  it('a yes to disability without saying which is missing the disabilities', () => {
    assert.deepEqual(missingClientDetails(bare({ ...COMPLETE, hasDisabilities: true })), ['disabilityCodes']);
    assert.deepEqual(missingClientDetails(bare({ ...COMPLETE, hasDisabilities: true, disabilityCodes: ['SENSORY'] })), []);
  });

  it('names missing fields in words', () => {
    assert.equal(describeMissing(['countryOfBirthCode', 'residentialAddress']), 'country of birth and suburb, state and postcode');
  });

  it('rejects codes not on the DEX lists and disabilities that contradict the yes/no', () => {
    const problems = (d: Parameters<typeof checkClientDetails>[0]) => checkClientDetails(d, referenceData).map((p) => p.code);
    assert.deepEqual(problems({ countryOfBirthCode: '9999' }), ['clientDetails.unknownCode']);
    assert.deepEqual(problems({ homelessIndicatorCode: 'MAYBE' }), ['clientDetails.unknownCode']);
    assert.deepEqual(problems({ hasDisabilities: true }), ['disabilities.missing']);
    assert.deepEqual(problems({ hasDisabilities: false, disabilityCodes: ['SENSORY'] }), ['disabilities.withoutYes']);
    assert.deepEqual(problems({ hasDisabilities: true, disabilityCodes: ['NOTSTATED', 'SENSORY'] }), ['disabilities.notStatedWithOthers']);
    assert.deepEqual(
      problems({
        ...COMPLETE,
        homelessIndicatorCode: 'ATRISK',
        educationLevelCode: 'SECONDARY',
        employmentStatusCode: 'CARING',
        ndisEligibilityCode: 'INPROGRESS',
        isClientACarer: true,
      }),
      [],
    );
  });

  it('applies only the fields given, stamps the change and drops disabilities after a no', () => {
    const withDisability = bare({ ...COMPLETE, hasDisabilities: true, disabilityCodes: ['PHYSICAL'] });
    const result = applyClientDetails(withDisability, { hasDisabilities: false }, { now: '2025-10-20T10:00:00.000+11:00', actor: ACTOR }, referenceData);
    assert.ok(result.ok);
    assert.equal(result.value.hasDisabilities, false);
    assert.equal(result.value.disabilityCodes, undefined);
    assert.equal(result.value.countryOfBirthCode, '1101');
    assert.equal(result.value.updatedAt, '2025-10-20T10:00:00.000+11:00');
    const partial = applyClientDetails(bare(), { countryOfBirthCode: '1101' }, { now: '2025-10-20T10:00:00.000+11:00', actor: ACTOR }, referenceData);
    assert.ok(partial.ok);
    assert.equal(partial.value.consentToProvideDetails, undefined, 'nothing the user did not choose is recorded');
    assert.deepEqual(
      Object.keys(partial.value)
        .filter((k) => !(k in bare()))
        .sort(),
      ['countryOfBirthCode', 'updatedAt', 'updatedBy'],
    );
  });

  it('refuses a postcode from another state', () => {
    const result = applyClientDetails(
      bare(),
      { residentialAddress: { suburb: 'Parramatta', state: 'VIC', postcode: '2150' } },
      { now: '2025-10-20T10:00:00.000+11:00', actor: ACTOR },
    );
    assert.ok(!result.ok);
    assert.equal(result.problems[0]?.code, 'postcode.notInState');
    assert.match(result.problems[0]!.message, /New South Wales/);
  });
});

describe('postcodes by state', () => {
  const table: [string, string, boolean][] = [
    ['NT', '0800', true],
    ['NT', '0870', true],
    ['ACT', '0200', true],
    ['ACT', '2600', true],
    ['ACT', '2913', true],
    ['NSW', '2150', true],
    ['NSW', '2600', false],
    ['NSW', '2000', true],
    ['VIC', '3000', true],
    ['VIC', '2150', false],
    ['QLD', '4000', true],
    ['SA', '5000', true],
    ['WA', '6000', true],
    ['WA', '6798', false],
    ['OT', '6798', true],
    ['TAS', '7000', true],
    ['NT', '0100', false],
    ['NSW', '0800', false],
    ['NSW', '215', false],
  ];
  for (const [state, postcode, valid] of table) {
    it(`${postcode} is ${valid ? '' : 'not '}a postcode of ${state}`, () => {
      assert.equal(isPostcodeOfState(state as 'NSW', postcode), valid);
      assert.equal(checkPostcode(state as 'NSW', postcode) === null, valid);
    });
  }
  it('says which state a postcode belongs to', () => {
    assert.deepEqual(statesOfPostcode('0800'), ['NT']);
    assert.match(checkPostcode('NSW', '0800')!.message, /Northern Territory/);
    assert.equal(checkPostcode('NSW', '21x0')!.code, 'postcode.format');
  });
});
