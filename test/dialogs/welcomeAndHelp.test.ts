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

  it('shows a short menu: a few everyday buttons, every other command one tap away in a searchable list', async () => {
    const convo = harness.conversation();
    const replies = await convo.say('menu');
    const menu = cardsOf(replies[0]!)[0]! as {
      body: {
        type: string;
        actions?: { type: string; title: string; data?: { command?: string }; card?: { body: { type: string; choices?: { value: string }[] }[] } }[];
      }[];
    };
    const actions = menu.body.filter((e) => e.type === 'ActionSet').flatMap((e) => e.actions ?? []);
    assert.ok(actions.length <= 4, `${actions.length} buttons on the menu`);
    const buttons = actions.filter((a) => a.type === 'Action.Submit').map((a) => a.data?.command);
    const listed = actions
      .find((a) => a.type === 'Action.ShowCard')!
      .card!.body.flatMap((e) => e.choices ?? [])
      .map((c) => c.value);
    assert.deepEqual(
      [...buttons, ...listed].sort(),
      harness.bot
        .menuEntries()
        .map((e) => e.id)
        .sort(),
      'every command is on the menu exactly once',
    );
    assert.match(transcript(await convo.press('Add a session')), /nothing to add a session to/);
    await convo.say('cancel');
    await convo.say('menu');
    assert.match(transcript(await convo.press('Open', { command: 'createCaseFile' })), /Step 1 of \d+/);
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
