import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData, nodesOnCards } from '../support/cardQueries';
import { ALICE, ORG, ROSA, SAM, seedCaseFile } from '../support/fixtures';
import { optionsFor } from '../support/sentences';

const WEEKS = [
  { sessionId: 'Week 1', startsAt: '2025-10-13T10:00' },
  { sessionId: 'Week 2', startsAt: '2025-10-20T09:00', durationMinutes: 90 },
];

/** The Input.ChoiceSet with this id on the last card, to check what is offered and what is pre-selected. */
function input(replies: Partial<Activity>[], id: string): { value?: string; choices: { title: string; value: string }[] } {
  const found = nodesOnCards(replies)
    .filter((o) => o.type === 'Input.ChoiceSet' && o.id === id)
    .at(-1);
  assert.ok(found, `no input ${id} in:\n${transcript(replies)}`);
  return found as { value?: string; choices: { title: string; value: string }[] };
}

describe('assign participants to a session (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;
  const seeded = () => seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE, SAM, ROSA], sessions: WEEKS });

  it('chooses the session (most recent first), the people, their roles and referrals, then saves on confirm', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    const sessionStep = await c.say('assign participants to Tuesday seniors group');
    assert.match(transcript(sessionStep), /Step 1 of 5 · Session/);
    const sessions = input(sessionStep, 'choice');
    assert.deepEqual(
      sessions.choices.map((s) => s.title),
      ['Mon 20 Oct 2025, 9:00 am · Week 2 (1 h 30 min, 0 participants)', 'Mon 13 Oct 2025, 10:00 am · Week 1 (1 h, 0 participants)'],
    );
    assert.equal(sessions.value, 'Week 2', 'the most recent session is ticked');

    const people = await c.press('Continue', { choice: 'Week 2' });
    assert.match(transcript(people), /Step 2 of 5 · Participants/);
    assert.deepEqual(
      input(people, 'choice').choices.map((p) => p.title),
      ['Alice Nguyen (born 1951)', 'Sam Okafor (born 1948)', 'Rosa Bianchi (born 1956)'],
    );

    const roles = await c.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
    assert.match(transcript(roles), /Step 3 of 5 · Participation type/);
    assert.equal(input(roles, 'participation_0').value, 'CLIENT', 'client is the default');
    assert.deepEqual(
      input(roles, 'participation_1').choices.map((x) => x.title),
      ['Client', 'Support Person'],
    );

    const referrals = await c.press('Continue', { participation_0: 'CLIENT', participation_1: 'SUPPORT' });
    assert.match(transcript(referrals), /Step 4 of 5 · Referrals/);
    assert.ok(input(referrals, 'internal_0').choices.some((x) => x.value === 'MONEY'));

    const review = transcript(await c.press('Continue', { internal_0: 'MONEY,HOUSING', external_1: 'MENTAL' }));
    assert.match(review, /Step 5 of 5 · Check and save/);
    assert.match(review, /Session: Week 2 \(Mon 20 Oct 2025, 9:00 am\)/);
    assert.match(review, /Alice Nguyen: Client · internal referral: Money management, Housing/);
    assert.match(review, /Sam Okafor: Support Person · external referral: Mental health wellbeing and self-care/);
    assert.deepEqual((await stored(cf.caseFileId)).sessions[1]!.participants, [], 'nothing is written before the user confirms');

    const done = await c.press('Save');
    assert.match(transcript(done), /2 participants assigned to session Week 2/);
    assert.deepEqual(buttonData(done, 'Fill in session details'), { command: 'sessionDetails', args: { caseFileId: cf.caseFileId, sessionId: 'Week 2' } });
    assert.ok(transcript(done).includes('Menu'));

    const saved = await stored(cf.caseFileId);
    assert.deepEqual(saved.sessions.find((s) => s.sessionId === 'Week 2')!.participants, [
      { clientId: ALICE.clientId, participationCode: 'CLIENT', referrals: [{ typeCode: 'INTERNAL', purposeCodes: ['MONEY', 'HOUSING'] }] },
      { clientId: SAM.clientId, participationCode: 'SUPPORT', referrals: [{ typeCode: 'EXTERNAL', purposeCodes: ['MENTAL'] }] },
    ]);
    assert.deepEqual(saved.sessions.find((s) => s.sessionId === 'Week 1')!.participants, []);
    const audit = saved.audit.at(-1)!;
    assert.equal(audit.action, 'participants.assigned');
    assert.equal(audit.by.name, 'Alice Case-Manager');
    assert.ok(audit.operationId);
    assert.equal(c.adapter.updates.length, 5, 'every submitted card is replaced by a read-only record');
  });

  it('"assign Alice to last session" asks only for the case file, then goes straight to her role', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    assert.match(transcript(await c.say('assign Alice to last session')), /Step 1 of 6 · Case file/);
    const roles = await c.press('Continue', { choice: cf.caseFileId });
    assert.match(transcript(roles), /Step 2 of 4 · Participation type/);
    assert.match(transcript(roles), /Alice Nguyen/);
    await c.press('Continue', { participation_0: 'CLIENT' });
    const review = transcript(await c.say('none'));
    assert.match(review, /Session: Week 2/);
    assert.match(review, /Alice Nguyen: Client/);
    await c.press('Save');
    assert.deepEqual((await stored(cf.caseFileId)).sessions[1]!.participants, [{ clientId: ALICE.clientId, participationCode: 'CLIENT', referrals: [] }]);
  });

  it('takes names, "last session" and the case file all from one sentence', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    const roles = transcript(await c.say('assign Alice and Sam Okafor to the last session of Tuesday seniors group'));
    assert.match(roles, /Step 1 of 3 · Participation type/);
    assert.match(transcript(await c.say('Sam support person')), /Step 2 of 3 · Referrals/);
    const review = transcript(await c.say('no referrals thanks'));
    assert.match(review, /Alice Nguyen: Client/);
    assert.match(review, /Sam Okafor: Support Person/);
    await c.say('save');
    assert.deepEqual(
      (await stored(cf.caseFileId)).sessions[1]!.participants.map((p) => [p.clientId, p.participationCode]),
      [
        [ALICE.clientId, 'CLIENT'],
        [SAM.clientId, 'SUPPORT'],
      ],
    );
  });

  it('is reached by the other ways staff put it, among all the bot’s commands', async () => {
    await seeded();
    assert.match(transcript(await harness.conversation().say('add Alice to last session')), /Step 1 of \d+ · Case file/);
    assert.match(transcript(await harness.conversation().say('add participants to Tuesday seniors group')), /Step 1 of 5 · Session/);
    assert.match(
      transcript(await harness.conversation().say('Assign Alice to the latest session of Tuesday seniors grop')),
      /Step 1 of 3 · Participation type/,
    );
  });

  it('ticks the names it recognised and asks about one it could not match', async () => {
    await seeded();
    const c = harness.conversation();
    const people = await c.say('assign Alice and Bob to last session in Tuesday seniors group');
    assert.match(transcript(people), /Step 1 of 4 · Participants/);
    assert.match(transcript(people), /couldn't match "Bob" to one client of this case file/);
    assert.equal(input(people, 'choice').value, ALICE.clientId);
  });

  it('comes from the "Assign participants" button after adding a session, with that session chosen', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    const people = transcript(await c.submit({ command: 'assignParticipants', args: { caseFileId: cf.caseFileId, sessionId: 'Week 1' } }));
    assert.match(people, /Step 1 of 4 · Participants/);
    await c.say('Rosa');
    await c.say('all clients');
    assert.match(transcript(await c.say('none')), /Session: Week 1/);
  });

  it('refuses at the start, with a way forward, when the case file has no clients or no sessions', async () => {
    const empty = await seedCaseFile(harness, { name: 'Empty group', sessions: WEEKS });
    const c = harness.conversation();
    const refused = await c.say('assign participants to Empty group');
    assert.match(transcript(refused), /"Empty group" has no clients yet/);
    assert.deepEqual(buttonData(refused, 'Add clients'), { command: 'addClients', args: { caseFileId: empty.caseFileId } });

    const noSessions = await seedCaseFile(harness, { name: 'New group', people: [ALICE] });
    const none = await c.say('assign participants to New group');
    assert.match(transcript(none), /"New group" has no sessions yet/);
    assert.deepEqual(buttonData(none, 'Add a session'), { command: 'addSession', args: { caseFileId: noSessions.caseFileId } });
    assert.match(transcript(await c.say('help')), /What I can do/, 'no flow is left running');
  });

  it('refuses a case file without clients picked from the list, and lets the user pick another', async () => {
    const good = await seeded();
    const empty = await seedCaseFile(harness, { name: 'Empty group', sessions: WEEKS });
    const c = harness.conversation();
    await c.say('assign participants');
    assert.match(transcript(await c.press('Continue', { choice: empty.caseFileId })), /"Empty group" has no clients yet/);
    assert.match(transcript(await c.press('Continue', { choice: good.caseFileId })), /Step 2 of 6 · Session/);
  });

  it('re-asks with the field and the rule named and the other answers on the card kept', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    await c.say('assign participants to Tuesday seniors group');
    assert.match(transcript(await c.press('Continue', { choice: 'Week 9' })), /"Week 9" is not an option for session/);
    assert.match(transcript(await c.say('latest')), /Step 2 of 5 · Participants/);
    assert.match(transcript(await c.press('Continue', { choice: 'CL-NOBODY' })), /not an option for participants/);
    assert.match(transcript(await c.press('Continue', { choice: '' })), /Participants/);
    await c.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });

    const badRole = await c.press('Continue', { participation_0: 'BOSS', participation_1: 'SUPPORT' });
    assert.match(transcript(badRole), /Participation type for Alice Nguyen: choose Client or Support person/);
    assert.equal(input(badRole, 'participation_1').value, 'SUPPORT', 'the other answer is kept');
    assert.match(transcript(await c.say('Zed support')), /couldn't read "zed support"/);
    await c.press('Continue', { participation_0: 'CLIENT', participation_1: 'SUPPORT' });

    const badPurpose = await c.press('Continue', { internal_0: 'MONEY', external_1: 'FISHING' });
    assert.match(transcript(badPurpose), /Referral purposes for Sam Okafor: "FISHING" is not a referral purpose/);
    assert.equal(input(badPurpose, 'internal_0').value, 'MONEY', 'the other answer is kept');
    assert.match(transcript(await c.say('money for Alice')), /pick the purposes on the card, or type \*\*none\*\*/);
    await c.press('Continue', { internal_0: 'MONEY', external_1: 'HOUSING' });
    await c.press('Save');
    const participants = (await stored(cf.caseFileId)).sessions[1]!.participants;
    assert.deepEqual(
      participants.map((p) => p.referrals),
      [[{ typeCode: 'INTERNAL', purposeCodes: ['MONEY'] }], [{ typeCode: 'EXTERNAL', purposeCodes: ['HOUSING'] }]],
    );
  });

  it('asks a large group who was referred first, then purposes only for them', async () => {
    const people = Array.from({ length: 12 }, (_, i) => ({
      clientId: `CL-GROUP${String(i).padStart(3, '0')}`,
      givenName: ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jude', 'Kofi', 'Lena'][i]!,
      familyName: 'Walker',
      birthDate: `19${40 + i}-05-01`,
    }));
    const cf = await seedCaseFile(harness, { name: 'Big walking group', people, sessions: WEEKS });
    const c = harness.conversation();
    await c.say('assign everyone to the last session of Big walking group');
    assert.match(transcript(await c.say('all clients')), /Step 2 of 4 · Who was referred/);
    const referrals = await c.press('Continue', { choice: people[4]!.clientId });
    assert.match(transcript(referrals), /Step 3 of 4 · Referrals/);
    assert.match(transcript(referrals), /Eli Walker/);
    assert.doesNotMatch(transcript(referrals), /Ada Walker/);
    assert.match(transcript(await c.press('Continue', { external_4: 7 })), /Referral purposes for Eli Walker: send the purposes as a comma-separated list/);
    await c.press('Continue', { external_4: 'HOUSING' });
    await c.press('Save');
    const participants = (await stored(cf.caseFileId)).sessions[1]!.participants;
    assert.equal(participants.length, 12);
    assert.deepEqual(
      participants.filter((p) => p.referrals.length).map((p) => [p.clientId, p.referrals]),
      [[people[4]!.clientId, [{ typeCode: 'EXTERNAL', purposeCodes: ['HOUSING'] }]]],
    );

    const again = harness.conversation();
    await again.say('assign everyone to the last session of Big walking group');
    await again.say('all clients');
    assert.match(transcript(await again.press('Continue', { choice: '' })), /Step 3 of 3 · Check and save/, 'nobody referred: no purposes asked');
  });

  it('shows who is already in the session and starts from their stored answers when correcting them', async () => {
    const cf = await seeded();
    const first = harness.conversation();
    await first.say('assign Alice to last session in Tuesday seniors group');
    await first.press('Continue', { participation_0: 'SUPPORT' });
    await first.press('Continue', { internal_0: 'CARING' });
    await first.press('Save');

    const c = harness.conversation();
    const sessions = await c.say('assign participants to Tuesday seniors group');
    assert.ok(input(sessions, 'choice').choices[0]!.title.endsWith('(1 h 30 min, 1 participant)'));
    const people = await c.press('Continue', { choice: 'Week 2' });
    assert.equal(input(people, 'choice').choices[0]!.title, 'Alice Nguyen (born 1951, already in this session)');
    const roles = await c.press('Continue', { choice: `${ALICE.clientId},${ROSA.clientId}` });
    assert.equal(input(roles, 'participation_0').value, 'SUPPORT');
    assert.equal(input(roles, 'participation_1').value, 'CLIENT');
    const referrals = await c.press('Continue', { participation_0: 'CLIENT', participation_1: 'CLIENT' });
    assert.equal(input(referrals, 'internal_0').value, 'CARING');
    await c.press('Continue', { internal_0: '', external_0: '' });
    await c.press('Save');
    const participants = (await stored(cf.caseFileId)).sessions[1]!.participants;
    assert.deepEqual(participants, [
      { clientId: ALICE.clientId, participationCode: 'CLIENT', referrals: [] },
      { clientId: ROSA.clientId, participationCode: 'CLIENT', referrals: [] },
    ]);
  });

  it('starts with everyone already in the session ticked, and takes out whoever is unticked', async () => {
    const cf = await seeded();
    const first = harness.conversation();
    await first.say('assign participants to Tuesday seniors group');
    await first.press('Continue', { choice: 'Week 2' });
    await first.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
    await first.say('all clients');
    await first.say('none');
    await first.press('Save');

    const c = harness.conversation();
    await c.say('assign participants to Tuesday seniors group');
    const people = await c.press('Continue', { choice: 'Week 2' });
    assert.equal(input(people, 'choice').value, `${ALICE.clientId},${SAM.clientId}`, 'both are ticked to start with');
    await c.press('Continue', { choice: ALICE.clientId });
    await c.say('all clients');
    const review = transcript(await c.say('none'));
    assert.match(review, /Taken out of the session: Sam Okafor/);
    await c.press('Save');
    const participants = (await stored(cf.caseFileId)).sessions.find((s) => s.sessionId === 'Week 2')!.participants;
    assert.deepEqual(
      participants.map((p) => p.clientId),
      [ALICE.clientId],
    );
  });

  it("keeps a colleague's assignment saved while this card was open (A opens, B assigns Sam, A ticks Rosa)", async () => {
    const cf = await seeded();
    const a = harness.conversation({ id: 'user-a', name: 'Alex Worker' });
    await a.say('assign participants to Tuesday seniors group');
    const shownToA = await a.press('Continue', { choice: 'Week 2' });
    assert.equal(input(shownToA, 'choice').value ?? '', '', 'nobody is ticked on the card A sees');

    const b = harness.conversation({ id: 'user-b', name: 'Bea Worker' });
    await b.say('assign participants to Tuesday seniors group');
    await b.press('Continue', { choice: 'Week 2' });
    await b.press('Continue', { choice: SAM.clientId });
    await b.say('all clients');
    await b.say('none');
    assert.match(transcript(await b.press('Save')), /assigned to session Week 2/);

    await a.press('Continue', { choice: ROSA.clientId });
    await a.say('all clients');
    const review = transcript(await a.say('none'));
    assert.doesNotMatch(review, /Taken out/, 'A never unticked Sam, so Sam is not taken out');
    assert.match(transcript(await a.press('Save')), /assigned to session Week 2/);

    const saved = await stored(cf.caseFileId);
    assert.deepEqual(
      saved.sessions
        .find((s) => s.sessionId === 'Week 2')!
        .participants.map((p) => p.clientId)
        .sort(),
      [ROSA.clientId, SAM.clientId].sort(),
    );
    assert.ok(
      saved.audit.every((e) => !/removed/.test(e.detail)),
      'no removal is audited',
    );
  });

  it('says so on the summary when a colleague changed the same person, and replaces theirs only on a second Save', async () => {
    const cf = await seeded();
    const setUp = harness.conversation();
    await setUp.say('assign participants to Tuesday seniors group');
    await setUp.press('Continue', { choice: 'Week 2' });
    await setUp.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
    await setUp.say('all clients');
    await setUp.say('none');
    await setUp.press('Save');

    // A opens the card (Alice and Sam ticked) and unticks Sam.
    const a = harness.conversation({ id: 'user-a', name: 'Alex Worker' });
    await a.say('assign participants to Tuesday seniors group');
    await a.press('Continue', { choice: 'Week 2' });
    await a.press('Continue', { choice: ALICE.clientId });
    await a.say('all clients');
    await a.say('none');

    // Meanwhile B makes Sam a support person.
    const b = harness.conversation({ id: 'user-b', name: 'Bea Worker' });
    await b.say('assign participants to Tuesday seniors group');
    await b.press('Continue', { choice: 'Week 2' });
    await b.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
    await b.say(`Sam support person`);
    await b.say('none');
    await b.press('Save');

    const conflict = transcript(await a.press('Save'));
    assert.match(conflict, /Not saved yet: someone else changed the same people/);
    assert.match(conflict, /Sam Okafor: a colleague saved "Support Person" after you opened this; yours is "taken out of the session"/);
    assert.match(conflict, /Check and save/, 'the summary is shown again');
    let session = (await stored(cf.caseFileId)).sessions.find((s) => s.sessionId === 'Week 2')!;
    assert.deepEqual(
      session.participants.map((p) => [p.clientId, p.participationCode]),
      [
        [ALICE.clientId, 'CLIENT'],
        [SAM.clientId, 'SUPPORT'],
      ],
      'nothing was overwritten',
    );

    assert.match(transcript(await a.press('Save')), /assigned to session Week 2/);
    session = (await stored(cf.caseFileId)).sessions.find((s) => s.sessionId === 'Week 2')!;
    assert.deepEqual(
      session.participants.map((p) => p.clientId),
      [ALICE.clientId],
      'saved again knowingly: Sam is taken out',
    );
  });

  it("going back to the participants shows a colleague's change with this user's own ticks on top", async () => {
    const cf = await seeded();
    const a = harness.conversation({ id: 'user-a', name: 'Alex Worker' });
    await a.say('assign participants to Tuesday seniors group');
    await a.press('Continue', { choice: 'Week 2' });
    await a.press('Continue', { choice: ALICE.clientId });

    const b = harness.conversation({ id: 'user-b', name: 'Bea Worker' });
    await b.say('assign Sam to last session of Tuesday seniors group');
    await b.say('all clients');
    await b.say('none');
    await b.press('Save');

    const again = await a.say('back');
    assert.deepEqual(input(again, 'choice').value!.split(',').sort(), [ALICE.clientId, SAM.clientId].sort());
    await a.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
    await a.say('all clients');
    await a.say('none');
    await a.press('Save');
    const session = (await stored(cf.caseFileId)).sessions.find((s) => s.sessionId === 'Week 2')!;
    assert.deepEqual(session.participants.map((p) => p.clientId).sort(), [ALICE.clientId, SAM.clientId].sort());
  });

  it('goes back with earlier answers kept, gives help, and cancels without saving', async () => {
    const cf = await seeded();
    const c = harness.conversation();
    await c.say('assign participants to Tuesday seniors group');
    await c.press('Continue', { choice: 'Week 1' });
    await c.press('Continue', { choice: SAM.clientId });
    assert.match(transcript(await c.say('help')), /Support person: they came to support a client/);
    const back = await c.say('back');
    assert.match(transcript(back), /Step 2 of 5 · Participants/);
    assert.equal(input(back, 'choice').value, SAM.clientId);
    await c.press('Continue', { choice: `${SAM.clientId},${ROSA.clientId}` });
    assert.match(transcript(c.replies), /Sam Okafor[\s\S]*Rosa Bianchi/);
    assert.match(transcript(await c.say('cancel')), /Cancelled "Assign participants"/);
    assert.ok((await stored(cf.caseFileId)).sessions.every((s) => s.participants.length === 0));
  });

  it('keeps both changes when two staff assign people to one case file at the same time', async () => {
    const cf = await seeded();
    const alice = harness.conversation();
    const bob = harness.conversation({ id: 'user-bob', name: 'Bob Coordinator' });
    await alice.say('assign Alice to last session in Tuesday seniors group');
    await bob.say('assign Sam to last session in Tuesday seniors group');
    await alice.press('Continue', { participation_0: 'CLIENT' });
    await bob.press('Continue', { participation_0: 'SUPPORT' });
    await alice.say('none');
    await bob.say('none');
    await alice.press('Save');
    await bob.press('Save');

    const carol = harness.conversation({ id: 'user-carol', name: 'Carol Worker' });
    const dan = harness.conversation({ id: 'user-dan', name: 'Dan Worker' });
    await carol.say('assign Rosa to the session in Tuesday seniors group');
    await carol.press('Continue', { choice: 'Week 1' });
    await dan.say('assign Alice to the session in Tuesday seniors group');
    await dan.press('Continue', { choice: 'Week 1' });
    for (const c of [carol, dan]) {
      await c.say('all clients');
      await c.say('none');
    }
    await Promise.all([carol.press('Save'), dan.press('Save')]);

    const saved = await stored(cf.caseFileId);
    const inSession = (id: string) => saved.sessions.find((s) => s.sessionId === id)!.participants.map((p) => [p.clientId, p.participationCode]);
    assert.deepEqual(inSession('Week 2'), [
      [ALICE.clientId, 'CLIENT'],
      [SAM.clientId, 'SUPPORT'],
    ]);
    assert.deepEqual(
      inSession('Week 1').sort(),
      [
        [ALICE.clientId, 'CLIENT'],
        [ROSA.clientId, 'CLIENT'],
      ].sort(),
    );
    assert.deepEqual(
      saved.audit
        .filter((a) => a.action === 'participants.assigned')
        .map((a) => a.by.name)
        .sort(),
      ['Alice Case-Manager', 'Bob Coordinator', 'Carol Worker', 'Dan Worker'],
    );
  });
});

