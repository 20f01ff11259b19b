import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import { addCaseClients, addSessions, createCaseFile } from '../../src/domain/caseFileOperations';
import type { Actor } from '../../src/domain/common';
import { recordCommunityScore, type CommunityScoreEntry } from '../../src/domain/communityScore';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { createHarness, transcript, type Harness, type TestConversation } from '../support/botHarness';
import { findButtonData as buttonData, inputOf as input, nodesOnCards } from '../support/cardQueries';
import { ORG, seedContext, value } from '../support/fixtures';

const ZONE = 'Australia/Sydney';
/** Weekly Tuesday sessions before the harness's "now" (Mon 20 Oct 2025). */
const SESSION_STARTS = ['2025-09-23T10:00', '2025-09-30T10:00', '2025-10-07T10:00', '2025-10-14T10:00'];

/** Scores are shown with who recorded them, so each seeded score names its own scorer. */
function scorer(name: string): Actor {
  return { userId: `seed-${name}`, name };
}

/** A case file already in the store, built through the domain operations as the other flows would build it. */
async function seedCaseFile(harness: Harness, spec: { id: string; name: string; clients: number; sessions?: number }): Promise<CaseFile> {
  const org = harness.services.organisations.byId(ORG)!;
  const ctx = seedContext(harness, scorer('Seed Data'));
  let cf = value(
    createCaseFile(
      org,
      {
        organisationId: ORG,
        caseFileId: spec.id,
        caseId: `CF-${spec.id.toUpperCase()}`,
        name: spec.name,
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    ),
  );
  const people = Array.from({ length: spec.clients }, (_, i) => ({
    clientId: `CL-${spec.id}-${i + 1}`,
    givenName: 'Member',
    familyName: `Number${i + 1}`,
    reasons: [],
  }));
  if (people.length) cf = value(addCaseClients(cf, people, ctx));
  const starts = SESSION_STARTS.slice(0, spec.sessions ?? 4);
  if (starts.length) {
    cf = value(
      addSessions(
        cf,
        starts.map((iso, i) => ({ sessionId: `S${i + 1}`, startsAt: DateTime.fromISO(iso, { zone: ZONE }), durationMinutes: 90, unidentifiedParticipants: 0 })),
        ctx,
      ),
    );
  }
  value(await harness.services.caseFiles.insert(cf));
  return cf;
}

async function seedScore(harness: Harness, caseFileId: string, sessionId: string, entry: CommunityScoreEntry, by = 'Seed Data'): Promise<CaseFile> {
  return value(
    await harness.services.caseFiles.update(ORG, caseFileId, (cf) =>
      recordCommunityScore(cf, sessionId, entry, seedContext(harness, scorer(by)), harness.services.referenceData),
    ),
  );
}

async function stored(harness: Harness, caseFileId: string): Promise<CaseFile> {
  return (await harness.services.caseFiles.get(ORG, caseFileId))!;
}

function scoreOf(cf: CaseFile, sessionId: string) {
  return cf.sessions.find((s) => s.sessionId === sessionId)!.communityScore;
}

const FOUR_DOMAINS = {
  pre_GROUPSKILLS: '2',
  post_GROUPSKILLS: '4',
  pre_ORGSKILLS: '3',
  post_ORGSKILLS: '3',
  pre_GROUPNETWORKS: '4',
  post_GROUPNETWORKS: '2',
  pre_SOCIALCOHESION: '1',
  post_SOCIALCOHESION: '3',
  single: 'false',
  note: 'Great turnout for the morning tea',
  assessedBy: 'SDPRACTITIONER',
};

const ENTRY: CommunityScoreEntry = { ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }], singleRating: false, assessedByCode: 'SDPRACTITIONER' };

