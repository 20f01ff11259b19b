import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { transcript } from '../support/botHarness';
import { submitAction } from '../support/cardQueries';
import { eventually, ConnectorStandIn } from '../support/connectorStandIn';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';

type Logged = { event: string; level: string; conversation?: string; status?: number; code?: string };

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

describe('HTTP edge: replies never wait for card replacement, and failed sends are retried and logged (stand-in Teams connector)', function () {
  this.timeout(60_000);
  let bot: HttpBot;
  let connector: ConnectorStandIn;
  const logs: Logged[] = [];
  let n = 0;

  before(async () => {
    connector = await new ConnectorStandIn().start();
    bot = await startHttpBot({ logger: createLogger('debug', (line) => logs.push(JSON.parse(line) as Logged)) });
  });
  after(async () => {
    await bot.stop();
    await connector.close();
  });

  /** Starts "new case file" and returns what pressing Continue on its first card sends, as Teams would. */
  async function firstCardSubmit(serviceUrl: string): Promise<{ conversationId: string; value: Record<string, unknown> }> {
    const conversationId = `connector-${++n}`;
    const first = await postActivity(bot.url, { conversationId, serviceUrl, text: 'new case file for Riverside walkers' });
    const button = submitAction(first.replies, 'Continue');
    assert.ok(button, transcript(first.replies));
    return { conversationId, value: { ...(button.data as object), choice: '10421' } };
  }

  function logged(event: string, conversationId: string): Logged[] {
    return logs.filter((l) => l.event === event && l.conversation === conversationId);
  }

  it('answers a card submit while the connector is still holding the card replacement, then replaces it', async () => {
    const { conversationId, value } = await firstCardSubmit(connector.url);
    connector.holdPuts = true;
    const { status, replies } = await postActivity(bot.url, { conversationId, serviceUrl: connector.url, value, replyToId: 'card-slow' });
    assert.equal(status, 200);
    assert.match(transcript(replies), /Attendance profile/i, 'the next step came back');
    await eventually(() => connector.heldPuts === 1, 'the replacement reached the connector');
    connector.releasePuts();
    const puts = connector.callsOf('PUT', conversationId);
    assert.equal(puts.length, 1);
    assert.match(puts[0]!.path, /\/activities\/card-slow$/);
    assert.match(JSON.stringify(puts[0]!.body), /✓/);
  });

  it('retries a throttled card replacement after the Retry-After the connector gave, and the reply did not wait for it', async () => {
    const { conversationId, value } = await firstCardSubmit(connector.url);
    connector.scripted.PUT.push({ status: 429, headers: { 'Retry-After': '2' } });
    const { status, replies } = await postActivity(bot.url, { conversationId, serviceUrl: connector.url, value, replyToId: 'card-throttled' });
    const repliedAt = Date.now();
    assert.equal(status, 200);
    assert.match(transcript(replies), /Attendance profile/i);
    await eventually(() => connector.callsOf('PUT', conversationId).length === 2, 'the throttled replacement was retried');
    const [first, second] = connector.callsOf('PUT', conversationId);
    assert.ok(second!.at - first!.at >= 1_900, `retried ${second!.at - first!.at} ms after the 429, Retry-After was 2 s`);
    assert.ok(repliedAt < second!.at, 'the reply was back before the retry');
    assert.equal(logged('card.seal.failed', conversationId).length, 0);
  });

  it('answers a card submit when the Teams service is unreachable, and logs the failed replacement with the conversation', async () => {
    const unreachable = await closedPortUrl();
    const { conversationId, value } = await firstCardSubmit(unreachable);
    const { status, replies } = await postActivity(bot.url, { conversationId, serviceUrl: unreachable, value, replyToId: 'card-lost' });
    assert.equal(status, 200);
    assert.match(transcript(replies), /Attendance profile/i);
    await eventually(() => logged('card.seal.failed', conversationId).length === 1, 'the failed replacement was logged', 30_000);
    const line = logged('card.seal.failed', conversationId)[0]!;
    assert.equal(line.level, 'warn');
    assert.equal(line.code, 'ECONNREFUSED');
  });

  it('delivers a normal (not expectReplies) reply after a 429, honouring Retry-After', async () => {
    const conversationId = `connector-${++n}`;
    connector.scripted.POST.push({ status: 429, headers: { 'Retry-After': '1' } });
    const { status } = await postActivity(bot.url, { conversationId, serviceUrl: connector.url, text: 'help', deliveryMode: 'normal' });
    assert.equal(status, 200);
    const posts = connector.callsOf('POST', conversationId);
    assert.equal(posts.length, 2, 'one throttled attempt, one delivered');
    assert.ok(posts[1]!.at - posts[0]!.at >= 900, `retried after ${posts[1]!.at - posts[0]!.at} ms`);
    assert.match(JSON.stringify(posts[1]!.body), /What I can do/);
    assert.equal(logged('reply.send.failed', conversationId).length, 0);
  });

  it('logs a normal reply that could not be delivered, with the conversation, as an error, answers 502, and sends no apology the same dead way', async () => {
    const conversationId = `connector-${++n}`;
    for (let i = 0; i < 4; i++) connector.scripted.POST.push({ status: 503 });
    const { status } = await postActivity(bot.url, { conversationId, serviceUrl: connector.url, text: 'help', deliveryMode: 'normal' });
    assert.equal(status, 502, 'the channel is told the reply did not reach the user');
    const failed = logged('reply.send.failed', conversationId);
    assert.equal(failed.length, 1, JSON.stringify(logs.filter((l) => l.conversation === conversationId)));
    assert.equal(failed[0]!.level, 'error');
    assert.equal(failed[0]!.status, 503);
    const posts = connector.callsOf('POST', conversationId);
    assert.equal(posts.length, 4, 'the connector client tried four times (three retries)');
    assert.ok(
      posts.every((p) => /What I can do/.test(JSON.stringify(p.body))),
      'no apology was attempted',
    );
    connector.scripted.POST.length = 0;
  });

  it('sends the kept replies of an undelivered turn when the channel delivers the same activity again', async () => {
    const conversationId = `connector-${++n}`;
    const activity = { id: 'redelivered-1', conversationId, serviceUrl: connector.url, text: 'help', deliveryMode: 'normal' as const };
    for (let i = 0; i < 4; i++) connector.scripted.POST.push({ status: 503 });
    assert.equal((await postActivity(bot.url, activity)).status, 502);
    assert.equal((await postActivity(bot.url, activity)).status, 200, 'the second delivery sends the kept reply');
    const posts = connector.callsOf('POST', conversationId);
    assert.equal(posts.length, 5, 'four failed attempts, then the reply delivered');
    assert.match(JSON.stringify(posts[4]!.body), /What I can do/);
    const again = await postActivity(bot.url, activity);
    assert.equal(again.status, 200);
    const all = connector.callsOf('POST', conversationId);
    assert.equal(all.length, 6, 'each delivery of the activity sends its kept reply once');
    assert.match(JSON.stringify(all[5]!.body), /What I can do/);
  });
});
