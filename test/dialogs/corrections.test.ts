import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { editCaseFile, editSession } from '../../src/domain/caseFileCorrections';
import { addSessions, assignParticipants } from '../../src/domain/caseFileOperations';
import { additions } from '../../src/domain/listChange';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData, inputValue, submitActions } from '../support/cardQueries';
import { ALICE, ORG, SAM, seedCaseFile, seedContext, value } from '../support/fixtures';

describe('corrections after saving (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;
  const tuesday = () =>
    seedCaseFile(harness, {
      name: 'Tuesday seniors group',
      people: [ALICE, SAM],
      sessions: [
        { sessionId: 'W1', startsAt: '2025-10-07T10:00' },
        { sessionId: 'W2', startsAt: '2025-10-14T10:00' },
      ],
    });

  it('renames a case file from a typed sentence, with back and review, keeping a colleague’s change made meanwhile', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    assert.match(transcript(await c.say('rename Tuesday seniors group')), /Step 1 of 2 · Name[\s\S]*called "Tuesday seniors group"/);
    assert.match(transcript(await c.say('Tuesday # seniors')), /DEX does not accept|not accept/i, 'a forbidden character is refused');
    assert.match(transcript(await c.say('Tuesday seniors')), /Check and save/);
    assert.match(transcript(await c.say('back')), /Name/, 'back from the review returns to the name');
    const review = transcript(await c.say('Tuesday seniors'));
    assert.match(review, /Check and save/);
    assert.match(review, /Name: Tuesday seniors group → Tuesday seniors/);
    // A colleague changes the overview while the review is on screen.
    const org = harness.services.organisations.byId(ORG)!;
    value(await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) => editCaseFile(x, org, { overview: 'Weekly, in the hall' }, seedContext(harness))));
    assert.equal((await stored(cf.caseFileId)).name, 'Tuesday seniors group', 'nothing is written before Save');
    assert.match(transcript(await c.press('Save')), /Saved "Tuesday seniors"/);
    const after = await stored(cf.caseFileId);
    assert.deepEqual([after.name, after.overview], ['Tuesday seniors', 'Weekly, in the hall']);
    const entry = after.audit.at(-1)!;
    assert.equal(entry.action, 'caseFile.edited');
    assert.match(entry.detail, /name "Tuesday seniors group" → "Tuesday seniors"$/);
    assert.equal(entry.by.name, 'Alice Case-Manager');
    assert.ok(entry.operationId);
  });

  it('takes the new name from "rename … to …" and goes straight to the review, but asks when that name breaks a rule', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    assert.match(
      transcript(await c.say('rename Tuesday seniors group to Tuesday seniors')),
      /Check and save[\s\S]*Name: Tuesday seniors group → Tuesday seniors/,
    );
    await c.press('Save');
    assert.equal((await stored(cf.caseFileId)).name, 'Tuesday seniors');
    assert.match(transcript(await c.say('rename Tuesday seniors to Tea & talk')), /Step 1 of 2 · Name/, 'a name DEX refuses is asked again, not saved');
  });

  it('corrects several case-file fields picked on the card, and closes a case file with an end date', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    assert.match(transcript(await c.say('edit case file Tuesday seniors group')), /What do you want to change/);
    assert.match(transcript(await c.submit({ choice: 'clientAttendanceProfileCode,overview' })), /Attendance profile/);
    assert.match(transcript(await c.submit({ choice: 'PSGROUP' })), /overview now reads/);
    const review = transcript(await c.say('Seniors who meet on Tuesdays'));
    assert.match(review, /Attendance profile: Not applicable → /);
    assert.match(review, /Overview: — → Seniors who meet on Tuesdays/);
    await c.press('Save');
    const after = await stored(cf.caseFileId);
    assert.deepEqual([after.clientAttendanceProfileCode, after.overview], ['PSGROUP', 'Seniors who meet on Tuesdays']);

    assert.match(transcript(await c.say('close case file Tuesday seniors group')), /The case file is open/);
    assert.match(transcript(await c.say('10/10/2025')), /before the case file's last session \(14 Oct 2025\)/, 'a case cannot close before its last session');
    assert.match(transcript(await c.say('1/12/2025')), /in the future/);
  });

  it('closes a case file on a valid date and records it as closed', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    await c.say('close case file Tuesday seniors group');
    assert.match(transcript(await c.say('17/10/2025')), /End date \(close the case\): open → Fri 17 Oct 2025|open → 17/);
    await c.press('Save');
    const after = await stored(cf.caseFileId);
    assert.equal(after.endDate, '2025-10-17');
    assert.equal(after.audit.at(-1)!.action, 'caseFile.closed');
  });

  it('corrects the date of the last session from a sentence', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    assert.match(transcript(await c.say('change the date of the last session of Tuesday seniors group')), /held Tue 14 Oct 2025, 10:00 am\. When was it held/);
    const review = transcript(await c.say('15/10/2025 9:30am'));
    assert.match(review, /Date and time: Tue 14 Oct 2025, 10:00 am → Wed 15 Oct 2025, 9:30 am/);
    await c.press('Save');
    const after = await stored(cf.caseFileId);
    const w2 = after.sessions.find((s) => s.sessionId === 'W2')!;
    assert.equal(DateTime.fromISO(w2.startsAt).toMillis(), DateTime.fromISO('2025-10-15T09:30', { zone: 'Australia/Sydney' }).toMillis());
    assert.equal(after.audit.at(-1)!.action, 'session.edited');
  });

  it('renames a session and changes its duration, refusing an id already used', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    await c.say('correct session of Tuesday seniors group');
    await c.press('Continue', { choice: 'W1' });
    await c.submit({ choice: 'sessionId,durationMinutes' });
    assert.match(transcript(await c.say('W2')), /already used/);
    await c.say('Week 1');
    const review = transcript(await c.say('1h30'));
    assert.match(review, /Session id: W1 → Week 1/);
    assert.match(review, /Duration: 1 h → 1 h 30 min/);
    await c.press('Save');
    const after = await stored(cf.caseFileId);
    assert.deepEqual(
      after.sessions.map((s) => [s.sessionId, s.durationMinutes]),
      [
        ['Week 1', 90],
        ['W2', 60],
      ],
    );
  });

  it('removes a session only after the user confirms, and cancelling keeps it', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    assert.match(transcript(await c.say('remove the last session of Tuesday seniors group')), /Remove session W2 from "Tuesday seniors group"\?/);
    await c.say('cancel');
    assert.equal((await stored(cf.caseFileId)).sessions.length, 2);
    const confirm = await c.say('remove the last session of Tuesday seniors group');
    assert.deepEqual(
      submitActions(confirm).map((a) => [a.title, a.style]),
      [
        ['Remove session', 'destructive'],
        ['Cancel', undefined],
      ],
      'the button says what it does',
    );
    assert.match(transcript(await c.press('Remove session')), /Removed session W2/);
    const after = await stored(cf.caseFileId);
    assert.deepEqual(
      after.sessions.map((s) => s.sessionId),
      ['W1'],
    );
    assert.equal(after.audit.at(-1)!.action, 'session.removed');
  });

  it('opens the client correction from a readiness fix button and records the referral source', async () => {
    // No sessions, so no session errors take the card's few buttons before the clients' warnings.
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE, SAM] });
    const c = harness.conversation();
    await c.say('is Tuesday seniors group ready for DEX');
    const fix = buttonData(c.replies, 'Correct client');
    assert.equal(fix.command, 'editCaseClient');
    assert.match(transcript(await c.press('Correct client')), /What do you want to do for Alice Nguyen/);
    assert.match(transcript(await c.submit({ choice: 'referralSourceCode' })), /referral source is none/);
    assert.match(transcript(await c.submit({ choice: 'SELF' })), /Referral source: none → /);
    await c.press('Save');
    const alice = (await stored(cf.caseFileId)).clients.find((x) => x.clientId === ALICE.clientId)!;
    assert.equal(alice.referralSourceCode, 'SELF');
    assert.match((await stored(cf.caseFileId)).audit.at(-1)!.detail, /referralSourceCode none → "SELF"/);
  });

  it('refuses to remove a client who is a participant in a session, saying why, and removes one who is not', async () => {
    const cf = await tuesday();
    value(
      await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) =>
        assignParticipants(x, 'W2', additions([{ clientId: ALICE.clientId, participationCode: 'CLIENT' as const, referrals: [] }]), seedContext(harness)),
      ),
    );
    const c = harness.conversation();
    const refused = transcript(await c.say('remove Alice from Tuesday seniors group'));
    assert.match(refused, /Alice Nguyen cannot be removed from "Tuesday seniors group"\. They are a participant in session\(s\) W2/);
    assert.equal((await stored(cf.caseFileId)).clients.length, 2);
    assert.match(transcript(await c.say('remove Sam from Tuesday seniors group')), /Remove Sam Okafor from "Tuesday seniors group"\?/);
    await c.press('Remove from case file');
    assert.deepEqual(
      (await stored(cf.caseFileId)).clients.map((x) => x.clientId),
      [ALICE.clientId],
    );
  });

  it('offers "Correct case file" on the status card to a case manager', async () => {
    const cf = await tuesday();
    const c = harness.conversation();
    await c.say('status of Tuesday seniors group');
    assert.deepEqual(buttonData(c.replies, 'Correct case file'), { command: 'editCaseFile', args: { caseFileId: cf.caseFileId } });
    assert.match(transcript(await c.press('Correct case file')), /What do you want to change in "Tuesday seniors group"/);
  });

  it('offers a correction button for a case-file readiness error, which opens the case-file correction', async () => {
    const cf = await tuesday();
    // A name DEX rejects, written before the rule existed.
    value(await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) => ({ ok: true, value: { ...x, name: 'Tuesday & seniors' } })));
    const c = harness.conversation();
    await c.say('is Tuesday & seniors ready for DEX');
    assert.deepEqual(buttonData(c.replies, 'Correct case file'), { command: 'editCaseFile', args: { caseFileId: cf.caseFileId } });
    assert.match(transcript(await c.press('Correct case file')), /What do you want to change in "Tuesday & seniors"/);
  });
});

