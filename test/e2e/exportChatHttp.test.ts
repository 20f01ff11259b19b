import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Activity, Attachment } from 'botbuilder';
import { validateXML } from 'xmllint-wasm';
import { chatExportFolder, FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../src/bot/fileConsent';
import { BUNDLED_SCHEMA_FILE } from '../../src/export/dexSchema';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { ExportLedger } from '../../src/storage/exportLedger';
import { transcript } from '../support/botHarness';
import { assertValidCard } from '../support/cardValidation';
import { ConnectorStandIn, eventually } from '../support/connectorStandIn';
import { ORG } from '../support/fixtures';
import { postActivity, startHttpBot, teamsActivity, type HttpBot } from '../support/httpBot';
import { OneDriveStandIn } from '../support/oneDriveStandIn';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

/** Every wait in this file gives up after this long, so a server that never answers fails the test instead of hanging it. */
const WAIT_MS = 30_000;

/**
 * "Export for DEX" in a personal chat through the real server over HTTP: the summary card and the file consent
 * card come back as a Teams chat receives them; pressing Allow is the `fileConsent/invoke` Teams sends, with an
 * upload URL at a stand-in speaking OneDrive's upload-session protocol; the file info card then arrives at the
 * stand-in Teams connector.
 */
describe('export for DEX in a personal chat over HTTP', function () {
  this.timeout(180_000);
  let bot: HttpBot;
  let connector: ConnectorStandIn;
  let oneDrive: OneDriveStandIn;
  const conversation = () => ({ id: `a:1personal-${randomUUID()}`, conversationType: 'personal', tenantId: SAMPLE_TENANT });

  beforeEach(async () => {
    connector = await new ConnectorStandIn().start();
    oneDrive = await new OneDriveStandIn().start();
    bot = await startHttpBot();
    await seedDemoData(bot.app.services);
  });
  afterEach(async () => {
    await bot.stop();
    await oneDrive.close();
    await connector.close();
  });

  async function say(conv: { id: string }, text: string): Promise<Partial<Activity>[]> {
    const { status, replies } = await postActivity(bot.url, { text, conversation: conv as never, serviceUrl: connector.url });
    assert.equal(status, 200);
    return replies;
  }

  /** The invoke exactly as Teams posts it: no expectReplies, so replies go to the connector and the body is the invoke response. */
  async function answerConsent(conv: { id: string }, offer: Attachment, action: 'accept' | 'decline'): Promise<{ status: number; body: string }> {
    const content = offer.content as { acceptContext: unknown; declineContext: unknown };
    const activity = teamsActivity({
      type: 'invoke',
      name: 'fileConsent/invoke',
      conversation: conv as never,
      serviceUrl: connector.url,
      value: {
        type: 'fileUpload',
        action,
        context: action === 'accept' ? content.acceptContext : content.declineContext,
        ...(action === 'accept'
          ? {
              uploadInfo: {
                name: offer.name,
                uploadUrl: oneDrive.sessionUrl(offer.name!),
                contentUrl: `https://contoso-my.sharepoint.com/personal/harriet/Documents/Applications/DEX/${offer.name}`,
                uniqueId: randomUUID(),
                fileType: 'xml',
              },
            }
          : {}),
      },
    });
    delete activity.deliveryMode;
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(WAIT_MS),
    });
    return { status: res.status, body: await res.text() };
  }

  function offers(replies: Partial<Activity>[]): Attachment[] {
    return replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === FILE_CONSENT_CARD);
  }

  it('summary card, file consent card, Allow uploads through an upload session and posts the file card; the bytes validate and the export is recorded', async () => {
    const conv = conversation();
    const replies = await say(conv, 'export for DEX');
    for (const card of replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'))
      assertValidCard(card.content);
    const words = transcript(replies);
    assert.match(words, /DEX file for 1 Jul – 31 Dec 2026/);
    assert.match(words, /Clients: 2\nCases: 1\n/);
    assert.match(words, /Left out: 1 case file not ready for DEX/);
    const [offer, more] = offers(replies);
    assert.ok(offer, `a file consent card follows the summary:\n${words}`);
    assert.equal(more, undefined, 'one file');
    const size = (offer.content as { sizeInBytes: number }).sizeInBytes;

    const answered = await answerConsent(conv, offer, 'accept');
    assert.equal(answered.status, 200, answered.body);
    const bytes = oneDrive.uploaded(offer.name!);
    assert.ok(bytes, 'the upload session completed');
    assert.equal(bytes.length, size, 'the consent card told the user the real size');
    const session = [...oneDrive.sessions.values()][0]!;
    assert.equal(session.authorization, false, 'no bearer token is sent to the upload URL');

    await eventually(() => connector.callsOf('POST', conv.id).length > 0, 'the file info card reaches the chat', WAIT_MS);
    const posted = connector.callsOf('POST', conv.id).map((c) => c.body as Partial<Activity>);
    const info = posted.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === FILE_INFO_CARD);
    assert.ok(info, `a file info card, not: ${JSON.stringify(posted)}`);
    assert.equal(info.name, offer.name);
    assert.match(info.contentUrl ?? '', /Applications\/DEX\/DEX-harbourside-community-2026-H2-/);

    const schema = fs.readFileSync(BUNDLED_SCHEMA_FILE, 'utf8');
    const checked = await validateXML({ xml: { fileName: offer.name!, contents: bytes }, schema: { fileName: 'DEXFileUpload.xsd', contents: schema } });
    assert.equal(checked.valid, true, checked.rawOutput);

    const [recorded] = await new ExportLedger(bot.app.services.db).list(ORG, '2026-H2');
    assert.ok(recorded, 'the export is recorded');
    assert.equal(recorded.by.userId, 'http-user');
    assert.deepEqual(
      recorded.files.map((f) => [f.name, f.bytes, f.sha256]),
      [[offer.name, bytes.length, createHash('sha256').update(bytes).digest('hex')]],
      'the recorded file is the one uploaded',
    );
  });

  it('Allow after the server restarted uploads the same bytes, read back from disk and checked against the recorded SHA-256', async () => {
    const conv = conversation();
    const [offer] = offers(await say(conv, 'export for DEX'));
    assert.ok(offer);
    const dataDir = bot.dataDir;
    const folder = chatExportFolder(dataDir);
    const waiting = fs
      .readdirSync(folder, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.xml'));
    assert.equal(waiting.length, 1, 'the offered file waits on disk, not in the process');
    const file = path.join(folder, waiting[0]!);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'readable by the bot’s account only');
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);

    // A restart on the same data folder: nothing of the offer is left in memory.
    await bot.app.stop();
    bot = await startHttpBot({ dataDir });
    try {
      const answered = await answerConsent(conv, offer, 'accept');
      assert.equal(answered.status, 200, answered.body);
      const bytes = oneDrive.uploaded(offer.name!);
      assert.ok(bytes, 'uploaded after the restart');
      const [recorded] = await new ExportLedger(bot.app.services.db).list(ORG, '2026-H2');
      assert.equal(createHash('sha256').update(bytes).digest('hex'), recorded!.files[0]!.sha256, 'the same bytes as exported');
      await eventually(
        () => connector.callsOf('POST', conv.id).some((c) => JSON.stringify(c.body).includes(FILE_INFO_CARD)),
        'the file info card reaches the chat',
        WAIT_MS,
      );
      assert.equal(fs.existsSync(file), false, 'the uploaded file is deleted');
    } finally {
      await bot.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      bot = await startHttpBot();
    }
  });

  it('a file changed on disk after it was checked is not uploaded', async () => {
    const conv = conversation();
    const [offer] = offers(await say(conv, 'export for DEX'));
    assert.ok(offer);
    const folder = chatExportFolder(bot.dataDir);
    const file = path.join(
      folder,
      fs
        .readdirSync(folder, { recursive: true })
        .map(String)
        .find((f) => f.endsWith('.xml'))!,
    );
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<Clients>', '<Clients><!-- edited -->'));
    await answerConsent(conv, offer, 'accept');
    await eventually(() => connector.callsOf('POST', conv.id).length > 0, 'the answer reaches the chat', WAIT_MS);
    assert.match(
      transcript(connector.callsOf('POST', conv.id).map((c) => c.body as Partial<Activity>)),
      /is not the file that was checked against the DEX schema/,
    );
    assert.equal(oneDrive.sessions.size, 0);
  });

  it('Decline uploads nothing and says so in the chat', async () => {
    const conv = conversation();
    const [offer] = offers(await say(conv, 'export for DEX'));
    assert.ok(offer);
    const answered = await answerConsent(conv, offer, 'decline');
    assert.equal(answered.status, 200, answered.body);
    await eventually(() => connector.callsOf('POST', conv.id).length > 0, 'the answer reaches the chat', WAIT_MS);
    const said = transcript(connector.callsOf('POST', conv.id).map((c) => c.body as Partial<Activity>));
    assert.match(said, /was not saved to your OneDrive/);
    assert.equal(oneDrive.sessions.size, 0, 'nothing was uploaded');
    // A second answer to the same card finds nothing waiting.
    await answerConsent(conv, offer, 'accept');
    await eventually(() => connector.callsOf('POST', conv.id).length > 1, 'the second answer reaches the chat', WAIT_MS);
    assert.equal(oneDrive.sessions.size, 0, 'a declined file cannot be uploaded afterwards');
  });
});
