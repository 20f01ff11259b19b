import assert from 'node:assert/strict';
import { cardsOf, createHarness, transcript, type Harness } from '../support/botHarness';

describe('welcome, help and menu (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.close());

  it('welcomes a user who installs the bot, naming their organisation', async () => {
    const convo = harness.conversation();
    const replies = await convo.send({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'user-alice', name: 'Alice' }],
    });
    const words = transcript(replies);
    assert.match(words, /Welcome to DEX Assistant/);
    assert.match(words, /Harbourside Community Services/);
    assert.match(words, /Create a case file/);
  });

  it('does not welcome the bot itself', async () => {
    const replies = await harness.conversation().send({ type: 'conversationUpdate', membersAdded: [{ id: 'dex-assistant-bot', name: 'DEX Assistant' }] });
    assert.equal(replies.length, 0);
  });

  it('answers help with what it can do and how to move around a flow', async () => {
    const words = transcript(await harness.conversation().say('help'));
    assert.match(words, /What I can do/);
    assert.match(words, /Create a case file/);
    assert.match(words, /back/);
    assert.match(words, /cancel/);
  });

  it('shows a menu card whose buttons start commands', async () => {
    const convo = harness.conversation();
    const replies = await convo.say('menu');
    assert.equal(cardsOf(replies[0]!).length, 1);
    const started = transcript(await convo.press('Create a case file'));
    assert.match(started, /Step 1 of \d+/);
  });

  it('answers unknown input with a pointer to help', async () => {
    const words = transcript(await harness.conversation().say('the quick brown fox'));
    assert.match(words, /didn't understand "the quick brown fox"/);
    assert.match(words, /help/);
  });

  it('refuses a tenant that belongs to no configured organisation', async () => {
    const words = transcript(await harness.conversation({ tenantId: 'some-other-tenant' }).say('help'));
    assert.match(words, /not set up for your organisation/);
  });

  it('handles a retried activity id only once, answering its latest redelivery with the replies it saved', async () => {
    const convo = harness.conversation();
    await convo.send({ id: 'retry-0', text: 'new case file' });
    const first = transcript(await convo.send({ id: 'retry-1', text: 'Group A' }));
    assert.match(first, /Step 2 of 7 · Outlet activity/);
    // Run again, "Group A" would be an answer to the outlet step and be refused there.
    assert.equal(transcript(await convo.send({ id: 'retry-1', text: 'Group A' })), first);
    assert.deepEqual(await convo.send({ id: 'retry-0', text: 'new case file' }), [], 'an older activity is not answered again');
    assert.match(transcript(await convo.send({ id: 'retry-2', text: 'back' })), /Step 1 of 7 · Name/, 'the flow moved one step, not two');
  });
});