describe('changing a participant between client and support person', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('"make Alice a support person in the last session of …" opens her role ready changed, and saves it with an audit entry', async () => {
    const cf = await seedCaseFile(harness, {
      name: 'Tuesday seniors group',
      people: [ALICE, SAM],
      sessions: [{ sessionId: 'W2', startsAt: '2025-10-14T10:00' }],
    });
    value(
      await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) =>
        assignParticipants(
          x,
          'W2',
          additions([
            { clientId: ALICE.clientId, participationCode: 'CLIENT' as const, referrals: [] },
            { clientId: SAM.clientId, participationCode: 'CLIENT' as const, referrals: [] },
          ]),
          seedContext(harness),
        ),
      ),
    );
    const c = harness.conversation();
    const roles = await c.say('make Alice a support person in the last session of Tuesday seniors group');
    assert.match(transcript(roles), /client or as a support person/);
    assert.equal(inputValue(roles, 'participation_0'), 'SUPPORT', 'the role the sentence gave is ready on the card');
    await c.press('Continue', { participation_0: 'SUPPORT' });
    await c.press('Continue', {});
    assert.match(transcript(await c.press('Save')), /Alice Nguyen/);
    const after = (await harness.services.caseFiles.get(ORG, cf.caseFileId))!;
    assert.deepEqual(
      after.sessions[0]!.participants.map((p) => [p.clientId, p.participationCode]),
      [
        [ALICE.clientId, 'SUPPORT'],
        [SAM.clientId, 'CLIENT'],
      ],
      'only Alice changes; Sam stays as he was',
    );
    assert.equal(after.audit.at(-1)!.detail, 'Session W2: changed CL-ALICE001 (SUPPORT)');
  });
});

