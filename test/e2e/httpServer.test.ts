import assert from 'node:assert/strict';
import { transcript } from '../support/botHarness';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';

describe('HTTP end to end: restify + CloudAdapter on the embedded store', () => {
  let bot: HttpBot;
  before(async () => {
    bot = await startHttpBot();
  });
  after(() => bot.stop());

  it('serves /healthz with the store in use and a database ping', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; store: string; database: { ok: boolean; latencyMs: number }; authentication: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.store, 'embedded');
    assert.equal(body.database.ok, true);
    assert.equal(typeof body.database.latencyMs, 'number');
    assert.equal(body.authentication, 'off');
  });

  it('binds to loopback only while authentication is off', () => {
    assert.match(bot.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a posted message with expectReplies', async () => {
    const { status, replies } = await postActivity(bot.url, { text: 'help' });
    assert.equal(status, 200);
    assert.match(transcript(replies), /What I can do/);
  });

  it('keeps a guided flow going across HTTP turns in the same conversation', async () => {
    const conversationId = 'http-flow-1';
    const first = await postActivity(bot.url, { conversationId, text: 'new case file' });
    assert.match(transcript(first.replies), /Step 1 of \d+ · Name/);
    const second = await postActivity(bot.url, { conversationId, text: 'Thursday walking group' });
    assert.match(transcript(second.replies), /Outlet activity/);
  });
});
