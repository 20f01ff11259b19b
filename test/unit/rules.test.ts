import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { ProblemSchema, type Problem } from '../../src/domain/problem';
import {
  checkDuration,
  checkFreeText,
  checkIdentifierHasNoPersonalInfo,
  checkReasons,
  checkReferrals,
  checkSessionDateNotFuture,
  checkSessionPeriodOpen,
  checkUnidentifiedCount,
  findForbiddenCharacters,
} from '../../src/domain/rules';

const SYDNEY = 'Australia/Sydney';
const sydney = (iso: string): DateTime => DateTime.fromISO(iso, { zone: SYDNEY });
const NOW = sydney('2025-10-16T11:00');

/** Asserts a problem was found, that it is well formed, and returns it for further checks. */
function expectProblem(p: Problem | null, code: string, field: string): Problem {
  assert.ok(p, `expected problem ${code}`);
  assert.equal(ProblemSchema.safeParse(p).success, true);
  assert.equal(p.code, code);
  assert.equal(p.field, field);
  return p;
}

describe('DEX rules', () => {
  describe('checkSessionDateNotFuture', () => {
    it('accepts today, including a later time today, and the past', () => {
      assert.equal(checkSessionDateNotFuture(sydney('2025-10-16T20:00'), NOW, SYDNEY), null);
      assert.equal(checkSessionDateNotFuture(sydney('2025-10-16T23:59'), NOW, SYDNEY), null);
      assert.equal(checkSessionDateNotFuture(sydney('2024-01-01T09:00'), NOW, SYDNEY), null);
    });

    it('refuses tomorrow, naming the date and the rule', () => {
      const p = expectProblem(checkSessionDateNotFuture(sydney('2025-10-17T00:00'), NOW, SYDNEY), 'sessionDate.future', 'startsAt');
      assert.match(p.message, /session date, 17 Oct 2025, is in the future/);
      assert.match(p.message, /today or earlier/);
    });

    it('compares Sydney dates, not UTC dates', () => {
      // 13:30 UTC on 16 October is 00:30 on 17 October in Sydney: tomorrow there.
      const session = DateTime.fromISO('2025-10-16T13:30:00Z', { zone: 'utc' });
      expectProblem(checkSessionDateNotFuture(session, NOW, SYDNEY), 'sessionDate.future', 'startsAt');
      // Now given as UTC: 14:00 UTC on 15 October is already 16 October in Sydney.
      const nowUtc = DateTime.fromISO('2025-10-15T14:00:00Z', { zone: 'utc' });
      assert.equal(checkSessionDateNotFuture(sydney('2025-10-16T09:00'), nowUtc, SYDNEY), null);
    });

    it('uses the field name it is given', () => {
      expectProblem(checkSessionDateNotFuture(sydney('2025-10-20T09:00'), NOW, SYDNEY, 'sessionDate'), 'sessionDate.future', 'sessionDate');
    });
  });

  describe('checkSessionPeriodOpen', () => {
    it('accepts a session in a period that is still open', () => {
      assert.equal(checkSessionPeriodOpen(sydney('2025-10-15T10:00'), NOW, SYDNEY), null);
      assert.equal(checkSessionPeriodOpen(sydney('2025-06-20T10:00'), sydney('2025-07-30T23:59'), SYDNEY), null);
    });

    it('refuses a session whose period closed at the end of its due date', () => {
      const p = expectProblem(checkSessionPeriodOpen(sydney('2025-06-20T10:00'), sydney('2025-07-31T00:00'), SYDNEY), 'sessionDate.periodClosed', 'startsAt');
      assert.match(p.message, /20 Jun 2025, is in the reporting period 1 Jan – 30 Jun 2025, which closed at midnight at the end of 30 Jul 2025/);
    });
  });

  describe('checkUnidentifiedCount', () => {
    it('accepts whole numbers from 0 to 999', () => {
      for (const n of [0, 1, 999]) {
        assert.equal(checkUnidentifiedCount(n), null, String(n));
      }
    });

    it('refuses numbers outside 0–999', () => {
      for (const n of [-1, 1000]) {
        const p = expectProblem(checkUnidentifiedCount(n), 'unidentifiedClients.outOfRange', 'totalUnidentifiedClients');
        assert.match(p.message, /unidentified clients must be from 0 to 999/);
      }
    });

    it("names a session's unidentified participants as participants, not clients", () => {
      const p = expectProblem(checkUnidentifiedCount(1000, 'unidentifiedParticipants'), 'unidentifiedClients.outOfRange', 'unidentifiedParticipants');
      assert.match(p.message, /unidentified participants must be from 0 to 999/);
      assert.doesNotMatch(p.message, /clients/);
      assert.match(
        expectProblem(checkUnidentifiedCount(2.5, 'unidentifiedParticipants'), 'unidentifiedClients.notWholeNumber', 'unidentifiedParticipants').message,
        /unidentified participants must be a whole number/,
      );
    });

    it('refuses fractions and NaN', () => {
      for (const n of [2.5, Number.NaN]) {
        expectProblem(checkUnidentifiedCount(n, 'unidentifiedParticipants'), 'unidentifiedClients.notWholeNumber', 'unidentifiedParticipants');
      }
    });
  });

  describe('checkReasons', () => {
    it('accepts no reasons, or one primary and any number of others', () => {
      assert.equal(checkReasons([]), null);
      assert.equal(checkReasons([{ code: 'MONEY', isPrimary: true }]), null);
      assert.equal(
        checkReasons([
          { code: 'MONEY', isPrimary: true },
          { code: 'HOUSING', isPrimary: false },
          { code: 'FAMILY', isPrimary: false },
        ]),
        null,
      );
    });

    it('refuses reasons with no primary', () => {
      const p = expectProblem(checkReasons([{ code: 'MONEY', isPrimary: false }]), 'reasons.noPrimary', 'reasons');
      assert.match(p.message, /One reason for seeking assistance must be marked as the main \(primary\) reason/);
    });

    it('refuses more than one primary', () => {
      const p = expectProblem(
        checkReasons([
          { code: 'MONEY', isPrimary: true },
          { code: 'HOUSING', isPrimary: true },
        ]),
        'reasons.severalPrimary',
        'reasons',
      );
      assert.match(p.message, /2 are marked/);
    });

    it('refuses the same reason twice', () => {
      const p = expectProblem(
        checkReasons([
          { code: 'MONEY', isPrimary: true },
          { code: 'MONEY', isPrimary: false },
        ]),
        'reasons.duplicate',
        'reasons',
      );
      assert.match(p.message, /MONEY is listed more than once/);
    });
  });

  describe('checkReferrals', () => {
    it('accepts none, or one internal and one external each with a purpose', () => {
      assert.equal(checkReferrals([]), null);
      assert.equal(
        checkReferrals([
          { typeCode: 'INTERNAL', purposeCodes: ['MONEY'] },
          { typeCode: 'EXTERNAL', purposeCodes: ['HOUSING', 'MENTAL'] },
        ]),
        null,
      );
    });

    it('refuses two internal referrals', () => {
      const p = expectProblem(
        checkReferrals([
          { typeCode: 'INTERNAL', purposeCodes: ['MONEY'] },
          { typeCode: 'INTERNAL', purposeCodes: ['HOUSING'] },
        ]),
        'referrals.tooManyInternal',
        'referrals',
      );
      assert.match(p.message, /only one internal referral per session/);
    });

    it('refuses two external referrals', () => {
      const p = expectProblem(
        checkReferrals([
          { typeCode: 'EXTERNAL', purposeCodes: ['MONEY'] },
          { typeCode: 'EXTERNAL', purposeCodes: ['HOUSING'] },
        ]),
        'referrals.tooManyExternal',
        'referrals',
      );
      assert.match(p.message, /only one external referral per session/);
    });

    it('refuses a referral without a purpose', () => {
      const p = expectProblem(checkReferrals([{ typeCode: 'EXTERNAL', purposeCodes: [] }]), 'referrals.noPurpose', 'referrals');
      assert.match(p.message, /external referral needs at least one purpose/);
      expectProblem(checkReferrals([{ typeCode: 'INTERNAL', purposeCodes: [' '] }]), 'referrals.noPurpose', 'referrals');
    });
  });

  describe('free text', () => {
    it('finds each forbidden character once, in order of appearance', () => {
      assert.deepEqual(findForbiddenCharacters('Tom & Jerry #1 & co'), ['&', '#']);
      assert.deepEqual(findForbiddenCharacters('50% off * email@x'), ['%', '*', '@']);
      assert.deepEqual(findForbiddenCharacters('Plain text, with (ordinary) punctuation!'), []);
    });

    it('accepts text without them, and empty text', () => {
      assert.equal(checkFreeText('overview', 'Weekly budgeting group, Tuesdays.'), null);
      assert.equal(checkFreeText('overview', ''), null);
      assert.equal(checkFreeText('overview', undefined), null);
    });

    it('refuses text with them, naming the field and the characters', () => {
      const p = expectProblem(checkFreeText('overview', 'Rent & bills #2'), 'freeText.forbiddenCharacters', 'overview');
      assert.match(p.message, /^Overview contains the characters & and #\./);
      assert.match(p.message, /\* & % # @/);
      const q = expectProblem(checkFreeText('caseId', 'CASE@1'), 'freeText.forbiddenCharacters', 'caseId');
      assert.match(q.message, /^Case ID contains the character @\./);
    });
  });

  describe('checkIdentifierHasNoPersonalInfo', () => {
    const clients = [
      { givenName: 'Mary', familyName: "O'Brien" },
      { givenName: 'José', familyName: 'Li' },
    ];

    it('accepts ids without names', () => {
      assert.equal(checkIdentifierHasNoPersonalInfo('CF-2510-7KQ2M', clients, 'caseId'), null);
      assert.equal(checkIdentifierHasNoPersonalInfo('S-20251015-1', clients, 'sessionId'), null);
    });

    it('ignores names shorter than three letters', () => {
      assert.equal(checkIdentifierHasNoPersonalInfo('LI-2025', clients, 'caseId'), null);
    });

    it('refuses an id containing a name, ignoring case, accents and punctuation', () => {
      for (const id of ['obrien-01', "O'BRIEN 2025", 'case-MARY', 'jose-1', 'S-O.Brien']) {
        expectProblem(checkIdentifierHasNoPersonalInfo(id, clients, 'caseId'), 'identifier.containsName', 'caseId');
      }
    });

    it('names the field and the rule without repeating the name', () => {
      const p = expectProblem(checkIdentifierHasNoPersonalInfo('MARY-1', clients, 'sessionId'), 'identifier.containsName', 'sessionId');
      assert.match(p.message, /The session ID contains a client's name/);
      assert.doesNotMatch(p.message, /mary/i);
    });

    it('checks each part of a multi-part name', () => {
      const people = [{ givenName: 'Anne', familyName: 'van der Berg' }];
      expectProblem(checkIdentifierHasNoPersonalInfo('BERG-7', people), 'identifier.containsName', 'id');
      assert.equal(checkIdentifierHasNoPersonalInfo('CF-7', people), null);
    });
  });

  describe('checkDuration', () => {
    it('accepts whole minutes from 1 to 24 hours', () => {
      for (const m of [1, 90, 1440]) {
        assert.equal(checkDuration(m), null, String(m));
      }
    });

    it('refuses 0, negative and over 24 hours', () => {
      expectProblem(checkDuration(0), 'duration.outOfRange', 'durationMinutes');
      expectProblem(checkDuration(-5), 'duration.outOfRange', 'durationMinutes');
      const p = expectProblem(checkDuration(1441), 'duration.outOfRange', 'durationMinutes');
      assert.match(p.message, /session length must be more than 0 and at most 24 hours; 24 h 1 min/);
    });

    it('refuses fractions of a minute', () => {
      expectProblem(checkDuration(30.5), 'duration.notWholeNumber', 'durationMinutes');
    });
  });
});
