import assert from 'node:assert/strict';
import { editDistance, findClients, likelyDuplicates, namesClose, type ClientLike } from '../../src/domain/clientMatching';
import { computeSlk } from '../../src/domain/slk';

function person(clientId: string, givenName: string, familyName: string, birthDate: string, sex = 'FEMALE'): ClientLike {
  return { clientId, givenName, familyName, birthDate, slk: computeSlk({ givenName, familyName, birthDate, sex }) };
}

const MARGARET = person('CL-1', 'Margaret', 'Nguyen', '1948-03-12');
const MARGARET_2 = person('CL-2', 'Margaret', 'Nguyen', '1975-09-01');
const HAROLD = person('CL-3', 'Harold', 'Fitzgerald', '1944-11-02', 'MALE');
const JOAN = person('CL-4', 'Joan', 'Papadopoulos', '1951-07-03');
const WEI = person('CL-5', 'Wei', 'Li', '1956-01-01', 'MALE');
const BERYL = person('CL-6', 'Beryl', "O'Connor", '1940-05-27');
const ALL = [MARGARET, MARGARET_2, HAROLD, JOAN, WEI, BERYL];

describe('findClients', () => {
  it('finds by part of a given or family name', () => {
    assert.deepEqual(
      findClients('marg', ALL)
        .map((c) => c.clientId)
        .sort(),
      ['CL-1', 'CL-2'],
    );
    assert.deepEqual(
      findClients('Fitzgerald', ALL).map((c) => c.clientId),
      ['CL-3'],
    );
  });

  it('tolerates typos and either order of the names', () => {
    assert.equal(findClients('Papadopolous', ALL)[0]?.clientId, 'CL-4');
    assert.equal(findClients('Fitzgerlad', ALL)[0]?.clientId, 'CL-3');
    assert.equal(findClients('Nguyen Margaret', ALL)[0]?.givenName, 'Margaret');
  });

  it('ignores punctuation people leave out', () => {
    assert.equal(findClients('oconnor', ALL)[0]?.clientId, 'CL-6');
  });

  it('finds exactly one client by client id or SLK', () => {
    assert.deepEqual(findClients('cl-3', ALL), [HAROLD]);
    assert.deepEqual(findClients(JOAN.slk.toLowerCase(), ALL), [JOAN]);
  });

  it('returns nothing for an empty query or nobody close', () => {
    assert.deepEqual(findClients('  ', ALL), []);
    assert.deepEqual(findClients('Zebedee', ALL), []);
  });

  it('keeps to the limit', () => {
    assert.equal(findClients('a', ALL, 2).length, 2);
  });
});

describe('likelyDuplicates', () => {
  it('points out a client with the same SLK', () => {
    const candidate = person('new', 'Margaret', 'Nguyen', '1948-03-12');
    assert.deepEqual(likelyDuplicates(candidate, ALL), [{ client: MARGARET, reason: 'sameSlk' }]);
  });

  it('points out a close name with the same birth date, even when the SLK differs', () => {
    const typo = person('new', 'Margaret', 'Ngyuen', '1948-03-12');
    assert.notEqual(typo.slk, MARGARET.slk);
    assert.deepEqual(likelyDuplicates(typo, ALL), [{ client: MARGARET, reason: 'similarNameSameBirthDate' }]);
    const otherGender = person('new', 'Margaret', 'Nguyen', '1948-03-12', 'NOTSTATED');
    assert.deepEqual(likelyDuplicates(otherGender, ALL), [{ client: MARGARET, reason: 'similarNameSameBirthDate' }]);
  });

  it('catches given and family name entered the wrong way round', () => {
    const swapped = person('new', 'Nguyen', 'Margaret', '1948-03-12');
    assert.deepEqual(
      likelyDuplicates(swapped, ALL).map((d) => d.client.clientId),
      ['CL-1'],
    );
  });

  it('does not flag the same name with a different birth date, or a different person born the same day', () => {
    assert.deepEqual(likelyDuplicates(person('new', 'Margaret', 'Nguyen', '1960-01-01'), ALL), []);
    assert.deepEqual(likelyDuplicates(person('new', 'Susan', 'Taylor', '1948-03-12'), ALL), []);
  });

  it('does not treat short names a letter apart as the same', () => {
    assert.deepEqual(likelyDuplicates(person('new', 'Wei', 'Lu', '1956-01-01', 'MALE'), ALL), []);
  });
});

describe('namesClose and editDistance', () => {
  it('allows more slips in longer names', () => {
    assert.equal(namesClose('Jon', 'John'), true);
    assert.equal(namesClose('Li', 'Lu'), false);
    assert.equal(namesClose('Smith', 'Smyth'), true);
    assert.equal(namesClose('Smith', 'Smithers'), false);
    assert.equal(namesClose('Papadopoulos', 'Papadoupolos'), true);
    assert.equal(namesClose("O'Brien", 'obrien'), true);
    assert.equal(namesClose('', 'Anne'), false);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    assert.equal(editDistance('SMITH', 'SMTIH'), 1);
    assert.equal(editDistance('KITTEN', 'SITTING'), 3);
    assert.equal(editDistance('', 'ABC'), 3);
  });
});
