import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { createRecogniser } from '../../src/understanding/recogniser';

/** Everyday shapes found by trying the bot after the eighth set, each in other words than where it was found. */
describe('everyday sentence shapes', () => {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
  const said = (text: string, expected: string) => {
    const u = recogniser.understand(text, now);
    assert.equal(u.kind === 'command' ? u.command : u.kind, expected, text);
    return u.kind === 'command' ? u.said : {};
  };

  it('reads a group named with when it met and for how long as a session held', () => {
    const s = said('record coffee and chat on monday 10 to 11.30', 'addSession');
    assert.equal(s.caseName, 'coffee and chat');
    assert.equal(s.minutes, 90);
    assert.equal(s.when?.date, '2025-11-17');
  });

  it('reads scores or ratings "put in" for a case file as its Community SCORE, never as clients called "the scores"', () => {
    assert.equal(said('put the ratings in for carers support', 'communityScore').caseName, 'carers support');
    assert.equal(said('add the scores to wed seniors', 'communityScore').caseName, 'wed seniors');
  });

  it('reads "did we do the X session" as a question about that case file', () => {
    assert.equal(said('have we done the money business session', 'caseFileStatus').caseName, 'money business');
  });

  it('reads someone new to a group as someone to add to it', () => {
    const s = said('priya and tom are new at carers support', 'addClients');
    assert.deepEqual(s.clients, ['priya', 'tom']);
    assert.equal(s.caseName, 'carers support');
  });

  it('reads a person with a changed detail, and who lacks details, as completing client details', () => {
    assert.deepEqual(said('harold jones has a new address', 'completeClientDetails').clients, ['harold jones']);
    assert.equal(said('which clients dont have all their details', 'completeClientDetails').clients, undefined);
  });
});