describe('sessions kept for the organisation’s own records', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('are shown as "not reported (period closed)" by status and readiness, and not checked against DEX rules', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE], sessions: [{ sessionId: 'W9', startsAt: '2025-10-14T10:00' }] });
    const ctx = seedContext(harness);
    value(
      await harness.services.caseFiles.update(ORG, cf.caseFileId, (x) =>
        addSessions(
          x,
          [
            {
              sessionId: 'OLD1',
              startsAt: DateTime.fromISO('2025-03-04T10:00', { zone: ctx.zone }),
              durationMinutes: 60,
              unidentifiedParticipants: 0,
              ownRecordsConfirmed: true,
            },
          ],
          ctx,
        ),
      ),
    );
    const c = harness.conversation();
    const status = transcript(await c.say('status of Tuesday seniors group'));
    assert.match(status, /Not reported \(period closed\): 1 session, kept for your own records: OLD1/);
    assert.match(status, /OLD1 · 1 h · 0 clients · not reported \(period closed\)/);
    const readiness = transcript(await c.say('is Tuesday seniors group ready for DEX'));
    assert.match(readiness, /Not reported \(period closed\):\*\* 1 session/);
    assert.match(readiness, /Session OLD1 \(4 Mar 2025\)/);
    // Asked about the closed period itself, the session is still not checked: it has no participants and no service type.
    const asked = transcript(await c.submit({ command: 'caseFileReadiness', args: { caseFileId: cf.caseFileId, periodId: '2025-H1' } }));
    assert.doesNotMatch(asked, /OLD1 \(4 Mar 2025\) has no/);
  });
});