describe('Community SCORE (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('scores one session on four domains and shows what increased, stayed the same or declined', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 3 });
    const c = harness.conversation();
    let actions = 0;
    const sessionStep = transcript(await c.say('community score for Tuesday seniors group'));
    actions++;
    assert.match(sessionStep, /Step 1 of 3 · Session/);
    assert.match(sessionStep, /14 Oct 2025, 10:00 am \(Tue, not scored yet\)[\s\S]*23 Sep 2025/, 'most recent first');
    const scoreStep = await c.press('Continue', { choice: 'S3' });
    actions += 2;
    const scoreCard = transcript(scoreStep);
    assert.match(scoreCard, /Step 2 of 3 · Ratings/);
    for (const wording of [
      '1 – no change in capacity',
      '2 – limited change, emerging engagement',
      '3 – limited change, strong engagement',
      '4 – moderate change',
      '5 – significant change',
      'Not applicable',
    ]) {
      assert.ok(scoreCard.includes(wording), wording);
    }
    for (const domain of [
      'Group/community knowledge, skills, attitudes and behaviours',
      'Organisational knowledge, skills and practices',
      'Community infrastructure and networks',
      'Social cohesion',
    ]) {
      assert.ok(scoreCard.includes(domain), domain);
    }
    assert.equal(input(scoreStep, 'assessedBy')!.value, undefined, 'assessed by starts empty: no value the user did not choose');
    assert.equal(input(scoreStep, 'assessedBy')!.isRequired, undefined, 'and may stay empty');
    assert.equal(input(scoreStep, 'pre_SOCIALCOHESION')!.style, 'compact');
    const review = transcript(await c.press('Continue', FOUR_DOMAINS));
    actions += 8 + 1;
    assert.match(review, /Step 3 of 3 · Check and save/);
    assert.match(review, /Social cohesion: PRE 1 – no change in capacity → POST 3 – limited change, strong engagement/);
    assert.equal(scoreOf(await stored(harness, 'tsg'), 'S3'), undefined, 'nothing is written before Save');
    const done = await c.press('Save');
    actions++;
    const summary = transcript(done);
    assert.match(summary, /Community SCORE saved: Tuesday seniors group, 7 Oct 2025/);
    assert.match(
      summary,
      /Group\/community knowledge, skills, attitudes and behaviours\n▲ Increased: PRE 2 – limited change, emerging engagement → POST 4 – moderate change/,
    );
    assert.match(summary, /Organisational knowledge, skills and practices\n■ Stayed the same: PRE 3/);
    assert.match(summary, /Community infrastructure and networks\n▼ Declined: PRE 4 – moderate change → POST 2/);
    assert.match(summary, /Clone to later sessions/);

    const cf = await stored(harness, 'tsg');
    const score = scoreOf(cf, 'S3')!;
    assert.deepEqual(score.ratings, [
      { domainCode: 'GROUPSKILLS', pre: 2, post: 4 },
      { domainCode: 'ORGSKILLS', pre: 3, post: 3 },
      { domainCode: 'GROUPNETWORKS', pre: 4, post: 2 },
      { domainCode: 'SOCIALCOHESION', pre: 1, post: 3 },
    ]);
    assert.equal(score.singleRating, false);
    assert.equal(score.note, 'Great turnout for the morning tea');
    assert.equal(score.assessedByCode, 'SDPRACTITIONER', 'chosen on the card');
    assert.equal(score.recordedBy.name, 'Alice Case-Manager');
    assert.equal(cf.audit.at(-1)!.action, 'communityScore.recorded');
    assert.equal(cf.audit.at(-1)!.by.userId, 'user-alice');
    // 1 sentence + session (pick, Continue) + 8 ratings and Continue + Save.
    assert.equal(actions, 13);
  });

  it('records no "Assessed by" when the user leaves it empty', async () => {
    await seedCaseFile(harness, { id: 'fyc', name: 'Friday yarn circle', clients: 2 });
    const c = harness.conversation();
    await c.say('score for Friday yarn circle');
    await c.say('30 Sep');
    const review = transcript(await c.press('Continue', { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3', single: 'false' }));
    assert.match(review, /Assessed by: Not recorded/);
    await c.press('Save');
    const score = scoreOf(await stored(harness, 'fyc'), 'S2')!;
    assert.equal(score.assessedByCode, undefined);
    assert.doesNotMatch((await stored(harness, 'fyc')).audit.at(-1)!.detail, /assessed by/);
  });

  it('asks for the case file when the sentence names none, and takes a typed session date', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    await seedCaseFile(harness, { id: 'fyc', name: 'Friday yarn circle', clients: 2 });
    const c = harness.conversation();
    assert.match(transcript(await c.say('score')), /Step 1 of 4 · Case file[\s\S]*Friday yarn circle/);
    assert.match(transcript(await c.say('Friday yarn')), /Step 2 of 4 · Session/);
    assert.match(transcript(await c.say('30 Sep')), /Step 3 of 4 · Ratings[\s\S]*30 Sep 2025/);
    await c.press('Continue', { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '2', single: 'false', assessedBy: 'SDJOINT' });
    await c.press('Save');
    assert.deepEqual(scoreOf(await stored(harness, 'fyc'), 'S2')!.ratings, [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 2 }]);
    assert.equal(scoreOf(await stored(harness, 'fyc'), 'S2')!.assessedByCode, 'SDJOINT');
  });

  it('refuses a case file with one client, explains why and offers to add clients', async () => {
    await seedCaseFile(harness, { id: 'solo', name: 'Solo support', clients: 1 });
    const c = harness.conversation();
    const replies = await c.say('record community score for Solo support');
    const words = transcript(replies);
    assert.match(words, /Solo support needs more clients/);
    assert.match(words, /Community SCORE needs more than one client on the case file, because it rates a group; this case file has only 1 client/);
    assert.deepEqual(buttonData(replies, 'Add clients'), { command: 'addClients', args: { caseFileId: 'solo' } });
    assert.match(transcript(await c.say('help')), /What I can do/, 'the flow has ended');
  });

  it('refuses a one-client case file picked from the list and lets the user pick another', async () => {
    await seedCaseFile(harness, { id: 'solo', name: 'Solo support', clients: 1 });
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    await c.say('score');
    const refused = transcript(await c.press('Continue', { choice: 'solo' }));
    assert.match(refused, /only 1 client[\s\S]*Pick another case file/);
    assert.match(refused, /Step 1 of 4 · Case file/);
    assert.match(transcript(await c.press('Continue', { choice: 'tsg' })), /Step 2 of 4 · Session/);
  });

  it('refuses a case file without sessions and offers to add one', async () => {
    await seedCaseFile(harness, { id: 'new', name: 'New group', clients: 2, sessions: 0 });
    const replies = await harness.conversation().say('score for New group');
    assert.match(transcript(replies), /New group has no sessions yet/);
    assert.match(JSON.stringify(replies[0]!.attachments), /"command":"addSession","args":\{"caseFileId":"new"\}/);
  });

  describe('explains each broken rule and brings the card back with the other answers kept', () => {
    async function atScoreCard(): Promise<TestConversation> {
      await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
      const c = harness.conversation();
      await c.say('score for Tuesday seniors group');
      await c.press('Continue', { choice: 'S4' });
      return c;
    }

    const cases: [string, Record<string, string>, RegExp][] = [
      ['PRE without POST', { pre_SOCIALCOHESION: '2', pre_GROUPSKILLS: '3', post_GROUPSKILLS: '3' }, /Social cohesion has a PRE rating but no POST rating/],
      ['POST without PRE', { post_ORGSKILLS: '4' }, /Organisational knowledge, skills and practices has a POST rating but no PRE rating/],
      ['a rating outside 1–5', { pre_SOCIALCOHESION: '7', post_SOCIALCOHESION: '3' }, /Social cohesion: a rating must be a whole number from 1 to 5/],
      ['a rating that is not a whole number', { pre_SOCIALCOHESION: '2.5', post_SOCIALCOHESION: '3' }, /whole number from 1 to 5/],
      [
        'PRE on a single rating',
        { single: 'true', pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3' },
        /single end-of-session rating is recorded as POST only/,
      ],
      ['no domain rated', {}, /Rate at least one domain/],
      [
        'an unknown assessed-by code',
        { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3', assessedBy: 'SOMEONE' },
        /Assessed by: SOMEONE is not one of the DEX assessed-by codes/,
      ],
      ['a forbidden character in the note', { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3', note: 'Tea & scones' }, /Note contains the character &/],
      [
        'a toggle value that is not true or false',
        { single: 'maybe', pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3' },
        /Single end-of-session rating: tick or untick the box/,
      ],
    ];
    for (const [name, submitted, message] of cases) {
      it(name, async () => {
        const c = await atScoreCard();
        const replies = await c.press('Continue', { single: 'false', assessedBy: 'SDPRACTITIONER', ...submitted });
        const words = transcript(replies);
        assert.match(words, message);
        assert.match(words, /Step 2 of 3 · Ratings/);
        for (const [id, v] of Object.entries(submitted)) if (id !== 'single') assert.equal(input(replies, id)!.value, v, `${id} is kept`);
        assert.equal(scoreOf(await stored(harness, 'tsg'), 'S4'), undefined);
      });
    }

    it('a rating sent as something other than a choice', async () => {
      const c = await atScoreCard();
      assert.match(
        transcript(await c.press('Continue', { pre_SOCIALCOHESION: 2 as unknown as string })),
        /Social cohesion, PRE: choose a rating from the list/,
      );
    });

    it('typed words instead of the card', async () => {
      const c = await atScoreCard();
      assert.match(transcript(await c.say('social cohesion 2 then 4')), /Fill in the ratings on the card and choose Continue/);
    });
  });

  it('records a single end-of-session rating for a one-off event as POST', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    await c.say('score for Tuesday seniors group');
    await c.press('Continue', { choice: 'S4' });
    await c.press('Continue', { single: 'true', post_SOCIALCOHESION: '4', post_GROUPNETWORKS: '3', assessedBy: 'SDPRACTITIONER' });
    const summary = transcript(await c.press('Save'));
    assert.match(summary, /Single end-of-session rating: POST 4 – moderate change/);
    assert.match(summary, /no later sessions to copy this score to/);
    const score = scoreOf(await stored(harness, 'tsg'), 'S4')!;
    assert.equal(score.singleRating, true);
    assert.deepEqual(score.ratings, [
      { domainCode: 'GROUPNETWORKS', post: 3 },
      { domainCode: 'SOCIALCOHESION', post: 4 },
    ]);
  });

  it('edits an existing score: the card shows the stored values and the save replaces them', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    await seedScore(
      harness,
      'tsg',
      'S2',
      {
        ratings: [
          { domainCode: 'SOCIALCOHESION', pre: 2, post: 3 },
          { domainCode: 'ORGSKILLS', pre: 1, post: 1 },
        ],
        singleRating: false,
        note: 'First go',
        assessedByCode: 'SDJOINT',
      },
      'Nadia',
    );
    const c = harness.conversation();
    assert.match(transcript(await c.say('edit score for Tuesday seniors group')), /30 Sep 2025, 10:00 am \(Tue, scored: 2 domains\)/);
    const card = await c.press('Continue', { choice: 'S2' });
    assert.match(transcript(card), /already has a score \(recorded by Nadia/);
    assert.equal(input(card, 'pre_SOCIALCOHESION')!.value, '2');
    assert.equal(input(card, 'post_SOCIALCOHESION')!.value, '3');
    assert.equal(input(card, 'pre_ORGSKILLS')!.value, '1');
    assert.equal(input(card, 'pre_GROUPSKILLS')!.value, 'NA');
    assert.equal(input(card, 'note')!.value, 'First go');
    assert.equal(input(card, 'assessedBy')!.value, 'SDJOINT');
    const review = transcript(
      await c.press('Continue', {
        pre_SOCIALCOHESION: '2',
        post_SOCIALCOHESION: '5',
        pre_ORGSKILLS: 'NA',
        post_ORGSKILLS: 'NA',
        single: 'false',
        note: 'First go',
        assessedBy: 'SDJOINT',
      }),
    );
    assert.match(review, /This replaces the score recorded by Nadia/);
    await c.press('Save');
    const cf = await stored(harness, 'tsg');
    assert.deepEqual(scoreOf(cf, 'S2')!.ratings, [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 5 }]);
    assert.equal(scoreOf(cf, 'S2')!.recordedBy.name, 'Alice Case-Manager');
    assert.equal(cf.audit.at(-1)!.action, 'communityScore.updated');
  });

  it('does not overwrite a score someone else saved while the card was open', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    await c.say('score for Tuesday seniors group');
    await c.press('Continue', { choice: 'S4' });
    await c.press('Continue', { pre_SOCIALCOHESION: '1', post_SOCIALCOHESION: '2', single: 'false', assessedBy: 'SDPRACTITIONER' });
    await seedScore(harness, 'tsg', 'S4', ENTRY, 'Bob Colleague');
    const refused = transcript(await c.press('Save'));
    assert.match(refused, /Not saved yet: The SOCIALCOHESION rating of the session on 14 Oct 2025 was changed by Bob Colleague/);
    assert.match(refused, /Check and save/, 'the summary comes back with the conflict named');
    assert.deepEqual(scoreOf(await stored(harness, 'tsg'), 'S4')!.ratings, ENTRY.ratings, 'Bob’s score is kept');
    await c.press('Save');
    assert.deepEqual(scoreOf(await stored(harness, 'tsg'), 'S4')!.ratings, [{ domainCode: 'SOCIALCOHESION', pre: 1, post: 2 }], 'saved again knowingly');
  });

  it('goes back from the ratings to the session, and cancels without saving', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    await c.say('score for Tuesday seniors group');
    await c.press('Continue', { choice: 'S4' });
    assert.match(transcript(await c.say('help')), /PRE near the start of the session/);
    assert.match(transcript(await c.say('back')), /Step 1 of 3 · Session/);
    await c.press('Continue', { choice: 'S1' });
    await c.press('Continue', { pre_SOCIALCOHESION: '1', post_SOCIALCOHESION: '2', single: 'false', assessedBy: 'SDPRACTITIONER' });
    assert.match(transcript(await c.say('cancel')), /Cancelled/);
    assert.ok((await stored(harness, 'tsg')).sessions.every((s) => !s.communityScore));
  });

  it('copies a saved score to all later sessions from the summary card', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    await c.say('score for Tuesday seniors group');
    await c.press('Continue', { choice: 'S2' });
    await c.press('Continue', { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '4', single: 'false', assessedBy: 'SDPRACTITIONER' });
    await c.press('Save');
    const targets = transcript(await c.press('Clone to later sessions'));
    assert.match(targets, /Step 1 of 2 · Later sessions[\s\S]*All later sessions \(2\)[\s\S]*7 Oct 2025, 10:00 am \(Tue, no score yet\)/);
    const review = transcript(await c.press('Continue', { choice: 'ALL' }));
    assert.match(review, /Add to: 7 Oct 2025, 10:00 am; 14 Oct 2025, 10:00 am/);
    assert.match(transcript(await c.press('Save')), /now on 2 more sessions/);
    const cf = await stored(harness, 'tsg');
    for (const id of ['S3', 'S4']) {
      assert.deepEqual(scoreOf(cf, id)!.ratings, [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 4 }]);
      assert.equal(scoreOf(cf, id)!.clonedFromSessionId, 'S2');
    }
    assert.equal(scoreOf(cf, 'S1'), undefined, 'earlier sessions are never touched');
    assert.equal(cf.audit.at(-1)!.action, 'communityScore.cloned');
  });

  describe('copying onto a session that already has a score', () => {
    async function atOverwriteQuestion(): Promise<TestConversation> {
      await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
      await seedScore(harness, 'tsg', 'S1', { ...ENTRY, ratings: [{ domainCode: 'GROUPSKILLS', pre: 3, post: 4 }] });
      await seedScore(harness, 'tsg', 'S4', ENTRY, 'Nadia');
      const c = harness.conversation();
      assert.match(transcript(await c.say('copy score for Tuesday seniors group to later sessions')), /Step 1 of 3 · Score to copy/);
      await c.press('Continue', { choice: 'S1' });
      const question = transcript(await c.press('Continue', { choice: 'S2,S3,S4' }));
      assert.match(
        question,
        /Step 3 of 4 · Replace existing scores[\s\S]*already has a different Community SCORE\. Tick it to replace it, or type its date[\s\S]*14 Oct 2025, 10:00 am \(now Social cohesion 2 → 3\)/,
      );
      return c;
    }

    it('replaces it only when the user types its date', async () => {
      const c = await atOverwriteQuestion();
      const review = transcript(await c.say('14 Oct'));
      assert.match(review, /Replace on: 14 Oct 2025, 10:00 am/);
      await c.press('Save');
      const cf = await stored(harness, 'tsg');
      for (const id of ['S2', 'S3', 'S4']) assert.deepEqual(scoreOf(cf, id)!.ratings, [{ domainCode: 'GROUPSKILLS', pre: 3, post: 4 }], id);
      assert.match(cf.audit.at(-1)!.detail, /replaced the score of S4/);
    });

    it('keeps it when the user leaves it unticked', async () => {
      const c = await atOverwriteQuestion();
      const review = transcript(await c.press('Continue', { choice: '' }));
      assert.match(review, /Keep their own score: 14 Oct 2025, 10:00 am/);
      assert.match(transcript(await c.press('Save')), /Kept their own score: 14 Oct 2025/);
      const cf = await stored(harness, 'tsg');
      assert.deepEqual(scoreOf(cf, 'S4')!.ratings, ENTRY.ratings, 'Nadia’s score is kept');
      assert.equal(scoreOf(cf, 'S4')!.recordedBy.name, 'Nadia');
      assert.deepEqual(scoreOf(cf, 'S3')!.ratings, [{ domainCode: 'GROUPSKILLS', pre: 3, post: 4 }]);
    });

    it('will not copy nothing when every picked session keeps its score', async () => {
      await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
      await seedScore(harness, 'tsg', 'S3', { ...ENTRY, ratings: [{ domainCode: 'GROUPSKILLS', pre: 3, post: 4 }] });
      await seedScore(harness, 'tsg', 'S4', ENTRY);
      const c = harness.conversation();
      await c.send({ value: { command: 'cloneScore', args: { caseFileId: 'tsg', sessionId: 'S3' } } });
      await c.press('Continue', { choice: 'S4' });
      assert.match(transcript(await c.say('none')), /You kept every existing score, so nothing would be copied/);
      assert.deepEqual(scoreOf(await stored(harness, 'tsg'), 'S4')!.ratings, ENTRY.ratings);
    });
  });

  it('does not copy over a score someone saved on a target after it was picked', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    await seedScore(harness, 'tsg', 'S1', { ...ENTRY, ratings: [{ domainCode: 'GROUPSKILLS', pre: 3, post: 4 }] });
    const c = harness.conversation();
    await c.send({ value: { command: 'cloneScore', args: { caseFileId: 'tsg', sessionId: 'S1' } } });
    assert.match(transcript(await c.press('Continue', { choice: 'S2' })), /Add to: 30 Sep 2025, 10:00 am/);
    await seedScore(harness, 'tsg', 'S2', ENTRY, 'Nadia');
    const refused = transcript(await c.press('Save'));
    assert.match(
      refused,
      /Step 1 of 2 · Later sessions\n✖ The Community SCORE of the session on 30 Sep 2025 was changed by Nadia after you picked the sessions[\s\S]*so pick them again/,
    );
    assert.equal(scoreOf(await stored(harness, 'tsg'), 'S2')!.recordedBy.name, 'Nadia');
  });

  it('refuses to copy from a session with no score, or with no later session', async () => {
    await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
    const c = harness.conversation();
    const none = await c.say('clone score for Tuesday seniors group');
    assert.match(transcript(none), /has no Community SCORE yet/);
    assert.match(JSON.stringify(none[0]!.attachments), /"command":"communityScore","args":\{"caseFileId":"tsg"\}/);
    await seedScore(harness, 'tsg', 'S4', ENTRY);
    assert.match(
      transcript(await c.send({ value: { command: 'cloneScore', args: { caseFileId: 'tsg', sessionId: 'S4' } } })),
      /latest in Tuesday seniors group, so there is no later session/,
    );
  });

  describe('how are we going on a domain', () => {
    beforeEach(async () => {
      await seedCaseFile(harness, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
      await seedCaseFile(harness, { id: 'fyc', name: 'Friday yarn circle', clients: 2 });
      await seedScore(harness, 'tsg', 'S1', { ...ENTRY, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 1, post: 2 }] });
      await seedScore(harness, 'tsg', 'S3', {
        ...ENTRY,
        ratings: [
          { domainCode: 'SOCIALCOHESION', pre: 3, post: 4 },
          { domainCode: 'GROUPNETWORKS', pre: 3, post: 3 },
        ],
      });
      await seedScore(harness, 'fyc', 'S2', { ...ENTRY, ratings: [{ domainCode: 'SOCIALCOHESION', pre: 4, post: 3 }] });
    });

    it('answers for one case file in one card: first vs latest with each scored session', async () => {
      const replies = await harness.conversation().say('How is Tuesday seniors group going on social cohesion?');
      const words = transcript(replies);
      assert.match(words, /Social cohesion: first vs latest scored session/);
      assert.match(words, /Increased from 1 – no change in capacity \(PRE, 23 Sep 2025\) to 4 – moderate change \(POST, 7 Oct 2025\), over 2 scored sessions/);
      assert.doesNotMatch(words, /Friday yarn circle/);
      // A line per phase where Teams draws charts; the same ratings by date where it does not (its fallback).
      const [chart, ...more] = nodesOnCards(replies).filter((n) => n.type === 'Chart.Line');
      assert.equal(more.length, 0);
      assert.deepEqual(
        (chart!.data as { legend: string; values: { x: string; y: number }[] }[]).map((s) => [s.legend, s.values.map((v) => `${v.x}=${v.y}`).join(' ')]),
        [
          ['PRE', '23 Sep 2025=1 7 Oct 2025=3'],
          ['POST', '23 Sep 2025=2 7 Oct 2025=4'],
        ],
      );
      assert.equal(
        transcript([{ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: chart!.fallback }] }]),
        '23 Sep 2025: PRE 1 → POST 2\n7 Oct 2025: PRE 3 → POST 4',
      );
    });

    it('answers across the organisation’s case files when none is named', async () => {
      const words = transcript(await harness.conversation().say('how are we going on social cohesion'));
      assert.match(words, /Tuesday seniors group[\s\S]*Increased/);
      assert.match(words, /Friday yarn circle[\s\S]*Declined from 4 – moderate change \(PRE, 30 Sep 2025\) to 3/);
    });

    it('shows every domain when none is named', async () => {
      const replies = await harness.conversation().say('how is Tuesday seniors group going on community score');
      const words = transcript(replies);
      assert.match(words, /Community infrastructure and networks\n■ Stayed the same from 3/);
      assert.match(words, /Organisational knowledge, skills and practices: not scored yet/);
      // Rise, hold and fall across the domains: a donut, and the same counts in words for hosts without charts.
      const donut = nodesOnCards(replies).find((n) => n.type === 'Chart.Donut')!;
      assert.deepEqual(donut.data, [
        { legend: '▲ Increased', value: 1, color: 'good' },
        { legend: '■ Stayed the same', value: 1, color: 'neutral' },
      ]);
      assert.equal((donut.fallback as { items: { text: string }[] }).items[0]!.text, '▲ 1 increased, ■ 1 stayed the same.');
    });

    it('says so when nothing is scored for that domain', async () => {
      assert.match(
        transcript(await harness.conversation().say('how are we going on organisational skills')),
        /No case file has a Community SCORE for organisational knowledge, skills and practices yet/,
      );
    });
  });
});

describe('Community SCORE survives a restart of the bot', () => {
  it('resumes at the ratings card with the session chosen before the restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-score-restart-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      await seedCaseFile(first, { id: 'tsg', name: 'Tuesday seniors group', clients: 2 });
      const c = first.conversation();
      await c.say('score for Tuesday seniors group');
      const ratingsCard = await c.press('Continue', { choice: 'S3' });
      const continueData = buttonData(ratingsCard, 'Continue')!;
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      assert.match(transcript(await again.say('help')), /PRE near the start of the session/);
      const review = transcript(
        await again.submit({ ...continueData, pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3', single: 'false', assessedBy: 'SDPRACTITIONER' }),
      );
      assert.match(review, /Session: 7 Oct 2025, 10:00 am/);
      await again.press('Save');
      assert.deepEqual(scoreOf((await second.services.caseFiles.get(ORG, 'tsg'))!, 'S3')!.ratings, [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
