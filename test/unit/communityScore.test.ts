import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import { addCaseClients, addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import {
  compareScore,
  domainTrend,
  rebaseShownScore,
  recordCommunityScore,
  scoreItems,
  sameScore,
  validateCommunityScore,
  type CommunityScoreEntry,
} from '../../src/domain/communityScore';
import { cloneCommunityScore, laterSessions, planClone } from '../../src/domain/communityScoreCopy';
import type { Outcome } from '../../src/domain/outcome';
import { loadReferenceData } from '../../src/config/referenceDataFiles';
import { LIST_CONFLICT } from '../../src/domain/listChange';
import { parseOrganisations } from '../../src/config/organisations';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ZONE = 'Australia/Sydney';
const reference = loadReferenceData();
const org = parseOrganisations(sampleOrganisations(), 'test').organisations[0]!;
const alice: ChangeContext = { actor: { userId: 'u-alice', name: 'Alice' }, now: DateTime.fromISO('2025-10-20T10:00', { zone: ZONE }), zone: ZONE };
const bob: ChangeContext = { ...alice, actor: { userId: 'u-bob', name: 'Bob' }, now: alice.now.plus({ minutes: 5 }) };

function value<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}

function problemCodes<T>(o: Outcome<T>): string[] {
  assert.equal(o.ok, false, 'expected the operation to be refused');
  return o.ok ? [] : o.problems.map((p) => p.code);
}

/** A case file with `clients` clients and weekly sessions S1 (oldest) … S`sessions`. */
function caseFile(clients = 3, sessions = 4): CaseFile {
  let cf = value(
    createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId: 'cf-1',
        caseId: 'CF-TEST-1',
        name: 'Tuesday seniors group',
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      alice,
    ),
  );
  const people = Array.from({ length: clients }, (_, i) => ({ clientId: `CL-${i + 1}`, givenName: 'Given', familyName: `Family${i}`, reasons: [] }));
  if (people.length) cf = value(addCaseClients(cf, people, alice));
  const starts = Array.from({ length: sessions }, (_, i) => ({
    sessionId: `S${i + 1}`,
    startsAt: DateTime.fromISO('2025-09-23T10:00', { zone: ZONE }).plus({ weeks: i }),
    durationMinutes: 90,
    unidentifiedParticipants: 0,
  }));
  return sessions ? value(addSessions(cf, starts, alice)) : cf;
}

const paired: CommunityScoreEntry = {
  ratings: [
    { domainCode: 'SOCIALCOHESION', pre: 2, post: 4 },
    { domainCode: 'GROUPSKILLS', pre: 3, post: 3 },
  ],
  singleRating: false,
  note: 'Good turnout',
  assessedByCode: 'SDPRACTITIONER',
};

