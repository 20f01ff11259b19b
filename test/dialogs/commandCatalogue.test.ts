import assert from 'node:assert/strict';
import { createHarness, type Harness } from '../support/botHarness';

describe('command catalogue', () => {
  let harness: Harness;
  before(async () => {
    harness = await createHarness();
  });
  after(() => harness.close());

  it('gives every command a unique id, and its example and short command start that command', () => {
    const entries = harness.bot.menuEntries();
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
    for (const e of entries) {
      assert.equal(harness.bot.commandFor(e.example), e.id, `the example "${e.example}" starts ${harness.bot.commandFor(e.example)}, not ${e.id}`);
      if (e.shortCommand) assert.equal(harness.bot.commandFor(e.shortCommand), e.id, `"${e.shortCommand}" does not start ${e.id}`);
    }
  });
});
