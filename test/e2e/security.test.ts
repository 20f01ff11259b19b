import assert from 'node:assert/strict';
import { transcript } from '../support/botHarness';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';

describe('who may talk to the bot (real HTTP server)', () => {
  describe('with Bot Framework credentials set', () => {
    let bot: HttpBot;
    before(async () => {
      bot = await startHttpBot({ env: { MicrosoftAppId: '66666666-7777-8888-9999-000000000000', MicrosoftAppPassword: 'not-a-real-secret' } });
    });
    after(() => bot.stop());

    it('answers 401 to a request without a valid token, and handles nothing', async () => {
      const { status, replies } = await postActivity(bot.url, { text: 'help' });
      assert.equal(status, 401);
      assert.deepEqual(replies, []);
    });

    it('answers 401 to a forged bearer token', async () => {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' },
        body: JSON.stringify({
          type: 'message',
          text: 'help',
          channelId: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/au/',
          conversation: { id: 'c' },
          from: { id: 'u' },
          recipient: { id: 'b' },
        }),
      });
      assert.equal(res.status, 401);
    });
  });

  describe('with ALLOWED_TENANTS set', () => {
    let bot: HttpBot;
    before(async () => {
      bot = await startHttpBot({ env: { ALLOWED_TENANTS: '11111111-2222-3333-4444-555555555555' } });
    });
    after(() => bot.stop());

    it('politely refuses a configured organisation tenant that is not on the allow list', async () => {
      const { replies } = await postActivity(bot.url, { text: 'help' });
      assert.match(transcript(replies), /not set up for your organisation/);
      assert.doesNotMatch(transcript(replies), /What I can do/);
    });
  });
});
