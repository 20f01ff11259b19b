import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { buildManifest, manifestDir } from '../../src/teamsApp/appPackage';
import { findPackageRoot } from '../../src/config/packageRoot';
import { createHarness, transcript, type Harness } from '../support/botHarness';

const root = findPackageRoot();
const settings = {
  teamsAppId: '11111111-2222-3333-4444-555555555555',
  botId: '66666666-7777-8888-9999-000000000000',
  botDomain: 'dex-assistant.example.org',
  developerName: 'Harbourside Community Services',
  developerWebsiteUrl: 'https://example.org',
  developerPrivacyUrl: 'https://example.org/privacy',
  developerTermsUrl: 'https://example.org/terms',
};

function officialSchema(version: string): object {
  // The schema shipped inside @microsoft/app-manifest, so validation needs no network.
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

describe('Teams app package', () => {
  let harness: Harness;
  before(async () => {
    harness = await createHarness();
  });
  after(() => harness.close());

  it('fills a manifest that the official v1.24 schema accepts, with every bot scope', async () => {
    const manifest = buildManifest(root, settings, harness.bot.menuEntries()) as { manifestVersion: string; bots: { scopes: string[] }[] };
    const failures = await AppManifestUtils.validateAgainstSchema(manifest as never, officialSchema(manifest.manifestVersion) as never);
    assert.deepEqual(failures, []);
    assert.deepEqual(manifest.bots[0]!.scopes.sort(), ['groupChat', 'personal', 'team']);
  });

  it('refuses an unfilled placeholder', () => {
    assert.throws(() => buildManifest(root, { ...settings, botDomain: undefined as unknown as string }, []), /BOT_DOMAIN/);
  });

  it('lists commands that the bot really understands', async () => {
    const manifest = buildManifest(root, settings, harness.bot.menuEntries()) as { bots: { commandLists: { commands: { title: string }[] }[] }[] };
    const commands = manifest.bots[0]!.commandLists[0]!.commands;
    assert.ok(commands.length >= 1);
    for (const { title } of commands) {
      const words = transcript(await harness.conversation().say(title));
      assert.doesNotMatch(words, /didn't understand/, `"${title}" from the manifest is not understood`);
    }
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is white on transparent', () => {
    const color = PNG.sync.read(readFileSync(path.join(manifestDir(root), 'color.png')));
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = PNG.sync.read(readFileSync(path.join(manifestDir(root), 'outline.png')));
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i]!, outline.data[i + 1]!, outline.data[i + 2]!, outline.data[i + 3]!];
      if (a === 0) transparent++;
      else assert.ok(r === 255 && g === 255 && b === 255, 'outline pixels are white');
    }
    assert.ok(transparent > 0 && transparent < 32 * 32, 'outline has a transparent background and a visible mark');
  });
});
