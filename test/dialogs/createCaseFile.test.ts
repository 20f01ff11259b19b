import assert from 'node:assert/strict';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData } from '../support/cardQueries';
import { ORG } from '../support/fixtures';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('create a case file (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  async function storedCaseFiles() {
    return harness.services.caseFiles.listSummaries(ORG);
  }

  it('walks every step, confirms, saves the case file with an audit entry and offers to add clients', async () => {
    const c = harness.conversation();
    assert.match(transcript(await c.say('new case file')), /Step 1 of 7 · Name/);
    assert.match(transcript(await c.say('Tuesday seniors group')), /Step 2 of 7 · Outlet activity/);
    assert.match(transcript(await c.press('Continue', { choice: '10421' })), /Step 3 of 7 · Client attendance profile/);
    assert.match(transcript(await c.press('Continue', { choice: 'PSGROUP' })), /Step 4 of 7 · Unidentified clients/);
    assert.match(transcript(await c.say('skip')), /Step 5 of 7 · DEX case id/);
    assert.match(transcript(await c.say('skip')), /Step 6 of 7 · Overview/);
    const review = transcript(await c.say('Weekly social group'));
    assert.match(review, /Step 7 of 7 · Check and save/);
    assert.match(review, /Name: Tuesday seniors group/);
    assert.match(review, /Attendance profile: Peer support group/i);
    assert.deepEqual(await storedCaseFiles(), [], 'nothing is written before the user confirms');
    const done = transcript(await c.press('Save'));
    assert.match(done, /Case file "Tuesday seniors group" created/);
    const [summary] = await storedCaseFiles();
    const cf = await harness.services.caseFiles.get(ORG, summary!.caseFileId);
    assert.equal(cf!.name, 'Tuesday seniors group');
    assert.equal(cf!.outletActivityId, 10421);
    assert.equal(cf!.clientAttendanceProfileCode, 'PSGROUP');
    assert.equal(cf!.totalUnidentifiedClients, 0);
    assert.equal(cf!.overview, 'Weekly social group');
    assert.match(cf!.caseId, /^CF-\d{4}-[0-9A-Z]{5}$/);
    assert.equal(cf!.createdBy.name, 'Alice Case-Manager');
    assert.equal(cf!.audit[0]!.action, 'caseFile.created');
    assert.ok(c.adapter.updates.length >= 1, 'submitted cards are replaced by read-only records');
  });

  it('saves on "yep save it" typed at the check, and not on "no dont save it"', async () => {
    const c = harness.conversation();
    await c.say('new case file for Tuesday seniors group');
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'PSGROUP' });
    await c.say('skip');
    await c.say('skip');
    assert.match(transcript(await c.say('skip')), /Check and save/);
    assert.match(transcript(await c.say('no dont save it')), /Choose \*\*Save\*\* to write this/);
    assert.deepEqual(await storedCaseFiles(), [], 'a sentence with "no" in it does not save');
    assert.match(transcript(await c.say('yep save it')), /Case file "Tuesday seniors group" created/);
    assert.equal((await storedCaseFiles()).length, 1);
  });

  it('says "skip" once in a text question, and starts it with plain words for the chat list’s preview', async () => {
    const c = harness.conversation();
    await c.say('new case file for Tuesday seniors group');
    await c.press('Continue', { choice: '10421' });
    const asked = (await c.press('Continue', { choice: 'PSGROUP' })).map((r) => r.text ?? '').join('\n');
    assert.match(asked, /^Step 3 of 6 · Unidentified clients\n/, 'no markdown asterisk in the first line');
    assert.equal(asked.match(/skip/gi)?.length, 1, asked);
  });

  it('warns on the review card when another case file already has the name, and saves it if the user goes on', async () => {
    const first = harness.conversation();
    await first.say('new case file for Tuesday seniors group');
    await first.press('Continue', { choice: '10421' });
    await first.press('Continue', { choice: 'PSGROUP' });
    await first.say('skip');
    await first.say('skip');
    assert.doesNotMatch(transcript(await first.say('skip')), /already called/);
    await first.press('Save');

    const c = harness.conversation();
    await c.say('new case file for tuesday  SENIORS group');
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'NONE' });
    await c.say('skip');
    await c.say('skip');
    const review = transcript(await c.say('skip'));
    assert.match(review, /⚠ Another case file is already called "Tuesday seniors group"/);
    await c.press('Save');
    assert.equal((await storedCaseFiles()).length, 2, 'a warning, not a refusal');
  });

  it('answers a button pressed on a card of a flow that has ended with what became of it and how to start again', async () => {
    const c = harness.conversation();
    await c.say('new case file for Tuesday seniors group');
    const outletCard = await c.press('Continue', { choice: '10421' });
    const continueData = buttonData(outletCard, 'Continue');
    await c.press('Continue', { choice: 'PSGROUP' });
    await c.say('skip');
    await c.say('skip');
    const review = await c.say('skip');
    const saveData = buttonData(review, 'Save');
    await c.press('Save');

    const again = transcript(await c.submit(saveData));
    assert.match(
      again,
      /That card is from "Create a case file", which was saved, so pressing its buttons now changes nothing\. To start again, type \*\*new case file\*\*/,
    );
    assert.doesNotMatch(again, /Type \*\*help\*\* to see/);
    assert.equal((await storedCaseFiles()).length, 1, 'nothing saved twice');

    await c.say('new case file for Friday yarn circle');
    const stepCard = await c.press('Continue', { choice: '10421' });
    const stepData = buttonData(stepCard, 'Continue');
    await c.say('cancel');
    assert.match(
      transcript(await c.submit({ ...stepData, choice: 'PSGROUP' })),
      /That card is from "Create a case file", which was cancelled, so nothing from it was saved/,
    );
    assert.match(
      transcript(await c.submit({ ...continueData, choice: 'PSGROUP' })),
      /"Create a case file", which was saved/,
      'each run is remembered on its own',
    );
  });

  it('takes the name from the sentence and skips that question', async () => {
    const c = harness.conversation();
    assert.match(transcript(await c.say('new case file for Friday yarn circle')), /Step 1 of 6 · Outlet activity/);
  });

  it('re-asks with a clear message when an answer breaks a rule, keeping earlier answers', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    assert.match(transcript(await c.say('Money & more #1')), /avoid|not accept|\*|&/i);
    await c.say('Money matters');
    await c.press('Continue', { choice: '10587' });
    await c.press('Continue', { choice: 'NONE' });
    assert.match(transcript(await c.say('1200')), /0 (to|and) 999/);
    assert.match(transcript(await c.say('3')), /DEX case id/);
    await c.say('skip');
    const review = transcript(await c.say('skip'));
    assert.match(review, /Name: Money matters/);
    assert.match(review, /Unidentified clients: 3/);
  });

  it('rejects a card submit that picks an option that is not offered', async () => {
    const c = harness.conversation();
    await c.say('new case file for Test group');
    assert.match(transcript(await c.press('Continue', { choice: '99999' })), /not an option/);
  });

  it('goes back a step with the earlier answer kept, and cancels without saving', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    await c.say('Group A');
    const back = transcript(await c.say('back'));
    assert.match(back, /Step 1 of 7 · Name/);
    assert.match(transcript(await c.say('Group B')), /Outlet activity/);
    assert.match(transcript(await c.say('cancel')), /Cancelled/);
    assert.deepEqual(await storedCaseFiles(), []);
    assert.match(transcript(await c.say('help')), /What I can do/, 'after cancel the main menu answers again');
  });

  it('gives step help without losing the place', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    assert.match(transcript(await c.say('help')), /name your team will recognise/i);
    assert.match(transcript(await c.say('Group C')), /Step 2 of 7/);
  });

  it('ignores a stale card from an earlier step', async () => {
    const c = harness.conversation();
    await c.say('new case file for Group D');
    const outletCard = c.replies;
    await c.press('Continue', { choice: '10421' });
    const staleData = JSON.parse(JSON.stringify(outletCard[0]!.attachments![0]!.content)).actions[0].data;
    const replies = transcript(await c.submit({ ...staleData, choice: '10587' }));
    assert.match(replies, /earlier step/);
  });
});

describe('a guided flow survives a restart of the bot', () => {
  it('resumes at the same step with the answers given so far', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-restart-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const c = first.conversation();
      await c.say('new case file for Restart group');
      await c.press('Continue', { choice: '10421' });
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      const resumed = transcript(await again.say('help'));
      assert.match(resumed, /how the clients attend/i, resumed);
      assert.match(transcript(await again.say('Peer support group')), /Step 3 of 6 · Unidentified clients/);
      await again.say('0');
      await again.say('skip');
      const review = transcript(await again.say('skip'));
      assert.match(review, /Name: Restart group/);
      assert.match(review, /Outlet activity: Community and Home Support/);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('create a case file: answers that would break a rule on save', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('asks for the name when the one in the sentence has characters DEX refuses, instead of failing on save', async () => {
    const c = harness.conversation();
    const asked = transcript(await c.say('new case file for Seniors & carers'));
    assert.match(asked, /Step 1 of 7 · Name/);
  });

  it('refuses a count written any other way than digits', async () => {
    const c = harness.conversation();
    await c.say('new case file for Hex group');
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'NONE' });
    assert.match(transcript(await c.say('0x10')), /whole number/);
  });
});
