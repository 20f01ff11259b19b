import assert from 'node:assert/strict';
import { computeSlk, familyNameLetters, givenNameLetters, isValidSlk, normaliseName, slkSexDigit } from '../../src/domain/slk';

describe('SLK-581 (METeOR 686238)', () => {
  describe('computeSlk', () => {
    it('matches a key worked out by hand from the METeOR rule', () => {
      // Family "Smith-Jones": letters S M I T H J O N E S (hyphen skipped); 2nd M, 3rd I, 5th H → MIH.
      // Given "Mary": M A R Y; 2nd A, 3rd R → AR. Born 3 July 1951 → 03071951. Female → 2.
      assert.equal(computeSlk({ familyName: 'Smith-Jones', givenName: 'Mary', birthDate: '1951-07-03', sex: 'FEMALE' }), 'MIHAR030719512');
    });

    it('matches a second hand-worked key', () => {
      // "Citizen": C I T I Z E N → I, T, Z. "John": J O H N → O, H. 15 Jan 1980. Male → 1.
      assert.equal(computeSlk({ familyName: 'Citizen', givenName: 'John', birthDate: '1980-01-15', sex: 'MALE' }), 'ITZOH150119801');
    });

    it('gives 999 for a missing family name and 99 for a missing given name', () => {
      assert.equal(computeSlk({ familyName: '', givenName: 'Mary', birthDate: '1990-12-01', sex: 'FEMALE' }), '999AR011219902');
      assert.equal(computeSlk({ familyName: 'Smith', givenName: '  ', birthDate: '1990-12-01', sex: 'MALE' }), 'MIH99011219901');
      assert.equal(computeSlk({ familyName: null, givenName: undefined, birthDate: '1990-12-01', sex: 'OTHER' }), '99999011219903');
    });

    it('rejects a birth date that is not a real YYYY-MM-DD date', () => {
      assert.throws(() => computeSlk({ familyName: 'Smith', givenName: 'Mary', birthDate: '1951-02-29', sex: 'F' }), RangeError);
      assert.throws(() => computeSlk({ familyName: 'Smith', givenName: 'Mary', birthDate: '03/07/1951', sex: 'F' }), RangeError);
    });

    it('accepts 29 February in a leap year', () => {
      assert.equal(computeSlk({ familyName: 'Smith', givenName: 'Mary', birthDate: '1952-02-29', sex: 'F' }), 'MIHAR290219522');
    });
  });

  describe('family name letters (2nd, 3rd, 5th)', () => {
    const cases: [string, string][] = [
      ['Smith', 'MIH'],
      ['Li', 'I22'],
      ['O', '222'],
      ['Lee', 'EE2'],
      ['Ryan', 'YA2'],
      ['Smith-Jones', 'MIH'],
      ["O'Brien", 'BRE'],
      ['van der Berg', 'ANE'],
      ['Smith2', 'MIH'],
      ['Müller', 'ULE'],
      ['Østergaard', 'STR'],
    ];
    for (const [name, expected] of cases) {
      it(`"${name}" → ${expected}`, () => {
        assert.equal(familyNameLetters(name), expected);
      });
    }

    it('treats a name with no letters at all as missing', () => {
      assert.equal(familyNameLetters('-'), '999');
      assert.equal(familyNameLetters(''), '999');
    });
  });

  describe('given name letters (2nd, 3rd)', () => {
    const cases: [string, string][] = [
      ['Mary', 'AR'],
      ['Li', 'I2'],
      ['O', '22'],
      ['Mary-Anne', 'AR'],
      ['Zoë', 'OE'],
      ['Zoe', 'OE'],
      ['José', 'OS'],
    ];
    for (const [name, expected] of cases) {
      it(`"${name}" → ${expected}`, () => {
        assert.equal(givenNameLetters(name), expected);
      });
    }

    it('gives 99 when missing', () => {
      assert.equal(givenNameLetters(''), '99');
      assert.equal(givenNameLetters(null), '99');
    });
  });

  describe('sex digit', () => {
    const cases: [string, string][] = [
      ['MALE', '1'],
      ['FEMALE', '2'],
      ['OTHER', '3'],
      ['NOTSTATED', '9'],
      ['INTERSEX', '3'],
      ['m', '1'],
      ['f', '2'],
      ['X', '3'],
      ['Not stated', '9'],
      ['unknown', '9'],
      ['', '9'],
      ['something else', '9'],
    ];
    for (const [sex, digit] of cases) {
      it(`"${sex}" → ${digit}`, () => {
        assert.equal(slkSexDigit(sex), digit);
      });
    }

    it('ends the key with each digit', () => {
      const base = { familyName: 'Smith', givenName: 'Mary', birthDate: '1951-07-03' };
      assert.equal(computeSlk({ ...base, sex: 'MALE' }).slice(-1), '1');
      assert.equal(computeSlk({ ...base, sex: 'FEMALE' }).slice(-1), '2');
      assert.equal(computeSlk({ ...base, sex: 'OTHER' }).slice(-1), '3');
      assert.equal(computeSlk({ ...base, sex: 'NOTSTATED' }).slice(-1), '9');
    });
  });

  describe('isValidSlk', () => {
    it('accepts well-formed keys, including padded and missing names', () => {
      for (const key of ['MIHAR030719512', 'I22I2010120009', '22222010120003', '99999011219903', 'EE2OS290219521']) {
        assert.equal(isValidSlk(key), true, key);
      }
    });

    it('accepts every key computeSlk makes', () => {
      const key = computeSlk({ familyName: "O'Brien", givenName: 'Li', birthDate: '2000-01-01', sex: 'NOTSTATED' });
      assert.equal(key, 'BREI2010120009');
      assert.equal(isValidSlk(key), true);
    });

    it('rejects the wrong length, lower case, a bad sex digit, an impossible date or misplaced padding', () => {
      for (const key of [
        'MIHAR03071951',
        'MIHAR0307195122',
        'mihar030719512',
        'MIHAR030719514',
        'MIHAR310219512',
        'MIHAR031319512',
        'M2HAR030719512',
        'MIH2R030719512',
        '9992R030719512',
        '',
      ]) {
        assert.equal(isValidSlk(key), false, key);
      }
    });
  });

  describe('normaliseName', () => {
    it('makes spellings of the same name compare equal', () => {
      assert.equal(normaliseName("O'Brien"), 'OBRIEN');
      assert.equal(normaliseName('o brien'), 'OBRIEN');
      assert.equal(normaliseName('OBrien'), 'OBRIEN');
    });

    it('strips accents rather than dropping the letter', () => {
      assert.equal(normaliseName('José'), 'JOSE');
      assert.equal(normaliseName('Ngô Thị'), 'NGOTHI');
      assert.equal(normaliseName('Strauß'), 'STRAUSS');
    });

    it('returns an empty string for nothing', () => {
      assert.equal(normaliseName(undefined), '');
      assert.equal(normaliseName(' - '), '');
    });
  });
});
