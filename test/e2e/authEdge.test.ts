import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger';
import { transcript } from '../support/botHarness';
import { postRaw, startHttpBot, teamsActivity, type HttpBot } from '../support/httpBot';
import { IdentityStandIn, publicCloudWithMetadataAt, strangerKey } from '../support/identityStandIn';

const APP_ID = '66666666-7777-8888-9999-000000000000';
const SERVICE_URL = 'https://smba.trafficmanager.net/au/';
const GENERIC = new Set(['Unauthorized.', 'The request cannot be verified right now. Try again shortly.']);

type Logged = { event: string; detail?: string; conversation?: string };

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function post(bot: HttpBot, token: string | undefined, text = 'help'): Promise<{ status: number; text: string; retryAfter: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await postRaw(bot.url, JSON.stringify(teamsActivity({ text, serviceUrl: SERVICE_URL })), headers);
  return { status: res.status, text: res.text, retryAfter: res.headers.get('retry-after') };
}

function assertGeneric(text: string): void {
  const body = JSON.parse(text) as { error?: string };
  assert.ok(body.error && GENERIC.has(body.error) && Object.keys(body).length === 1, text);
  assert.doesNotMatch(text, /openid|127\.0\.0\.1|ECONNREFUSED|Failed to load|fetch|signature|token/i);
}

describe('HTTP edge: authentication on, against a stand-in identity service (OpenID metadata and keys)', () => {
  const identity = new IdentityStandIn();
  const bots: HttpBot[] = [];
  const logs: Logged[] = [];

  async function botWithMetadataAt(metadataUrl: string): Promise<HttpBot> {
    const bot = await startHttpBot({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' },
      logger: createLogger('debug', (line) => logs.push(JSON.parse(line) as Logged)),
      authentication: publicCloudWithMetadataAt(metadataUrl),
    });
    bots.push(bot);
    return bot;
  }

  before(() => identity.start());
  // One bot at a time: each runs the app's named reminder schedule, which a process holds once.
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.stop();
  });
  after(() => identity.close());

  it('answers a channel token signed with a published key (the stand-in speaks the real protocol)', async () => {
    const bot = await botWithMetadataAt(identity.metadataUrl('valid'));
    const res = await post(bot, identity.token({ aud: APP_ID, serviceurl: SERVICE_URL }));
    assert.equal(res.status, 200, res.text);
    assert.match(transcript((JSON.parse(res.text) as { activities: never[] }).activities), /What I can do/);
  });

  it('answers 401 with a generic body to forged, mis-addressed and missing tokens while the keys are reachable', async () => {
    const bot = await botWithMetadataAt(identity.metadataUrl('forged'));
    const forged = [
      identity.token({ aud: APP_ID, serviceurl: SERVICE_URL }, strangerKey()),
      identity.token({ aud: APP_ID, serviceurl: SERVICE_URL }, strangerKey(), 'unknown-key'),
      identity.token({ aud: 'another-bot', serviceurl: SERVICE_URL }),
      identity.token({ aud: APP_ID, serviceurl: 'https://elsewhere.example/' }),
      'eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
      'not-a-jwt',
      undefined,
    ];
    for (const token of forged) {
      const res = await post(bot, token);
      assert.equal(res.status, 401, `${token?.slice(0, 30)}: ${res.text}`);
      assertGeneric(res.text);
    }
  });

  for (const [name, setUp] of [
    ['the identity service is unreachable', async () => `http://127.0.0.1:${await closedPort()}/v1/.well-known/openidconfiguration`],
    [
      'the metadata document fails (500)',
      async () => {
        identity.mode = 'metadata500';
        return identity.metadataUrl('metadata500');
      },
    ],
    [
      'the keys document fails (500)',
      async () => {
        identity.mode = 'keys500';
        return identity.metadataUrl('keys500');
      },
    ],
  ] as const) {
    it(`answers 503 with Retry-After and a generic body when ${name}, with the detail in the log`, async () => {
      const bot = await botWithMetadataAt(await setUp());
      const before = logs.length;
      const res = await post(bot, identity.token({ aud: APP_ID, serviceurl: SERVICE_URL }, strangerKey()));
      assert.equal(res.status, 503, res.text);
      assert.equal(res.retryAfter, '5');
      assertGeneric(res.text);
      const logged = logs.slice(before).find((l) => l.event === 'auth.unavailable');
      assert.ok(logged?.detail, JSON.stringify(logs.slice(before)));
      assert.ok(logged.conversation);
      identity.mode = 'up';
    });
  }

  it('recovers without a restart once the identity service answers again', async () => {
    identity.mode = 'keys500';
    const bot = await botWithMetadataAt(identity.metadataUrl('recovers'));
    const token = identity.token({ aud: APP_ID, serviceurl: SERVICE_URL });
    assert.equal((await post(bot, token)).status, 503);
    identity.mode = 'up';
    assert.equal((await post(bot, token)).status, 200);
  });

  it('checks the activity before the token: a malformed one is 400 even with a forged token', async () => {
    const bot = await botWithMetadataAt(identity.metadataUrl('shape'));
    const res = await postRaw(bot.url, JSON.stringify({ text: 'help' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${identity.token({ aud: APP_ID, serviceurl: SERVICE_URL }, strangerKey())}`,
    });
    assert.equal(res.status, 400);
  });
});
