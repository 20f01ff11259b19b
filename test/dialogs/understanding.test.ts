import assert from 'node:assert/strict';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { buttonData, submitActions } from '../support/cardQueries';
import { ALICE, ORG, SAM, seedCaseFile } from '../support/fixtures';

/** What staff type, through the bot: navigation before answers, commands mid-flow, details from one sentence. */
describe('understanding what staff type (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  const caseFiles = async () => harness.services.caseFiles.listSummaries(ORG);

  for (const typed of ['never mind', 'cancel that', 'stop please', 'canel', 'nah forget it']) {
    it(`cancels on "${typed}" instead of storing it as the answer`, async () => {
      const c = harness.conversation();
      assert.match(transcript(await c.say('new case file')), /Step 1 of 7 · Name/);
      assert.match(transcript(await c.say(typed)), /Cancelled "Create a case file"\. Nothing from this run was saved\./);
      assert.match(
        transcript(await c.say('Tuesday seniors group')),
        /sorry|didn't understand|Did you mean/i,
        'the flow is over, so a name is no longer an answer',
      );
      assert.deepEqual(await caseFiles(), []);
    });
  }

  it('says nothing is waiting to be saved when "save" is typed with no task open', async () => {
    const reply = transcript(await harness.conversation().say('yep save it'));
    assert.match(reply, /nothing waiting to be saved/);
    assert.doesNotMatch(reply, /didn't understand/);
  });

  it('goes back on "oops go back" and starts the flow over on "start over"', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    assert.match(transcript(await c.say('Tuesday seniors group')), /Step 2 of 7 · Outlet activity/);
    assert.match(transcript(await c.say('oops go back')), /Step 1 of 7 · Name/);
    await c.say('Tuesday seniors group');
    assert.match(transcript(await c.say('start over')), /again from the first question[\s\S]*Step 1 of 7 · Name/);
  });

  it('answers a status question typed mid-flow, then asks the open question again; nothing is stored from it', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE] });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add session to Tuesday seniors group')), /Step 1 of 3 · Date and time/);
    const answer = transcript(await c.say('status of Tuesday seniors group'));
    assert.match(answer, /Tuesday seniors group/);
    assert.match(answer, /Back to "Add a session"[\s\S]*Step 1 of 3 · Date and time/);
    assert.match(transcript(await c.say('today 10am')), /Step 2 of 3 · Duration/, 'the flow carries on with the next real answer');
  });

  it('offers Switch / Keep going for another writing command mid-flow and resumes the open flow after switching', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE] });
    const c = harness.conversation();
    await c.say('new case file');
    const offer = transcript(await c.say('add a session to Tuesday seniors group'));
    assert.match(offer, /sounds like \*\*Add a session\*\*, but \*\*Create a case file\*\* is under way/);
    assert.match(transcript(await c.press('Keep going')), /Step 1 of 7 · Name/);
    await c.say('add a session to Tuesday seniors group');
    assert.match(transcript(await c.press('Switch now')), /Step 1 of 3 · Date and time/);
    assert.match(transcript(await c.say('cancel')), /Cancelled "Add a session"[\s\S]*Back to "Create a case file"[\s\S]*Step 1 of 7 · Name/);
    assert.match(transcript(await c.say('Friday walking group')), /Step 2 of 7 · Outlet activity/);
  });

  it('keeps words that look like a command as the answer only when the user says so', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    await c.say('new case file for Tuesday seniors group');
    const kept = transcript(await c.press('Use my words as the answer'));
    assert.match(kept, /Step 2 of 7 · Outlet activity/);
  });

  it('asks before keeping words that are probably navigation ("cancel everything") and keeps them only when told', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    const asked = transcript(await c.say('cancel everything'));
    assert.match(asked, /Did you mean to cancel Create a case file, or is "cancel everything" your answer to the step “Name”\?/);
    assert.match(transcript(await c.press('Keep going')), /Step 1 of 7 · Name/, 'nothing was stored');
    await c.say('cancel everything');
    assert.match(transcript(await c.press('Cancel it')), /Cancelled "Create a case file"/);
    assert.deepEqual(await caseFiles(), []);
    await c.say('new case file');
    await c.say('oops typo');
    assert.match(transcript(await c.press('Use my words as the answer')), /Step 2 of 7 · Outlet activity/);
  });

  it('answers "what can you do" and "instructions" typed mid-flow with help instead of storing them', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    assert.match(transcript(await c.say('what can you do')), /At any step you can type \*\*back\*\*/);
    await c.say('instructions');
    assert.match(transcript(await c.press('Help with this question')), /At any step you can type \*\*back\*\*/);
    assert.match(transcript(await c.say('Friday walking group')), /Step 2 of 7 · Outlet activity/);
  });

  it('takes the date, time and length of a new session from one sentence and shows them on the review', async () => {
    const cf = await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE] });
    const c = harness.conversation();
    const review = transcript(await c.say('can you add a session to tuesday seniors for yesterday at 3pm, 90 mins pls'));
    assert.match(review, /Step 1 of 1 · Check and save/, 'no question left: the optional ones are on the review card');
    assert.match(review, /Date and time: Sun 19 Oct 2025, 3:00 pm/);
    assert.match(review, /Duration: 1 h 30 min/);
    await c.press('Save');
    const saved = (await harness.services.caseFiles.get(ORG, cf.caseFileId))!;
    assert.equal(saved.sessions[0]!.durationMinutes, 90);
  });

  it('asks for the date again when the sentence names a day in the future, keeping the length', async () => {
    await seedCaseFile(harness, { name: 'Tuesday seniors group', people: [ALICE] });
    const c = harness.conversation();
    assert.match(transcript(await c.say('add a session to Tuesday seniors group on 25/12/2025 for 2 hours')), /Step 1 of 2 · Date and time/);
  });

  it('says a named case file does not exist rather than answering for the only one there is', async () => {
    await seedCaseFile(harness, { name: 'Wednesday seniors social group', people: [ALICE] });
    const words = transcript(await harness.conversation().say('is the walking group ready for dex'));
    assert.match(words, /There is no case file called "walking group"/);
    assert.doesNotMatch(words, /errors|warnings/i);
  });

  it('picks the people and the session named in one sentence', async () => {
    await seedCaseFile(harness, {
      name: 'Tuesday seniors group',
      people: [ALICE, SAM],
      sessions: [
        { sessionId: 'Week 1', startsAt: '2025-10-13T10:00' },
        { sessionId: 'Week 2', startsAt: '2025-10-15T10:00' },
      ],
    });
    const c = harness.conversation();
    const words = transcript(await c.say('assign Alice and Sam to the 13 oct session of tuesday seniors'));
    assert.match(words, /Step 1 of 3 · Participation type[\s\S]*Alice Nguyen[\s\S]*Sam Okafor/, 'the session and the people are not asked for');
    await c.say('all clients');
    const review = transcript(await c.say('none'));
    assert.match(review, /Week 1/);
    assert.doesNotMatch(review, /Week 2/);
  });

  it('answers thanks, bye and hello briefly', async () => {
    const c = harness.conversation();
    assert.match(transcript(await c.say('thanks heaps')), /No worries/);
    assert.match(transcript(await c.say('see ya')), /See you later/);
    assert.match(transcript(await c.say('gday')), /Hi! What would you like to do/);
  });

  it('offers the closest commands as buttons, carrying the case file named, when a sentence is not understood', async () => {
    const c = harness.conversation();
    const words = transcript(await c.say('sort out the session stuff for Tuesday seniors group'));
    assert.match(words, /didn't understand/);
    const data = buttonData(c.replies, 'Add a session') as { command: string; args: Record<string, unknown> };
    assert.deepEqual(data, { command: 'addSession', args: { caseName: 'Tuesday seniors group' } });
  });

  it('offers the command a trained classifier guesses even when the sentence shares none of its cue words', async () => {
    const c = harness.conversation();
    // "client" is a cue word of Add clients only; the classifier knows doubled-up clients are duplicates.
    const words = transcript(await c.say('client double entry'));
    assert.match(words, /didn't understand "client double entry"\. Did you mean/);
    const offered = submitActions(c.replies).map((a) => (a.data as { command?: string }).command);
    assert.ok(offered.includes('reviewDuplicateClients'), `offered: ${offered.join(', ')}`);
  });

  it('offers no buttons for a request the bot has no command for', async () => {
    const c = harness.conversation();
    const words = transcript(await c.say('order more tea bags'));
    assert.match(words, /didn't understand "order more tea bags"\. Type \*\*help\*\*/);
  });

  it('keeps apostrophes and hyphens in names from the sentence', async () => {
    const c = harness.conversation();
    await c.say("new case file for Men's Shed Hay-Smith");
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'PSGROUP' });
    await c.say('skip');
    await c.say('skip');
    assert.match(transcript(await c.say('skip')), /Name: Men's Shed Hay-Smith/);
  });
});

describe('a reopened chat with a flow under way (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('says what is in progress with Continue and Cancel instead of a fresh welcome', async () => {
    const c = harness.conversation();
    await c.say('new case file');
    const words = transcript(await c.send({ type: 'conversationUpdate', membersAdded: [{ id: 'user-alice', name: 'Alice' }] }));
    assert.match(words, /Create a case file\*\* is still under way here, at the step “Name”/);
    assert.doesNotMatch(words, /Welcome to DEX Assistant/);
    assert.match(transcript(await c.press('Continue')), /Step 1 of 7 · Name/);
    await c.send({ type: 'conversationUpdate', membersAdded: [{ id: 'user-alice', name: 'Alice' }] });
    assert.match(transcript(await c.press('Cancel')), /Cancelled "Create a case file"/);
  });
});