describe('Community SCORE rules', () => {
  describe('validateCommunityScore', () => {
    it('accepts a paired score on a case file with more than one client', () => {
      assert.deepEqual(validateCommunityScore(paired, caseFile(), reference), []);
    });

    it('needs more than one client on the case file', () => {
      const [p] = validateCommunityScore(paired, caseFile(1), reference);
      assert.equal(p!.code, 'communityScore.tooFewClients');
      assert.match(p!.message, /more than one client.*only 1 client/);
      assert.equal(validateCommunityScore(paired, caseFile(0), reference)[0]!.code, 'communityScore.tooFewClients');
    });

    it('needs the same domains PRE and POST unless it is a single rating', () => {
      const preOnly = { ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2 }] };
      const [p] = validateCommunityScore(preOnly, caseFile(), reference);
      assert.equal(p!.code, 'communityScore.unpaired');
      assert.match(p!.message, /Social cohesion has a PRE rating but no POST rating/);
      const postOnly = { ...paired, ratings: [{ domainCode: 'GROUPNETWORKS', post: 5 }] };
      assert.match(validateCommunityScore(postOnly, caseFile(), reference)[0]!.message, /POST rating but no PRE/);
    });

    it('stores a single end-of-session rating as POST only', () => {
      assert.deepEqual(
        validateCommunityScore({ ...paired, singleRating: true, ratings: [{ domainCode: 'SOCIALCOHESION', post: 4 }] }, caseFile(), reference),
        [],
      );
      const withPre = validateCommunityScore(
        { ...paired, singleRating: true, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 4 }] },
        caseFile(),
        reference,
      );
      assert.deepEqual(
        withPre.map((p) => p.code),
        ['communityScore.singleWithPre'],
      );
      const preOnly = validateCommunityScore({ ...paired, singleRating: true, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2 }] }, caseFile(), reference);
      assert.deepEqual(
        preOnly.map((p) => p.code),
        ['communityScore.singleWithPre'],
      );
    });

    it('takes whole numbers from 1 to 5 only', () => {
      for (const bad of [0, 6, 2.5, Number.NaN]) {
        const problems = validateCommunityScore({ ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: bad, post: 3 }] }, caseFile(), reference);
        assert.deepEqual(
          problems.map((p) => p.code),
          ['communityScore.ratingOutOfRange'],
          String(bad),
        );
        assert.match(problems[0]!.message, /Social cohesion: a rating must be a whole number from 1 to 5/);
      }
    });

    it('takes Community SCORE domains only, each once, and at least one', () => {
      assert.deepEqual(
        validateCommunityScore({ ...paired, ratings: [{ domainCode: 'FAMILY', pre: 1, post: 2 }] }, caseFile(), reference).map((p) => p.code),
        ['communityScore.unknownDomain'],
      );
      const twice = { ...paired, ratings: [paired.ratings[0]!, { domainCode: 'SOCIALCOHESION', pre: 1, post: 1 }] };
      assert.deepEqual(
        validateCommunityScore(twice, caseFile(), reference).map((p) => p.code),
        ['communityScore.duplicateDomain'],
      );
      assert.deepEqual(
        validateCommunityScore({ ...paired, ratings: [] }, caseFile(), reference).map((p) => p.code),
        ['communityScore.noDomains'],
      );
      assert.deepEqual(
        validateCommunityScore({ ...paired, ratings: [{ domainCode: 'ORGSKILLS' }] }, caseFile(), reference).map((p) => p.code),
        ['communityScore.domainEmpty'],
      );
    });

    it('checks the assessed-by code and the note', () => {
      assert.deepEqual(
        validateCommunityScore({ ...paired, assessedByCode: 'NOBODY' }, caseFile(), reference).map((p) => p.code),
        ['communityScore.assessedByUnknown'],
      );
      const note = validateCommunityScore({ ...paired, note: 'Tea & cake' }, caseFile(), reference);
      assert.deepEqual(
        note.map((p) => [p.code, p.field]),
        [['freeText.forbiddenCharacters', 'note']],
      );
      assert.deepEqual(
        validateCommunityScore({ ...paired, note: 'x'.repeat(1001) }, caseFile(), reference).map((p) => p.code),
        ['communityScore.noteTooLong'],
      );
    });
  });

  describe('compareScore', () => {
    it('says per domain whether POST is above, equal to or below PRE', () => {
      const result = compareScore({
        ratings: [
          { domainCode: 'GROUPSKILLS', pre: 2, post: 4 },
          { domainCode: 'ORGSKILLS', pre: 3, post: 3 },
          { domainCode: 'GROUPNETWORKS', pre: 5, post: 1 },
          { domainCode: 'SOCIALCOHESION', post: 4 },
        ],
      });
      assert.deepEqual(result, [
        { domainCode: 'GROUPSKILLS', pre: 2, post: 4, change: 'increased' },
        { domainCode: 'ORGSKILLS', pre: 3, post: 3, change: 'same' },
        { domainCode: 'GROUPNETWORKS', pre: 5, post: 1, change: 'declined' },
        { domainCode: 'SOCIALCOHESION', pre: undefined, post: 4, change: 'single' },
      ]);
    });

    it('returns nothing for a score with no ratings', () => {
      assert.deepEqual(compareScore({ ratings: [] }), []);
    });
  });

  describe('recordCommunityScore', () => {
    it('stores the score in domain order with who and when, and audits it', () => {
      const cf = value(recordCommunityScore(caseFile(), 'S2', paired, alice, reference));
      const score = cf.sessions.find((s) => s.sessionId === 'S2')!.communityScore!;
      assert.deepEqual(
        score.ratings.map((r) => r.domainCode),
        ['GROUPSKILLS', 'SOCIALCOHESION'],
      );
      assert.equal(score.recordedBy.name, 'Alice');
      assert.equal(score.note, 'Good turnout');
      assert.equal(cf.audit.at(-1)!.action, 'communityScore.recorded');
      assert.match(cf.audit.at(-1)!.detail, /Session S2: GROUPSKILLS 3>3, SOCIALCOHESION 2>4/);
    });

    it('refuses a score that breaks a rule, and an unknown session', () => {
      assert.deepEqual(problemCodes(recordCommunityScore(caseFile(1), 'S1', paired, alice, reference)), ['communityScore.tooFewClients']);
      assert.deepEqual(problemCodes(recordCommunityScore(caseFile(), 'S9', paired, alice, reference)), ['session.unknown']);
    });

    it('changes nothing when the same score is saved again (a retried save)', () => {
      const once = value(recordCommunityScore(caseFile(), 'S1', paired, alice, reference, { shown: [] }));
      const twice = value(recordCommunityScore(once, 'S1', paired, alice, reference, { shown: [] }));
      assert.equal(twice, once);
    });

    it('applies only what the person changed relative to the score they saw, and names a domain changed by both', () => {
      const first = value(recordCommunityScore(caseFile(), 'S1', paired, alice, reference));
      const seen = scoreItems(first.sessions[0]!.communityScore!);
      const edited = { ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 5 }, paired.ratings[1]!] };
      const byBob = value(recordCommunityScore(first, 'S1', edited, bob, reference, { shown: seen }));
      assert.equal(byBob.audit.at(-1)!.action, 'communityScore.updated');

      const alicesOther = { ...paired, ratings: [paired.ratings[0]!, { domainCode: 'GROUPSKILLS', pre: 3, post: 4 }] };
      const merged = value(recordCommunityScore(byBob, 'S1', alicesOther, alice, reference, { shown: seen }));
      assert.deepEqual(
        merged.sessions[0]!.communityScore!.ratings.map((r) => [r.domainCode, r.pre, r.post]).sort(),
        [
          ['GROUPSKILLS', 3, 4],
          ['SOCIALCOHESION', 2, 5],
        ],
        "Bob's change to social cohesion is kept beside Alice's to group skills",
      );

      const alicesLate = { ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 1, post: 1 }, paired.ratings[1]!] };
      const refused = recordCommunityScore(byBob, 'S1', alicesLate, alice, reference, { shown: seen });
      assert.deepEqual(problemCodes(refused), [LIST_CONFLICT]);
      assert.match(refused.ok ? '' : refused.problems[0]!.message, /The SOCIALCOHESION rating .* was changed by Bob/);
      const rebased = rebaseShownScore(seen, byBob.sessions[0]!.communityScore!, ['SOCIALCOHESION']);
      const knowingly = value(recordCommunityScore(byBob, 'S1', alicesLate, alice, reference, { shown: rebased }));
      assert.deepEqual(
        knowingly.sessions[0]!.communityScore!.ratings.find((r) => r.domainCode === 'SOCIALCOHESION'),
        { domainCode: 'SOCIALCOHESION', pre: 1, post: 1 },
      );
    });

    it('clears "Assessed by" when the person clears it, and keeps it cleared when someone else changes only a rating', () => {
      const first = value(recordCommunityScore(caseFile(), 'S1', paired, alice, reference));
      const seen = scoreItems(first.sessions[0]!.communityScore!);
      const { assessedByCode: _cleared, ...withoutAssessor } = paired;
      const cleared = value(recordCommunityScore(first, 'S1', withoutAssessor, bob, reference, { shown: seen }));
      assert.equal(cleared.sessions[0]!.communityScore!.assessedByCode, undefined, 'Bob cleared it');

      // Alice opened the score before Bob's change and raised one rating; the assessor on her card is the old one.
      const alicesRating = { ...paired, ratings: [paired.ratings[0]!, { domainCode: 'GROUPSKILLS', pre: 3, post: 5 }] };
      const merged = value(recordCommunityScore(cleared, 'S1', alicesRating, alice, reference, { shown: seen }));
      const score = merged.sessions[0]!.communityScore!;
      assert.equal(score.ratings.find((r) => r.domainCode === 'GROUPSKILLS')!.post, 5, 'Alice’s rating is applied');
      assert.equal(score.assessedByCode, undefined, 'Bob’s clearing is not undone by a save that did not touch the assessor');
    });
  });

  describe('cloneCommunityScore', () => {
    const scored = () => value(recordCommunityScore(caseFile(), 'S1', paired, alice, reference));

    it('refuses to copy onto a target whose score changed after the targets were picked, naming it', () => {
      const cf = scored();
      const shown = { S2: null, S3: null };
      const bobScored = value(recordCommunityScore(cf, 'S3', { ...paired, note: 'Bob' }, bob, reference));
      const refused = cloneCommunityScore(bobScored, 'S1', ['S2', 'S3'], alice, reference, { shown });
      assert.deepEqual(problemCodes(refused), [LIST_CONFLICT]);
      assert.match(refused.ok ? '' : refused.problems[0]!.message, /was changed by Bob after you picked the sessions/);
      const fine = value(cloneCommunityScore(cf, 'S1', ['S2', 'S3'], alice, reference, { shown }));
      assert.ok(fine.sessions.filter((s) => ['S2', 'S3'].includes(s.sessionId)).every((s) => s.communityScore?.clonedFromSessionId === 'S1'));
    });

    it('copies a score to later sessions, marking where it came from', () => {
      const cf = value(cloneCommunityScore(scored(), 'S1', ['S2', 'S3'], bob, reference));
      for (const id of ['S2', 'S3']) {
        const score = cf.sessions.find((s) => s.sessionId === id)!.communityScore!;
        assert.equal(score.clonedFromSessionId, 'S1');
        assert.equal(score.recordedBy.name, 'Bob');
        assert.ok(sameScore(score, paired));
      }
      assert.equal(cf.sessions.find((s) => s.sessionId === 'S4')!.communityScore, undefined);
      assert.equal(cf.audit.at(-1)!.action, 'communityScore.cloned');
    });

    it('copies only to later sessions', () => {
      const cf = value(recordCommunityScore(caseFile(), 'S3', paired, alice, reference));
      assert.deepEqual(problemCodes(cloneCommunityScore(cf, 'S3', ['S1'], bob, reference)), ['communityScore.notLater']);
      assert.deepEqual(problemCodes(cloneCommunityScore(cf, 'S3', ['S3'], bob, reference)), ['communityScore.notLater']);
      assert.deepEqual(
        laterSessions(cf, 'S3').map((s) => s.sessionId),
        ['S4'],
      );
    });

    it('needs a scored source and at least one target', () => {
      assert.deepEqual(problemCodes(cloneCommunityScore(caseFile(), 'S1', ['S2'], bob, reference)), ['communityScore.sourceUnscored']);
      assert.deepEqual(problemCodes(cloneCommunityScore(scored(), 'S1', [], bob, reference)), ['communityScore.noTargets']);
    });

    it('replaces a different existing score only when confirmed', () => {
      const other = { ...paired, ratings: [{ domainCode: 'ORGSKILLS', pre: 1, post: 2 }] };
      const cf = value(recordCommunityScore(scored(), 'S3', other, alice, reference));
      assert.deepEqual(problemCodes(cloneCommunityScore(cf, 'S1', ['S2', 'S3'], bob, reference)), ['communityScore.wouldOverwrite']);
      assert.deepEqual(value(planClone(cf, 'S1', ['S2', 'S3'], bob, { overwrite: ['S3'] })), { add: ['S2'], replace: ['S3'], unchanged: [] });
      const replaced = value(cloneCommunityScore(cf, 'S1', ['S2', 'S3'], bob, reference, { overwrite: ['S3'] }));
      assert.ok(sameScore(replaced.sessions.find((s) => s.sessionId === 'S3')!.communityScore!, paired));
      assert.match(replaced.audit.at(-1)!.detail, /replaced the score of S3/);
    });

    it('is a no-op when repeated (a retried save)', () => {
      const once = value(cloneCommunityScore(scored(), 'S1', ['S2'], bob, reference));
      assert.deepEqual(value(planClone(once, 'S1', ['S2'], bob)), { add: [], replace: [], unchanged: ['S2'] });
      assert.equal(value(cloneCommunityScore(once, 'S1', ['S2'], bob, reference)), once);
    });
  });

  describe('domainTrend', () => {
    it('compares the first scored session’s PRE with the latest scored session’s POST', () => {
      let cf = caseFile();
      cf = value(recordCommunityScore(cf, 'S1', { ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 1, post: 2 }] }, alice, reference));
      cf = value(recordCommunityScore(cf, 'S3', { ...paired, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 3, post: 4 }] }, alice, reference));
      cf = value(recordCommunityScore(cf, 'S2', { ...paired, ratings: [{ domainCode: 'GROUPSKILLS', pre: 3, post: 3 }] }, alice, reference));
      const trend = domainTrend(cf, 'SOCIALCOHESION')!;
      assert.deepEqual(
        trend.points.map((p) => p.sessionId),
        ['S1', 'S3'],
      );
      assert.deepEqual([trend.first.sessionId, trend.first.phase, trend.first.rating], ['S1', 'PRE', 1]);
      assert.deepEqual([trend.latest.sessionId, trend.latest.phase, trend.latest.rating], ['S3', 'POST', 4]);
      assert.equal(trend.change, 'increased');
      assert.equal(domainTrend(cf, 'GROUPSKILLS')!.change, 'same');
      assert.equal(domainTrend(cf, 'ORGSKILLS'), undefined);
    });

    it('reports a lone single rating as single, and a decline as declined', () => {
      let cf = value(
        recordCommunityScore(caseFile(), 'S2', { ...paired, singleRating: true, ratings: [{ domainCode: 'GROUPNETWORKS', post: 3 }] }, alice, reference),
      );
      assert.equal(domainTrend(cf, 'GROUPNETWORKS')!.change, 'single');
      cf = value(recordCommunityScore(cf, 'S4', { ...paired, singleRating: true, ratings: [{ domainCode: 'GROUPNETWORKS', post: 2 }] }, alice, reference));
      const trend = domainTrend(cf, 'GROUPNETWORKS')!;
      assert.deepEqual([trend.first.phase, trend.first.rating, trend.latest.rating, trend.change], ['POST', 3, 2, 'declined']);
    });
  });
});
