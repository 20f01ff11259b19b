import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { createRecogniser, type Understanding } from '../../src/understanding/recogniser';

/** The kinds of phrase the fifth held-out set's first run missed, in other words than that set's. */
describe('understanding the kinds the fifth held-out set missed', () => {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
  const u = (t: string): Understanding => recogniser.understand(t, now);
  const command = (t: string) => {
    const r = u(t);
    return r.kind === 'command' ? r.command : r.kind;
  };
  const said = (t: string) => {
    const r = u(t);
    assert.equal(r.kind, 'command', t);
    return r.kind === 'command' ? r.said : {};
  };

  it('"edit the session" corrects it; filling in its details stays session details', () => {
    assert.equal(command('edit the last session of wed seniors'), 'editSession');
    assert.equal(command('edit the session details for wed seniors'), 'sessionDetails');
  });

  it('"add NAME to the session DAY" assigns that person to the session held that day', () => {
    const s = said('add Ruth to the session on monday');
    assert.equal(command('add Ruth to the session on monday'), 'assignParticipants');
    assert.deepEqual(s.clients, ['Ruth']);
    assert.deepEqual(s.session, { kind: 'date', date: '2025-11-17' });
  });

  it('"add NAME to last week\'s CASE session" assigns, with the case file and the session kept', () => {
    const s = said("add Ruth to last week's carers support session");
    assert.equal(command("add Ruth to last week's carers support session"), 'assignParticipants');
    assert.equal(s.caseName, 'carers support');
    assert.deepEqual(s.session, { kind: 'lastWeek' });
  });

  it('reads "N and a half hours" and an end hour without am/pm after the start ("10 till 2")', () => {
    assert.equal(said('add a session for mens shed yesterday 3 and a half hours').minutes, 210);
    assert.equal(said('add a session for mens shed yesterday 10 till 2').minutes, 240);
  });

  it('status, readiness and due in more everyday words', () => {
    assert.equal(command('how we travelling with money business'), 'caseFileStatus');
    assert.equal(command('stats for the shed'), 'caseFileStatus');
    assert.equal(command('check carers support is sorted'), 'caseFileReadiness');
    assert.equal(command('when do we have to have it all in by'), 'caseFilesDue');
    assert.equal(command('how does this bot work'), 'help');
  });

  it('a person who left a case file is a change to that client, but "what is left to do" is not', () => {
    assert.equal(command('Joan left coffee and chat'), 'editCaseClient');
    assert.equal(command('whats left to do for coffee and chat'), 'caseFileReadiness');
  });

  it('"score trend X" is the trend, not a score', () => {
    assert.equal(command('score trend coffee and chat'), 'scoreTrend');
    assert.equal(said('score trend coffee and chat').caseName, 'coffee and chat');
  });
});
