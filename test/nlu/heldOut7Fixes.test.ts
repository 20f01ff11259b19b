import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { navigationOf } from '../../src/understanding/navigation';
import { createRecogniser, type Understanding } from '../../src/understanding/recogniser';
import { caseNameOf } from '../../src/understanding/sentencePieces';

/** The kinds of message the seventh held-out set's first run missed, in other words than that set's. */
describe('understanding the kinds the seventh held-out set missed', () => {
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

  describe('navigation and help', () => {
    it('reads "home page" or "main screen" as the menu: the place the menu is', () => {
      assert.equal(navigationOf('home page'), 'menu');
      assert.equal(navigationOf('main menu screen'), 'menu');
    });

    it('reads "what kinds of things can you do" as a request for help', () => {
      assert.equal(command('what kinds of things can you do'), 'help');
      assert.equal(command('which types of commands are there'), 'help');
    });
  });

  describe('dates, times and lengths', () => {
    it('reads hours joined by a hyphen, with no am or pm, as a range with its length', () => {
      const s = said('add a session for money business yesterday 9-11');
      assert.deepEqual(s.when, { date: '2025-11-18', time: '09:00' });
      assert.equal(s.minutes, 120);
      assert.equal(s.caseName, 'money business');
    });

    it('reads "an hour" only with its space, so a name such as "Anh" is no length of time', () => {
      const s = said('add Anh Tran to wed seniors');
      assert.deepEqual(s.clients, ['Anh Tran']);
      assert.equal(s.minutes, undefined);
      assert.equal(said('add a session for carers support yesterday 3pm for an hour').minutes, 60);
    });
  });

  describe('sessions and attendance', () => {
    it('reads "pop" and "chuck" as "put"', () => {
      assert.equal(command('chuck in a session for carers support yesterday'), 'addSession');
      assert.equal(command('pop Nola in the last session'), 'assignParticipants');
    });

    it('reads people who "attended" or "were at" a group on a day as that session\'s roll', () => {
      const s = said('Nola and Ray attended coffee and chat on monday');
      assert.equal(command('Nola and Ray attended coffee and chat on monday'), 'assignParticipants');
      assert.deepEqual(s.clients, ['Nola', 'Ray']);
      assert.deepEqual(s.session, { kind: 'date', date: '2025-11-17' });
      assert.equal(command('Ray was in money business yesterday'), 'assignParticipants');
      assert.notEqual(command('we were at the shed yesterday'), 'assignParticipants');
    });

    it('reads "log the <name> group <day>" as a session of that group', () => {
      const s = said('enter the walking group this morning');
      assert.equal(command('enter the walking group this morning'), 'addSession');
      assert.equal(s.caseName, 'walking group');
    });

    it('reads the case file named before "session" when a session is removed or corrected', () => {
      assert.equal(said('get rid of the money business session from monday').caseName, 'money business');
      const s = said('correct the start time for the carers session on friday');
      assert.equal(command('correct the start time for the carers session on friday'), 'editSession');
      assert.equal(s.caseName, 'carers');
      assert.equal(command('fix that session'), 'editSession');
    });

    it('copies scores to "the remaining <case file> sessions"', () => {
      assert.equal(said('put the same score on the remaining carers sessions').caseName, 'carers');
    });
  });

  describe('questions', () => {
    it('reads what is due said as "needs reporting", "by the deadline" or "running behind"', () => {
      assert.equal(command('which of my groups need reporting this month'), 'caseFilesDue');
      assert.equal(command('what have we got to get done by the deadline'), 'caseFilesDue');
      assert.equal(command('are we running behind with reporting'), 'caseFilesDue');
    });

    it('reads readiness with the case file after "ready to report", "before we can send" or "stopping … going to dss"', () => {
      assert.equal(said('is coffee and chat ready to report').caseName, 'coffee and chat');
      assert.equal(said('anything missing before we can send money business').caseName, 'money business');
      assert.equal(said('is anything holding up wed seniors from being sent to dss').caseName, 'wed seniors');
    });

    it('reads "how many clients have we got in X" as X\'s status', () => {
      assert.equal(command('how many clients have we got in the shed'), 'caseFileStatus');
      assert.equal(said('how many clients have we got in the shed').caseName, 'shed');
    });

    it('reads "have we moved X across yet" as the transfer list, and "to dss" as where a transfer goes', () => {
      assert.equal(command('did we bring knit and natter across already'), 'transferList');
      assert.equal(said('transfer knit and natter over to dss').query, 'knit and natter');
    });
  });

  describe('client records and case files', () => {
    it('reads client-detail words in the plural and with "missing" or "a few clients"', () => {
      assert.equal(command('a few clients are missing their dobs'), 'completeClientDetails');
      assert.equal(command('record missing genders'), 'completeClientDetails');
    });

    it('reads "change the details for X" as correcting the case file, "complete the details for Y" as a client\'s', () => {
      assert.equal(command('change the details for coffee and chat'), 'editCaseFile');
      assert.equal(said('change the details for coffee and chat').caseName, 'coffee and chat');
      assert.equal(command('complete the details for Ken'), 'completeClientDetails');
    });
  });

  describe('names read from the sentence', () => {
    it('reads the people after a dash or colon that follows the case file', () => {
      const s = said('new client for carers support – Lee Wong');
      assert.equal(s.caseName, 'carers support');
      assert.deepEqual(s.clients, ['Lee Wong']);
      assert.deepEqual(said('add a client to the shed: Bob Hay').clients, ['Bob Hay']);
    });

    it('cuts a request, "list" or "called" off the end of a case name', () => {
      assert.equal(said('had a new fella at the shed yesterday could you add him').caseName, 'shed');
      assert.equal(said('add Anne to the coffee and chat list').caseName, 'coffee and chat');
      assert.equal(caseNameOf('carers support called'), 'carers support');
    });

    it('reads newcomers "we had" at a group as clients to add, not a session', () => {
      const t = 'we had three new people at wed seniors this morning, can you add them';
      assert.equal(command(t), 'addClients');
      assert.equal(said(t).caseName, 'wed seniors');
    });
  });
});
