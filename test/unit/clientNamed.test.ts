import assert from 'node:assert/strict';
import { clientNamed } from '../../dialogs/assignParticipants/answers';

const MARGARET = { clientId: 'CL-1', name: 'Margaret Nguyen' };
const BETTY = { clientId: 'CL-2', name: 'Betty Rossi' };
const HAROLD = { clientId: 'CL-3', name: 'Harold Fitzgerald' };
const WEI = { clientId: 'CL-4', name: 'Wei Nguyen' };
const CLIENTS = [MARGARET, BETTY, HAROLD, WEI];

describe('clientNamed (a name typed in a sentence)', () => {
  it('finds one client by full name, by one of their names, or with a typo', () => {
    assert.equal(clientNamed('Margaret Nguyen', CLIENTS)?.clientId, MARGARET.clientId);
    assert.equal(clientNamed('betty', CLIENTS)?.clientId, BETTY.clientId);
    assert.equal(clientNamed('harrold', CLIENTS)?.clientId, HAROLD.clientId);
    assert.equal(clientNamed('margret nguyen', CLIENTS)?.clientId, MARGARET.clientId, 'a family name shared with another client still fits the one matched');
  });

  it('guesses nobody when the words name two people ("margaret betty", typed without a comma)', () => {
    assert.equal(clientNamed('margaret betty', CLIENTS)?.clientId, undefined);
    assert.equal(clientNamed('harold betty', CLIENTS)?.clientId, undefined);
  });

  it('guesses nobody for a name several clients share', () => {
    assert.equal(clientNamed('nguyen', CLIENTS), undefined);
  });
});