describe('finding a case file by a client’s name', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('opens the case file of the client named when no case file has that name, and lists several when the client is on several', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE, SAM] });
    const c = harness.conversation();
    assert.match(transcript(await c.say('status of Sam Okafor')), /Status: Tuesday seniors group/);
    await seedCaseFile(harness, { name: 'Friday walkers', people: [SAM] });
    const both = transcript(await c.say('status of Sam Okafor'));
    assert.match(both, /Tuesday seniors group/);
    assert.match(both, /Friday walkers/);
    assert.match(transcript(await c.say('add session to Alice Nguyen')), /When was the session held/);
    assert.match(transcript(await c.say('cancel')), /Cancelled/);
  });
});

describe('moving a session into a closed reporting period', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('asks for the own-records confirmation, as adding one does, and marks the session not reported', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE], sessions: [{ sessionId: 'W2', startsAt: '2025-10-14T10:00' }] });
    const c = harness.conversation();
    await c.say('change the date of the last session of Tuesday seniors group');
    assert.match(transcript(await c.say('4/3/2025 10am')), /DEX will not accept this session\. .* Is it for your organisation's own records\?/);
    const review = transcript(await c.submit({ choice: 'keep' }));
    assert.match(review, /Not reported \(period closed\): on its new date/);
    await c.press('Save');
    const w2 = (await harness.services.caseFiles.get(ORG, cf.caseFileId))!.sessions[0]!;
    assert.deepEqual([w2.startsAt.slice(0, 10), w2.ownRecordsOnly], ['2025-03-04', true]);
    // Unconfirmed, the domain refuses the same change.
    const latest = (await harness.services.caseFiles.get(ORG, cf.caseFileId))!;
    const refused = editSession(latest, 'W2', { startsAt: '2025-03-05T10:00:00.000+11:00' }, seedContext(harness));
    assert.equal(refused.ok, false);
  });
});
