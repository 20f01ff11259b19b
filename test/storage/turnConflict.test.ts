import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DatabaseStateStorage } from '../../src/bot/stateStorage';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { type DriverUnderTest, describeOnEachDriver } from '../support/ferretdb';

/**
 * Two bot instances (each with its own per-process turn queue) on one store, answering one conversation at the
 * same moment: instance A's turn reads the state, instance B runs a whole turn of the same conversation, then A
 * saves. A's save must notice B's and run A's turn again on the fresh state, sending only that run's replies.
 */

const APOLOGY = /something went wrong on my side/;

/** Holds instance A's next state write until `release` is called, and says when A has got that far. */
function holdNextStateWrite(harness: Harness): { reached: Promise<void>; release(): void; writes(): number } {
  const storage = (harness.bot as unknown as { stateStorage: DatabaseStateStorage }).stateStorage;
  const real = storage.writeIfUnchanged.bind(storage);
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let writes = 0;
  storage.writeIfUnchanged = async (...args) => {
    writes += 1;
    if (writes === 1) {
      reached();
      await released;
    }
    return real(...args);
  };
  return { reached: reachedP, release, writes: () => writes };
}

function describeConflicts(driver: DriverUnderTest): void {
  let a: Harness;
  let b: Harness;

  beforeEach(async () => {
    a = await createHarness({ db: driver.db });
    b = await createHarness({ db: driver.db });
  });

  it('re-runs a turn whose state changed meanwhile on the fresh state: a cancel from the other instance wins, no apology', async () => {
    const conversationId = `conflict-${randomUUID()}`;
    const onA = a.conversation({ conversationId });
    const onB = b.conversation({ conversationId });
    assert.match(transcript(await onA.say('new case file')), /Step 1 of 7 · Name/);

    const held = holdNextStateWrite(a);
    const answer = onA.say('Tuesday seniors group');
    await held.reached;
    assert.match(transcript(await onB.say('cancel')), /Cancelled "/);
    held.release();
    const replies = transcript(await answer);

    assert.doesNotMatch(replies, APOLOGY);
    // With no flow under way any more, the name is read as a request, as it would be had it come second.
    assert.match(replies, /didn't understand "Tuesday seniors group"/);
    assert.doesNotMatch(replies, /Step 2 of 7/, 'the replies of the run on stale state are never sent');
    assert.equal(held.writes(), 2, 'the turn was run again and saved once');
    assert.match(transcript(await onA.say('help')), /What I can do/, 'the flow stays cancelled: the later save did not overwrite the cancel');
  });

  it('re-runs a conflicting answer so it lands on the step the user saw, and sends its replies once', async () => {
    const conversationId = `conflict-${randomUUID()}`;
    const onA = a.conversation({ conversationId });
    const onB = b.conversation({ conversationId });
    await onA.say('new case file');

    const held = holdNextStateWrite(a);
    const answer = onA.say('Tuesday seniors group');
    await held.reached;
    // Help at the same step changes only which activities the conversation has handled.
    assert.match(transcript(await onB.say('help')), /name your team will recognise/i);
    held.release();
    const replies = await answer;

    assert.equal(replies.length, 1);
    assert.match(transcript(replies), /Step 2 of 7 · Outlet activity/);
    assert.equal(held.writes(), 2);
    assert.match(transcript(await onB.say('back')), /Step 1 of 7 · Name/, 'one step forward, not two');
  });
}

describeOnEachDriver('two bot instances answering one conversation at once', describeConflicts);
