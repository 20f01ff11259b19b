import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData } from '../support/cardQueries';
import { ALICE, ORG, ROSA, SAM, seedCaseFile, type SeedPerson } from '../support/fixtures';

/** A second Alice, so "Alice" alone fits two clients of the case file. */
const ALICE_SMITH: SeedPerson = { clientId: 'CL-ALICE0S4', givenName: 'Alice', familyName: 'Smith', birthDate: '1960-04-04' };

describe('add a session with who came, from one sentence', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;

  it('goes from the sentence straight to one review card with the session and who came, and saves both', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, SAM, ROSA] });
    const c = harness.conversation();
    const review = transcript(await c.say('add a session to the walking group yesterday 3pm for 90 minutes, Alice and Sam came'));
    assert.match(review, /Step 1 of 1 · Check and save/, 'no question is asked: not even the optional ones');
    assert.match(review, /Date and time: Sun 19 Oct 2025, 3:00 pm/);
    assert.match(review, /Duration: 1 h 30 min/);
    assert.match(review, /Who came: Alice Nguyen, Sam Okafor/);
    assert.match(review, /Session id \(leave empty to make one from the date\)/, 'the optional session id is on the card to change');
    assert.match(review, /Unidentified participants: 0/);
    assert.equal((await stored(cf.caseFileId)).sessions.length, 0, 'nothing is written before Save');

    const done = transcript(await c.press('Save'));
    assert.match(done, /Session S-20251019-1 saved with 2 participants/);
    assert.deepEqual(buttonData(c.replies, 'Fill in session details'), {
      command: 'sessionDetails',
      args: { caseFileId: cf.caseFileId, sessionId: 'S-20251019-1' },
    });
    const saved = await stored(cf.caseFileId);
    assert.equal(saved.sessions.length, 1);
    assert.equal(saved.sessions[0]!.durationMinutes, 90);
    assert.deepEqual(saved.sessions[0]!.participants, [
      { clientId: ALICE.clientId, participationCode: 'CLIENT', referrals: [] },
      { clientId: SAM.clientId, participationCode: 'CLIENT', referrals: [] },
    ]);
    const [added, assigned] = saved.audit.slice(-2);
    assert.deepEqual([added!.action, assigned!.action], ['sessions.added', 'participants.assigned']);
    assert.ok(added!.operationId && added!.operationId === assigned!.operationId, 'one save, one operation id for both');
  });

  it('asks who came when two names were typed without a comma, instead of keeping only the first', async () => {
    await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, SAM, ROSA] });
    const c = harness.conversation();
    const reply = transcript(await c.say('add a session to walking group yesterday 3pm for 90 minutes, alice sam and rosa came'));
    assert.doesNotMatch(reply, /Who came: Alice Nguyen, Rosa/, 'Sam is not silently left out');
    assert.match(reply, /Who came/);
    assert.match(reply, /couldn't match "alice sam"/);
  });

  it('takes the session id, unidentified count and roles changed on the review card, and re-shows it for a bad value', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, SAM] });
    const c = harness.conversation();
    await c.say('add a session to walking group today 9am for 1 hour, alice and sam came');
    const refused = transcript(await c.press('Save', { unidentifiedParticipants: 'lots' }));
    assert.match(refused, /Check and save/);
    assert.match(refused, /Unidentified participants/);
    assert.equal((await stored(cf.caseFileId)).sessions.length, 0, 'a bad value on the card writes nothing');

    await c.press('Save', { sessionId: 'Week 7', unidentifiedParticipants: '3', participation_1: 'SUPPORT' });
    const session = (await stored(cf.caseFileId)).sessions[0]!;
    assert.equal(session.sessionId, 'Week 7');
    assert.equal(session.unidentifiedParticipants, 3);
    assert.deepEqual(
      session.participants.map((p) => [p.clientId, p.participationCode]),
      [
        [ALICE.clientId, 'CLIENT'],
        [SAM.clientId, 'SUPPORT'],
      ],
    );
  });

  it('never guesses a name that fits no client of the case file or several: the user resolves it on a card', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, ALICE_SMITH, SAM] });
    const c = harness.conversation();
    const ask = transcript(await c.say('add a session to walking group today 9am for 1 hour, alice, sam and bob came'));
    assert.match(ask, /Who came/);
    assert.match(ask, /I couldn't match "alice", "bob" to one client of "Walking group"/);
    assert.deepEqual(
      c.replies.flatMap((r) => (r.attachments ?? []).map((a) => JSON.stringify(a.content))).some((json) => json.includes(`"value":"${SAM.clientId}"`)),
      true,
    );
    const review = transcript(await c.press('Continue', { choice: `${ALICE_SMITH.clientId},${SAM.clientId}` }));
    assert.match(review, /Who came: Alice Smith, Sam Okafor/);
    await c.press('Save');
    assert.deepEqual(
      (await stored(cf.caseFileId)).sessions[0]!.participants.map((p) => p.clientId),
      [ALICE_SMITH.clientId, SAM.clientId],
    );
  });

  it('applies nothing twice when Teams retries a Save whose reply was lost', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, SAM] });
    const c = harness.conversation();
    await c.say('add a session to walking group today 9am for 1 hour, alice and sam came');
    const save = { value: buttonData(c.replies, 'Save'), replyToId: `card-${randomUUID()}`, id: randomUUID() };
    const send = c.adapter.sendActivities.bind(c.adapter);
    let lose = true;
    c.adapter.sendActivities = async (context: TurnContext, activities: Partial<Activity>[]) => {
      if (lose && transcript(activities).includes('saved with 2 participants')) {
        lose = false;
        throw new Error('connection reset while replying');
      }
      return send(context, activities);
    };
    await assert.rejects(c.send(save), /connection reset/);
    assert.match(transcript(await c.send(save)), /saved with 2 participants/);
    const saved = await stored(cf.caseFileId);
    assert.equal(saved.sessions.length, 1);
    assert.equal(saved.sessions[0]!.participants.length, 2);
    assert.equal(saved.audit.filter((a) => a.action === 'participants.assigned').length, 1);
  });

  it('says on the review card when the case file has no clients for the names, and saves the session with nobody assigned', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group' });
    const c = harness.conversation();
    const review = transcript(await c.say('add a session to walking group today 9am for 1 hour, alice and sam came'));
    assert.match(review, /Check and save[\s\S]*Who came: nobody assigned: "alice", "sam" not on this case file yet/);
    await c.press('Save');
    const saved = (await stored(cf.caseFileId)).sessions;
    assert.equal(saved.length, 1);
    assert.deepEqual(saved[0]!.participants, []);
  });

  it('matches the names once the case file is picked, when the sentence named none that exists', async () => {
    const cf = await seedCaseFile(harness, { name: 'Walking group', people: [ALICE, SAM] });
    await seedCaseFile(harness, { name: 'Knitting circle' });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add a session to the swimming club today 9am for 1 hour, alice and sam came')), /Which case file/i);
    const review = transcript(await c.press('Continue', { choice: cf.caseFileId }));
    assert.match(review, /Who came: Alice Nguyen, Sam Okafor/);
  });
});
