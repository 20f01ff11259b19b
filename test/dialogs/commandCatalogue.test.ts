import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHarness, type Harness } from '../support/botHarness';

/** Command ids a button names, as written in the card and dialog sources: `command: 'addSession'`. */
function commandIdsInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of ['cards', 'dialogs']) {
    const folder = path.join(__dirname, '..', '..', dir);
    for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      for (const m of source.matchAll(/command: '([A-Za-z]+)'/g)) found.set(m[1]!, `${dir}/${file}`);
    }
  }
  return found;
}

describe('command catalogue', () => {
  let harness: Harness;
  before(async () => {
    harness = await createHarness();
  });
  after(() => harness.close());

  it('has a command for every button that starts one (menu and help are built in)', () => {
    const known = new Set([...harness.bot.menuEntries().map((e) => e.id), 'menu', 'help']);
    const named = commandIdsInSources();
    assert.ok(named.size >= 5, 'the scan finds the buttons');
    for (const [id, where] of named) assert.ok(known.has(id), `${where} has a button for "${id}", which no command handles`);
  });

  it('gives every command a unique id, and its example and short command start that command', () => {
    const entries = harness.bot.menuEntries();
    assert.equal(new Set(entries.map((e) => e.id)).size, entries.length);
    for (const e of entries) {
      assert.equal(harness.bot.commandFor(e.example), e.id, `the example "${e.example}" starts ${harness.bot.commandFor(e.example)}, not ${e.id}`);
      if (e.shortCommand) assert.equal(harness.bot.commandFor(e.shortCommand), e.id, `"${e.shortCommand}" does not start ${e.id}`);
    }
  });
});