describe('assign participants survives a restart of the bot', () => {
  it('resumes at the same step with the answers given so far', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-assign-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const cf = await seedCaseFile(first, { name: 'Restart group', people: [ALICE, SAM], sessions: WEEKS });
      const c = first.conversation();
      await c.say('assign participants to Restart group');
      await c.press('Continue', { choice: 'Week 1' });
      await c.press('Continue', { choice: `${ALICE.clientId},${SAM.clientId}` });
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      assert.match(transcript(await again.say('help')), /Support person: they came to support a client/);
      assert.match(transcript(await again.say('Sam support person')), /Step 4 of 5 · Referrals/);
      const review = transcript(await again.say('none'));
      assert.match(review, /Session: Week 1/);
      assert.match(review, /Sam Okafor: Support Person/);
      await again.press('Save');
      const saved = (await second.services.caseFiles.get(ORG, cf.caseFileId))!;
      assert.deepEqual(
        saved.sessions[0]!.participants.map((p) => [p.clientId, p.participationCode]),
        [
          [ALICE.clientId, 'CLIENT'],
          [SAM.clientId, 'SUPPORT'],
        ],
      );
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading an "assign" sentence', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['assign participants', {}],
    ['assign participants to Tuesday seniors group', { caseName: 'Tuesday seniors group' }],
    ['assign Alice to last session', { names: ['Alice'], session: { kind: 'latest' } }],
    [
      'Assign Alice, Sam and Rosa to the latest session of Tuesday seniors group',
      { names: ['Alice', 'Sam', 'Rosa'], session: { kind: 'latest' }, caseName: 'Tuesday seniors group' },
    ],
    ['assign everyone to the most recent session in Friday yarn circle', { everyone: true, session: { kind: 'latest' }, caseName: 'Friday yarn circle' }],
    ['add participants to session in Friday yarn circle', { caseName: 'Friday yarn circle' }],
    ['add participants to the last session in Friday yarn circle', { caseName: 'Friday yarn circle', session: { kind: 'latest' } }],
    [
      "assign Margaret, Harold and Wei to last week's session of wednesday seniors",
      { names: ['Margaret', 'Harold', 'Wei'], session: { kind: 'lastWeek' }, caseName: 'wednesday seniors' },
    ],
    ['assign clients to the Friday yarn circle', { caseName: 'Friday yarn circle' }],
    ['add Alice to last session', { names: ['Alice'], session: { kind: 'latest' } }],
    [
      'put Sam and Rosa into the 15 Oct session of Friday yarn circle',
      { names: ['Sam', 'Rosa'], session: { kind: 'date', date: '2025-10-15' }, caseName: 'Friday yarn circle' },
    ],
  ];
  for (const [said, expected] of cases) {
    it(said, () => assert.deepEqual(optionsFor('assignParticipants', said), expected));
  }
  it('leaves other sentences to other commands', () => {
    assert.equal(optionsFor('assignParticipants', 'add session to Tuesday seniors group'), undefined);
    assert.equal(optionsFor('assignParticipants', 'add clients to Tuesday seniors group'), undefined);
    assert.equal(optionsFor('assignParticipants', 'add Alice to Tuesday seniors group'), undefined);
    assert.equal(optionsFor('assignParticipants', 'add another session'), undefined);
  });
});
