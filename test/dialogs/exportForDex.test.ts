import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import fs from 'node:fs';
import { chatExportFolder, FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../src/bot/fileConsent';
import { ExportLedger } from '../../src/storage/exportLedger';
import { createHarness, transcript, type Harness, type TestConversation } from '../support/botHarness';
import { completeClient, groupCaseFile, ORG_ID } from '../support/exportFixtures';

/** Stands in for the OneDrive upload URL Teams hands the bot: records each PUT and answers as OneDrive does. */
async function uploadStandIn(status = 201) {
  const puts: { url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      puts.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      // Set one by one: restify, loaded by other tests in the same process, makes writeHead return nothing.
      res.statusCode = req.method === 'PUT' ? status : 405;
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { puts, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function consentCards(replies: Partial<Activity>[]) {
  return replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === FILE_CONSENT_CARD);
}

function consentInvoke(conv: TestConversation, action: 'accept' | 'decline', card: { name?: string; content: { acceptContext: unknown } }, uploadUrl: string) {
  return conv.send({
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context: card.content.acceptContext,
      ...(action === 'accept'
        ? {
            uploadInfo: {
              name: card.name,
              uploadUrl,
              contentUrl: `https://contoso-my.sharepoint.com/personal/alice/Documents/Applications/DEX/${card.name}`,
              uniqueId: 'ABC-123',
              fileType: 'xml',
            },
          }
        : {}),
    },
  });
}

describe('export for DEX in chat', function () {
  this.timeout(120_000);
  let harness: Harness;
  const alice = completeClient('CL-A0000001', 'Alice', 'Nguyen');
  const sam = completeClient('CL-S0000002', 'Sam', 'Okafor');
  const rosa = completeClient('CL-R0000003', 'Rosa', 'Bianchi');

  beforeEach(async () => {
    harness = await createHarness({ now: '2026-03-20T12:00:00' });
    const { caseFiles, clients } = harness.services;
    for (const c of [alice, sam, rosa]) assert.ok(await clients.insert(c));
    assert.ok(
      (
        await caseFiles.insert(
          groupCaseFile({
            caseFileId: 'cf-ready',
            caseId: 'CF-READY',
            name: 'Ready walkers',
            clients: [alice, sam],
            sessionTimes: ['2026-02-10T10:00', '2026-02-17T10:00'],
            serviceTypeId: 352,
            scored: true,
          }),
        )
      ).ok,
    );
    assert.ok(
      (
        await caseFiles.insert(
          groupCaseFile({ caseFileId: 'cf-gaps', caseId: 'CF-GAPS', name: 'Craft circle', clients: [rosa], sessionTimes: ['2026-02-11T10:00'] }),
        )
      ).ok,
    );
  });
  afterEach(() => harness.close());

  it('shows the summary, then delivers the file through the consent card: Allow uploads the bytes and posts the file card', async () => {
    const standIn = await uploadStandIn();
    try {
      const conv = harness.conversation();
      const replies = await conv.say('export for DEX');
      const words = transcript(replies);
      assert.match(words, /DEX file for 1 Jan – 30 Jun 2026/);
      assert.match(words, /Clients: 2\nCases: 1\nSessions: 2\nParticipants: 4\nCommunity SCOREs: 2/);
      assert.match(words, /Left out: 1 case file not ready for DEX\n\*\*Craft circle\*\*\n• Session S-20260211-1 \(11 Feb 2026\) has no service type/);
      assert.match(words, /Fill in session details/, 'the reason comes with its fix button');
      const [offer] = consentCards(replies);
      assert.ok(offer, 'a file consent card follows the summary');
      const content = offer.content as { sizeInBytes: number; acceptContext: unknown; description: string };
      assert.match(offer.name!, /^DEX-harbourside-community-2026-H1-\d{8}T\d{6}Z-01\.xml$/);

      const answered = await consentInvoke(conv, 'accept', offer as never, `${standIn.base}/upload/session-1`);
      assert.equal(standIn.puts.length, 1);
      const put = standIn.puts[0]!;
      assert.equal(put.url, '/upload/session-1');
      assert.equal(put.body.length, content.sizeInBytes);
      assert.equal(put.headers['content-range'], `bytes 0-${content.sizeInBytes - 1}/${content.sizeInBytes}`);
      const [recorded] = await new ExportLedger(harness.services.db).list(ORG_ID, '2026-H1');
      assert.equal(createHash('sha256').update(put.body).digest('hex'), recorded!.files[0]!.sha256, 'the bytes uploaded are the file the ledger recorded');
      assert.match(put.body.toString('utf8'), /<CaseId>CF-READY<\/CaseId>/);
      const info = answered.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === FILE_INFO_CARD);
      assert.ok(info, transcript(answered));
      assert.equal(info.name, offer.name);
      assert.deepEqual(info.content, { uniqueId: 'ABC-123', fileType: 'xml' });
      const invokeResponse = answered.find((r) => r.type === 'invokeResponse');
      assert.equal((invokeResponse?.value as { status: number } | undefined)?.status, 200);

      // Allow pressed again (a retried invoke) uploads nothing twice.
      const again = await consentInvoke(conv, 'accept', offer as never, `${standIn.base}/upload/session-2`);
      assert.equal(standIn.puts.length, 1);
      assert.match(transcript(again), /no longer waiting/);
    } finally {
      await standIn.close();
    }
  });

  it('Decline uploads nothing and says so; a failed upload keeps the file for another try', async () => {
    const failing = await uploadStandIn(500);
    try {
      const conv = harness.conversation();
      const [offer] = consentCards(await conv.say('get the DEX file for this period'));
      const failed = await consentInvoke(conv, 'accept', offer as never, `${failing.base}/upload`);
      assert.match(transcript(failed), /could not be saved to your OneDrive \(it answered 500\)/);
      assert.equal(
        failed.flatMap((r) => r.attachments ?? []).some((a) => a.contentType === FILE_INFO_CARD),
        false,
      );
      const waiting = () =>
        fs.readdirSync(chatExportFolder(harness.services.config.dataDir), { recursive: true }).filter((f) => String(f).endsWith('.xml')).length;
      assert.equal(waiting(), 1, 'a failed upload keeps the file');
      const declined = await consentInvoke(conv, 'decline', offer as never, '');
      assert.match(transcript(declined), /was not saved to your OneDrive/);
      assert.equal(waiting(), 0, 'a declined file is deleted');
    } finally {
      await failing.close();
    }
  });

  it('only another user’s own answer can take the file: a different user in the same chat gets nothing', async () => {
    const standIn = await uploadStandIn();
    try {
      const conv = harness.conversation({ conversationId: 'conv-shared-id' });
      const [offer] = consentCards(await conv.say('export for DEX'));
      const mallory = harness.conversation({ conversationId: 'conv-shared-id', id: 'user-mallory', name: 'Mallory' });
      const stolen = await consentInvoke(mallory, 'accept', offer as never, `${standIn.base}/upload`);
      assert.equal(standIn.puts.length, 0);
      assert.match(transcript(stolen), /no longer waiting/);
    } finally {
      await standIn.close();
    }
  });

  it('in a group chat or channel asks for a personal chat and makes no file', async () => {
    for (const conversationType of ['groupChat', 'channel']) {
      const conv = harness.conversation();
      // The test adapter stamps every activity with its conversation: make that one a group chat or channel.
      const template = conv.adapter.template;
      template.conversation = { ...template.conversation!, conversationType, isGroup: true };
      const replies = await conv.say('export for DEX');
      assert.match(transcript(replies), /only make it in a personal chat/);
      assert.equal(consentCards(replies).length, 0);
    }
    assert.equal((await new ExportLedger(harness.services.db).list(ORG_ID)).length, 0);
  });

  it('offers a choice when two periods are open', async () => {
    harness.setNow('2026-07-10T09:00:00');
    const replies = await harness.conversation().say('export for DEX');
    assert.match(transcript(replies), /Two reporting periods are open/);
    assert.equal(consentCards(replies).length, 0);
  });

  it('status shows when each case file was last exported and whether it changed since', async () => {
    const conv = harness.conversation();
    assert.match(transcript(await conv.say('status of Ready walkers')), /Last DEX export: Not exported yet/);
    await conv.say('export for DEX');
    assert.match(transcript(await conv.say('status of Ready walkers')), /Last DEX export: Fri 20 Mar 2026, 12:00 pm \(2026-H1\); unchanged since/);
    assert.match(transcript(await conv.say('status of Craft circle')), /Last DEX export: Not exported yet/, 'a case file left out was not exported');
    const { caseFiles } = harness.services;
    const changed = await caseFiles.update(ORG_ID, 'cf-ready', (cf) => ({ ok: true, value: { ...cf, overview: 'Now meets at the lake' } }));
    assert.ok(changed.ok);
    assert.match(transcript(await conv.say('status of Ready walkers')), /\(2026-H1\); changed since, so the next export sends it again/);
  });
});
