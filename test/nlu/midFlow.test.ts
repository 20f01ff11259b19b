import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { readMidFlow } from '../../src/understanding/midFlow';
import { likelyNavigation, navigationOf } from '../../src/understanding/navigation';
import { createRecogniser } from '../../src/understanding/recogniser';

/** A message typed while a flow waits: what is navigation, what is asked about, what is kept as the answer. */
describe('reading a message typed mid-flow', () => {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO('2025-11-19T14:00:00', { zone: 'Australia/Sydney' });
  const read = (t: string) => readMidFlow(t, (x) => recogniser.understand(x, now));

  for (const [typed, nav] of [
    ['oops', 'back'],
    ['whoops wrong one', 'back'],
    ['prev', 'back'],
    ['what goes here', 'help'],
    ['i dont get it', 'help'],
    ['nvm', 'cancel'],
    ['i give up', 'cancel'],
    ['get me out of here', 'cancel'],
    ['from the top', 'restart'],
    // Too short for the typo allowance, so listed: stored as answers before.
    ['bak', 'back'],
    ['mnu', 'menu'],
  ] as const) {
    it(`"${typed}" is ${nav}`, () => assert.equal(navigationOf(typed), nav));
  }

  for (const [typed, nav] of [
    ['cancel everything', 'cancel'],
    ['oops typo', 'back'],
    ['joan cancel', 'cancel'],
  ] as const) {
    it(`"${typed}" is asked about (${nav}?) rather than stored`, () => {
      assert.equal(navigationOf(typed), undefined);
      assert.deepEqual(read(typed), { kind: 'maybeNavigation', nav });
    });
  }

  it('asks about the help phrases of the recogniser ("instructions") rather than storing them', () => {
    assert.deepEqual(read('instructions'), { kind: 'maybeNavigation', nav: 'help' });
  });

  it('reads a sign of another command as that command, but a sign of the open flow as its answer', () => {
    assert.equal(read('wots missing for money business').kind, 'command');
    assert.deepEqual(
      readMidFlow('topic: transport', (x) => recogniser.understand(x, now), 'sessionDetails'),
      { kind: 'answer' },
    );
    assert.equal(readMidFlow('topic: transport', (x) => recogniser.understand(x, now), 'addSession').kind, 'command');
  });

  for (const typed of [
    'Joan Cancel',
    'stop smoking support',
    'Back to Basics cooking',
    'help at home program',
    'Week 5',
    'none',
    '2 hrs',
    'the last one',
    'last one',
  ]) {
    it(`keeps "${typed}" as the answer`, () => {
      assert.equal(likelyNavigation(typed), undefined);
      assert.deepEqual(read(typed), { kind: 'answer' });
    });
  }

  it('asks whether "im done" or "thats all" ends the task, rather than saying goodbye and asking again', () => {
    assert.deepEqual(read('im done'), { kind: 'maybeNavigation', nav: 'cancel' });
    assert.deepEqual(read("that's all"), { kind: 'maybeNavigation', nav: 'cancel' });
    // A plain goodbye still gets its reply, with the flow kept.
    assert.deepEqual(read('see ya'), { kind: 'smallTalk', talk: 'bye' });
  });

  it('reads a command beside "thanks" as the command', () => {
    assert.deepEqual(read('no more reminders thanks').kind, 'command');
  });

  it('reads a polite answer ("no referrals thanks") as the answer, and thanks alone as small talk', () => {
    assert.deepEqual(read('no referrals thanks'), { kind: 'answer' });
    assert.deepEqual(read('Harold thanks'), { kind: 'answer' });
    assert.deepEqual(read('ok thanks heaps mate'), { kind: 'smallTalk', talk: 'thanks' });
    assert.deepEqual(read('cheers'), { kind: 'smallTalk', talk: 'thanks' });
  });
});
