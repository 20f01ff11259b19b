import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity, TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData } from '../support/cardQueries';
import { addSessions } from '../../src/domain/caseFileOperations';
import { ALICE, ORG, seedCaseFile, seedContext } from '../support/fixtures';

const millis = (iso: string) => DateTime.fromISO(iso).toMillis();
const sydney = (iso: string) => DateTime.fromISO(iso, { zone: 'Australia/Sydney' }).toMillis();

describe('add a session (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const stored = async (caseFileId: string) => (await harness.services.caseFiles.get(ORG, caseFileId))!;

  it('takes the case file from the sentence, asks the required fields, shows the optional ones on the review card, saves on confirm and offers the next steps', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE] });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add session to Tuesday seniors group')), /Step 1 of 3 · Date and time/);
    assert.match(transcript(await c.say('today 10am')), /Step 2 of 3 · Duration/);
    const review = transcript(await c.say('1h30'));
    assert.match(review, /Step 3 of 3 · Check and save/);
    assert.match(review, /Session id \(leave empty to make one from the date\)/, 'the optional session id is on the card, not a question');
    assert.doesNotMatch(review, /skip/);
    assert.match(review, /Date and time: Mon 20 Oct 2025, 10:00 am/);
    assert.match(review, /Duration: 1 h 30 min/);
    assert.match(review, /Unidentified participants: 0/);
    assert.equal((await stored(cf.caseFileId)).sessions.length, 0, 'nothing is written before the user confirms');

    const done = transcript(await c.press('Save'));
    assert.match(done, /Session S-20251020-1 added to "Tuesday seniors group"/);
    assert.match(done, /Add another session\?/);
    for (const button of ['Add another session', 'Assign participants', 'Menu']) assert.ok(done.includes(button), button);
    const assignData = buttonData(c.replies, 'Assign participants');
    assert.deepEqual(assignData, { command: 'assignParticipants', args: { caseFileId: cf.caseFileId, sessionId: 'S-20251020-1' } });

    const saved = await stored(cf.caseFileId);
    assert.equal(saved.sessions.length, 1);
    const session = saved.sessions[0]!;
    assert.equal(session.sessionId, 'S-20251020-1');
    assert.equal(millis(session.startsAt), sydney('2025-10-20T10:00'));
    assert.match(session.startsAt, /\+11:00$/, 'stored with the organisation’s offset');
    assert.equal(session.durationMinutes, 90);
    assert.equal(session.unidentifiedParticipants, 0);
    assert.deepEqual(session.participants, []);
    const audit = saved.audit.at(-1)!;
    assert.equal(audit.action, 'sessions.added');
    assert.equal(audit.by.name, 'Alice Case-Manager');
    assert.ok(audit.operationId, 'the save is tagged so a retry is not applied twice');
    assert.equal(saved.updatedBy.userId, 'user-alice');
    assert.equal(c.adapter.updates.length, 1, 'the submitted summary card is replaced by a read-only record');
  });

  it('adds several sessions in one pass through "Add another session", with typed ids and dates', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('new session for Tuesday seniors group');
    await c.say('15/10/2025 2:30pm');
    await c.say('90 min');
    await c.press('Save', { sessionId: 'Week 1' });
    assert.match(transcript(await c.press('Add another session')), /Step 1 of 3 · Date and time/);
    await c.say('yesterday');
    assert.match(transcript(await c.say('1.5 hours')), /Date and time: Sun 19 Oct 2025\n/);
    assert.match(transcript(await c.press('Save', { sessionId: 'Week 2', unidentifiedParticipants: '12' })), /Session Week 2 added/);

    const sessions = (await stored(cf.caseFileId)).sessions;
    assert.deepEqual(
      sessions.map((s) => s.sessionId),
      ['Week 1', 'Week 2'],
    );
    assert.equal(millis(sessions[0]!.startsAt), sydney('2025-10-15T14:30'));
    assert.equal(millis(sessions[1]!.startsAt), sydney('2025-10-19T00:00'));
    assert.deepEqual(
      sessions.map((s) => s.durationMinutes),
      [90, 90],
    );
    assert.deepEqual(
      sessions.map((s) => s.unidentifiedParticipants),
      [0, 12],
    );
  });

  it('refuses impossible session dates with the window in the message, and the flow carries on', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add session to Tuesday seniors group');
    for (const typed of ['1/1/0000', '0000-01-01', '0000-01-01T10:00', '01/01/0001', '1/1/1800', '1/1/1900', '1/1/1970', '31/12/2024']) {
      const reply = transcript(await c.say(typed));
      assert.match(
        reply,
        /is too far back: sessions can be recorded from 1 Jan 2025 to today\. DEX accepts sessions only in its open reporting period \(1 Jul – 31 Dec 2025\)/,
        typed,
      );
      assert.match(reply, /Step 1 of 3 · Date and time/, `${typed}: asked again`);
    }
    // The start of the last closed period is accepted, for the organisation's own records once confirmed.
    assert.match(transcript(await c.say('1/1/2025')), /Step 2 of 4 · Reporting period closed/);
    assert.match(transcript(await c.submit({ choice: 'keep' })), /Step 3 of 4 · Duration/);
    const review = transcript(await c.say('1h'));
    assert.match(review, /Step 4 of 4 · Check and save/);
    assert.match(transcript(await c.say('save')), /Week|session/i);
  });

  it('says why a date or length in the sentence was not taken, instead of asking as if none was given', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    const asked = transcript(await c.say('add session to Tuesday seniors group 25/10/2025 2pm for 1 hour'));
    assert.match(asked, /Date and time[\s\S]*25 Oct 2025[\s\S]*future[\s\S]*When was the session held\?/);
    assert.match(transcript(await c.say('yesterday 2pm')), /Check and save[\s\S]*Sun 19 Oct 2025, 2:00 pm[\s\S]*Duration: 1 h/);
    await c.say('cancel');
    const length = transcript(await c.say('add session to Tuesday seniors group yesterday 2pm for 30 hours'));
    assert.match(length, /Duration[\s\S]*at most 24 hours[\s\S]*How long was the session\?/);
  });

  it('asks for the case file when the sentence does not name one, and says when a named one is not found', async () => {
    const cf = await seedCaseFile(harness, { name: 'Friday yarn circle' });
    const c = harness.conversation();
    const first = transcript(await c.say('add session'));
    assert.match(first, /Step 1 of 4 · Case file/);
    assert.match(first, /Friday yarn circle/);
    assert.match(transcript(await c.press('Continue', { choice: cf.caseFileId })), /Step 2 of 4 · Date and time/);

    const other = harness.conversation();
    const notFound = transcript(await other.say('add session to Knitting for beginners'));
    assert.match(notFound, /couldn't find a case file called "Knitting for beginners"/);
    assert.match(notFound, /Step 1 of 4 · Case file/);
  });

  it('re-asks with a message naming the field and the rule for each bad answer', async () => {
    const cf = await seedCaseFile(harness, {
      name: 'Tuesday seniors group',
      people: [ALICE],
      sessions: [{ sessionId: 'Week 1', startsAt: '2025-10-14T10:00' }],
    });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add session to Tuesday seniors group')), /Step 1 of 3 · Date and time/);

    assert.match(transcript(await c.say('tomorrow')), /session date, 21 Oct 2025, is in the future/);
    assert.match(transcript(await c.say('31/02/2025')), /Date and time: "31\/02\/2025" is not a real date/);
    assert.match(transcript(await c.say('sometime last week')), /Date and time: Could not read/);
    assert.match(transcript(await c.say('15/10/2025 2:30pm')), /Step 2 of 3 · Duration/);

    assert.match(transcript(await c.say('1h 90')), /Duration: .*must be under 60/);
    assert.match(transcript(await c.say('0')), /more than 0 minutes/);
    assert.match(transcript(await c.say('25 hours')), /at most 24 hours/);
    assert.match(transcript(await c.say('45 min')), /Step 3 of 3 · Check and save/);

    // The optional fields are checked when Save is pressed on the review card, which comes back with the message.
    const taken = transcript(await c.press('Save', { sessionId: 'Week 1' }));
    assert.match(taken, /Check and save[\s\S]*Session id Week 1 is already used in this case file/);
    assert.match(transcript(await c.press('Save', { sessionId: 'Nguyen group 2' })), /session ID contains a client's name/);
    assert.match(transcript(await c.press('Save', { sessionId: 'Week #2' })), /Session id: up to 50 letters/);
    const tooMany = transcript(await c.press('Save', { sessionId: 'Week 2', unidentifiedParticipants: '1200' }));
    const message = /.*number of unidentified participants must be from 0 to 999.*/.exec(tooMany)?.[0] ?? '';
    assert.ok(message, tooMany);
    assert.doesNotMatch(message, /clients/, 'a session counts participants, not clients');
    assert.match(
      transcript(await c.press('Save', { sessionId: 'Week 2', unidentifiedParticipants: 'lots' })),
      /number of unidentified participants must be a whole number/,
    );
    assert.equal((await stored(cf.caseFileId)).sessions.length, 1, 'nothing is written while a field on the card is wrong');
    const review = transcript(c.replies);
    assert.match(review, /Date and time: Wed 15 Oct 2025, 2:30 pm/);
    assert.match(review, /Duration: 45 min/);
    assert.match(transcript(await c.press('Save', { sessionId: 'Week 2', unidentifiedParticipants: '4' })), /Session Week 2 added/);
    const saved = (await stored(cf.caseFileId)).sessions.find((s) => s.sessionId === 'Week 2')!;
    assert.equal(saved.durationMinutes, 45);
    assert.equal(saved.unidentifiedParticipants, 4);
  });

  it('shows the review card again with the message when a colleague took the session id before the save', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add session to Tuesday seniors group');
    await c.say('today 9am');
    await c.say('1h');
    const colleague = harness.conversation({ id: 'user-bob', name: 'Bob Coordinator' });
    await colleague.say('add session to Tuesday seniors group');
    await colleague.say('today 9am');
    await colleague.say('2h');
    await colleague.press('Save', { sessionId: 'Week 5' });
    const clash = transcript(await c.press('Save', { sessionId: 'Week 5' }));
    assert.match(clash, /Session id Week 5 is already used/);
    assert.match(clash, /Check and save[\s\S]*Session id \(leave empty/);
    await c.press('Save', { sessionId: 'Week 6' });
    const sessions = (await stored(cf.caseFileId)).sessions;
    assert.deepEqual(
      sessions.map((s) => [s.sessionId, s.durationMinutes]),
      [
        ['Week 5', 120],
        ['Week 6', 60],
      ],
    );
  });

  it('says plainly that DEX will not accept a session in a closed period, and saves it only once confirmed as the organisation’s own records', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add session to Tuesday seniors group');
    const asked = transcript(await c.say('3/3/2025 10am'));
    assert.match(asked, /Reporting period closed/);
    assert.match(
      asked,
      /DEX will not accept this session\. .*reporting period 1 Jan – 30 Jun 2025, which closed .* Is it for your organisation's own records\?/,
    );
    // "No" goes back to the date; a date in an open period then needs no confirmation.
    assert.match(transcript(await c.submit({ choice: 'change' })), /Date and time/);
    assert.match(transcript(await c.say('3/3/2025 10am')), /Reporting period closed/);
    assert.match(transcript(await c.submit({ choice: 'keep' })), /Duration/);
    const review = transcript(await c.say('1h'));
    assert.match(review, /⚠ Not reported \(period closed\): kept for your organisation’s own records only/);
    await c.press('Save');
    const saved = (await stored(cf.caseFileId)).sessions[0]!;
    assert.equal(saved.ownRecordsOnly, true);
  });

  it('the domain refuses a closed-period session the user did not confirm', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const ctx = seedContext(harness);
    const refused = addSessions(
      cf,
      [{ startsAt: DateTime.fromISO('2025-03-03T10:00', { zone: ctx.zone }), durationMinutes: 60, unidentifiedParticipants: 0 }],
      ctx,
    );
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.problems[0]!.message : '', /^DEX will not accept this session\./);
    const open = addSessions(
      cf,
      [{ startsAt: DateTime.fromISO('2025-10-03T10:00', { zone: ctx.zone }), durationMinutes: 60, unidentifiedParticipants: 0 }],
      ctx,
    );
    assert.equal(open.ok && open.value.sessions[0]!.ownRecordsOnly, undefined, 'a session DEX accepts is not marked');
  });

  it('goes back a step, gives help, and cancels without saving', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add session to Tuesday seniors group');
    await c.say('today 10am');
    assert.match(transcript(await c.say('help')), /How long the session ran/);
    assert.match(transcript(await c.say('back')), /Step 1 of 3 · Date and time/);
    assert.match(transcript(await c.say('yesterday 3pm')), /Step 2 of 3 · Duration/);
    await c.say('1h');
    const back = transcript(await c.press('Back'));
    assert.match(back, /Duration/);
    const reviewAgain = transcript(await c.say('2h'));
    assert.match(reviewAgain, /Date and time: Sun 19 Oct 2025, 3:00 pm/);
    assert.match(transcript(await c.press('Cancel')), /Cancelled "Add a session"/);
    assert.equal((await stored(cf.caseFileId)).sessions.length, 0);
  });

  it('lets two staff add sessions to one case file at the same moment, each getting its own generated id', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const alice = harness.conversation();
    const bob = harness.conversation({ id: 'user-bob', name: 'Bob Coordinator' });
    for (const [c, duration] of [
      [alice, '1h'],
      [bob, '2h'],
    ] as const) {
      await c.say('add session to Tuesday seniors group');
      await c.say('today 10am');
      await c.say(duration);
    }
    await Promise.all([alice.press('Save'), bob.press('Save')]);
    const saved = await stored(cf.caseFileId);
    assert.deepEqual(saved.sessions.map((s) => s.sessionId).sort(), ['S-20251020-1', 'S-20251020-2']);
    assert.deepEqual(saved.sessions.map((s) => s.durationMinutes).sort(), [120, 60]);
    assert.deepEqual(
      saved.audit
        .filter((a) => a.action === 'sessions.added')
        .map((a) => a.by.name)
        .sort(),
      ['Alice Case-Manager', 'Bob Coordinator'],
    );
  });

  it('does not add the session twice when Teams retries a Save whose reply was lost', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    await c.say('add session to Tuesday seniors group');
    await c.say('today 10am');
    await c.say('1h');
    const save = { value: buttonData(c.replies, 'Save'), replyToId: `card-${randomUUID()}`, id: randomUUID() };

    const send = c.adapter.sendActivities.bind(c.adapter);
    let lose = true;
    c.adapter.sendActivities = async (context: TurnContext, activities: Partial<Activity>[]) => {
      if (lose && transcript(activities).includes('added to')) {
        lose = false;
        throw new Error('connection reset while replying');
      }
      return send(context, activities);
    };
    await assert.rejects(c.send(save), /connection reset/);
    assert.equal((await stored(cf.caseFileId)).sessions.length, 1, 'the first attempt wrote before the reply was lost');

    assert.match(transcript(await c.send(save)), /Session S-20251020-1 added/);
    const saved = await stored(cf.caseFileId);
    assert.deepEqual(
      saved.sessions.map((s) => s.sessionId),
      ['S-20251020-1'],
    );
    assert.equal(saved.audit.filter((a) => a.action === 'sessions.added').length, 1);
  });

  it('is started by the menu button of another flow with the case file known', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group' });
    const c = harness.conversation();
    assert.match(transcript(await c.submit({ command: 'addSession', args: { caseFileId: cf.caseFileId } })), /Step 1 of 3 · Date and time/);
  });
});

describe('add a session survives a restart of the bot', () => {
  it('resumes at the same step with the answers given so far', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-add-session-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const cf = await seedCaseFile(first, { name: 'Restart group' });
      const c = first.conversation();
      await c.say('add session to Restart group');
      await c.say('today 11am');
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      assert.match(transcript(await again.say('help')), /How long the session ran/);
      const review = transcript(await again.say('2h'));
      assert.match(review, /Step 3 of 3 · Check and save/);
      assert.match(review, /Date and time: Mon 20 Oct 2025, 11:00 am/);
      await again.press('Save', { sessionId: 'Week 9' });
      const saved = (await second.services.caseFiles.get(ORG, cf.caseFileId))!;
      assert.deepEqual(
        saved.sessions.map((s) => [s.sessionId, s.durationMinutes]),
        [['Week 9', 120]],
      );
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
