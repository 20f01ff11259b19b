import assert from 'node:assert/strict';
import { createLogger } from '../../src/logger';
import { transcript } from '../support/botHarness';
import { postActivity, postRaw, startHttpBot, teamsActivity, type HttpBot } from '../support/httpBot';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

/** Words that would show the caller internal detail: SDK, parser or zod messages, stack frames. */
const INTERNAL = /validateAndFixActivity|Unexpected token|JSON at position|invalid_type|TypeError|at .*\.(?:ts|js):\d+|node_modules|Zod/i;
const GENERIC_BODIES = new Set(['The request is not a valid activity.', 'The request was refused.', 'Send the activity as application/json.']);

function generic(text: string): boolean {
  const body = JSON.parse(text) as { error?: string };
  return typeof body.error === 'string' && GENERIC_BODIES.has(body.error) && Object.keys(body).length === 1;
}

/** Replaces (or with undefined, removes) one field of a Teams activity. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const body = teamsActivity({ text: 'help' });
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail === undefined) {
    if (value === undefined) delete body[head];
    else body[head] = value;
  } else {
    const inner = { ...(body[head] as Record<string, unknown>) };
    if (value === undefined) delete inner[tail];
    else inner[tail] = value;
    body[head] = inner;
  }
  return body;
}

describe('HTTP edge: what /api/messages accepts (real restify + CloudAdapter server)', () => {
  let bot: HttpBot;
  const logLines: string[] = [];
  before(async () => {
    bot = await startHttpBot({ logger: createLogger('debug', (line) => logLines.push(line)) });
  });
  after(() => bot.stop());

  describe('only application/json drives the bot (415 otherwise)', () => {
    it('refuses a form post that would start a flow, and the conversation has no flow afterwards', async () => {
      const conversationId = 'form-post';
      const form = new URLSearchParams({
        type: 'message',
        text: 'new case file',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/au/',
        'conversation[id]': conversationId,
        'from[id]': 'u',
        'recipient[id]': 'b',
      });
      const res = await postRaw(bot.url, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(res.status, 415);
      assert.ok(generic(res.text), res.text);
      const next = await postActivity(bot.url, { conversationId, text: 'Thursday walking group' });
      assert.match(transcript(next.replies), /didn't understand/, 'no case-file flow was started by the form');
    });

    for (const contentType of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml', '']) {
      it(`refuses a JSON activity sent as "${contentType || '(no content type)'}"`, async () => {
        const res = await postRaw(bot.url, JSON.stringify(teamsActivity({ text: 'help' })), contentType ? { 'content-type': contentType } : {});
        assert.equal(res.status, 415);
        assert.ok(generic(res.text), res.text);
      });
    }

    it('accepts application/json with a charset', async () => {
      const res = await postRaw(bot.url, JSON.stringify(teamsActivity({ text: 'help' })), { 'content-type': 'application/json; charset=utf-8' });
      assert.equal(res.status, 200);
      assert.match(res.text, /What I can do/);
    });
  });

  describe('a malformed activity gets 400 with a short generic body, before the bot sees it', () => {
    const cases: [string, unknown][] = [
      ['no type', withField('type', undefined)],
      ['empty type', withField('type', '')],
      ['type a number', withField('type', 7)],
      ['type null', withField('type', null)],
      ['no conversation', withField('conversation', undefined)],
      ['conversation null', withField('conversation', null)],
      ['conversation without id', withField('conversation', { tenantId: SAMPLE_TENANT })],
      ['no recipient', withField('recipient', undefined)],
      ['no channelId', withField('channelId', undefined)],
      ['no from', withField('from', undefined)],
      ['from.name a number', withField('from.name', 42)],
      ['from.id an object', withField('from.id', { id: 'x' })],
      ['text a number', withField('text', 12345)],
      ['text an object', withField('text', { text: 'help' })],
      ['entities not a list', withField('entities', { type: 'mention' })],
      ['a mention without who was mentioned', withField('entities', [{ type: 'mention', text: '<at>DEX</at>' }])],
      ['an entity without a type', withField('entities', [{ mentioned: { id: 'dex-assistant-bot' } }])],
      ['membersAdded not a list', withField('membersAdded', 'everyone')],
      ['membersAdded with a member without id', withField('membersAdded', [{ name: 'Ann' }])],
      ['serviceUrl not a URL', withField('serviceUrl', 'not a url')],
      ['serviceUrl of another scheme', withField('serviceUrl', 'file:///etc/passwd')],
      ['timestamp not a date', withField('timestamp', 'yesterday')],
      ['deliveryMode unknown', withField('deliveryMode', 'carrierPigeon')],
      ['body a list', [teamsActivity({ text: 'help' })]],
      ['body a string', 'help'],
      ['body null', null],
    ];
    for (const [name, body] of cases) {
      it(name, async () => {
        const res = await postRaw(bot.url, JSON.stringify(body));
        assert.equal(res.status, 400, res.text);
        assert.ok(generic(res.text), res.text);
        assert.doesNotMatch(res.text, INTERNAL);
      });
    }

    it('answers broken JSON, an empty body and an oversized body with a 4xx and no parser text', async () => {
      for (const [body, expected] of [
        ['{"type": "message", "text": "Zelda Quimby", ', 400],
        ['', 400],
        [JSON.stringify(teamsActivity({ text: 'x'.repeat(1_100_000) })), 413],
      ] as const) {
        const res = await postRaw(bot.url, body);
        assert.equal(res.status, expected, res.text.slice(0, 200));
        assert.ok(generic(res.text), res.text.slice(0, 200));
        assert.doesNotMatch(res.text, /Zelda|Quimby/);
      }
    });

    it('logs where the activity broke the schema, by field and problem, without its values', () => {
      const refusals = logLines.map((l) => JSON.parse(l) as { event: string; problems?: string }).filter((l) => l.event === 'request.malformed');
      assert.ok(
        refusals.some((l) => l.problems?.includes('from.name: invalid_type')),
        JSON.stringify(refusals.slice(0, 3)),
      );
      assert.ok(!logLines.some((l) => l.includes('Zelda')));
    });

    it('is still up and answering afterwards', async () => {
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      assert.match(transcript((await postActivity(bot.url, { text: 'help' })).replies), /What I can do/);
    });
  });

  describe('what Teams really sends is accepted', () => {
    it('strips an @mention of the bot and answers the rest', async () => {
      const { status, replies } = await postActivity(bot.url, {
        text: '<at>DEX Assistant</at> help',
        entities: [
          { type: 'mention', mentioned: { id: 'dex-assistant-bot', name: 'DEX Assistant' }, text: '<at>DEX Assistant</at>' },
          { type: 'clientInfo', locale: 'en-AU' },
        ],
      });
      assert.equal(status, 200);
      assert.match(transcript(replies), /What I can do/);
    });

    it('welcomes a member added to the conversation', async () => {
      const { status, replies } = await postActivity(bot.url, {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [
          { id: 'dex-assistant-bot', name: 'DEX Assistant' },
          { id: 'new-person', name: 'Pat' },
        ],
      });
      assert.equal(status, 200);
      assert.ok(replies.length > 0);
    });

    it('refuses an invoke the bot does not handle with 400, not 501 (its cards submit messages)', async () => {
      for (const invoke of [
        { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'save', data: {} } } },
        { name: 'task/fetch', value: {} },
        {},
      ]) {
        const res = await postRaw(bot.url, JSON.stringify(teamsActivity({ type: 'invoke', deliveryMode: 'normal', ...invoke })));
        assert.equal(res.status, 400, JSON.stringify(invoke));
      }
    });

    it('accepts null for optional fields, as some channels send them', async () => {
      const { status, replies } = await postActivity(bot.url, { text: 'help', replyToId: null, locale: null, attachments: null } as never);
      assert.equal(status, 200);
      assert.match(transcript(replies), /What I can do/);
    });
  });

  describe('tenant: required, and the two places Teams names it must agree (authentication off too)', () => {
    it('refuses an activity with no tenant at all, and starts nothing', async () => {
      const conversationId = 'no-tenant';
      const { status, replies } = await postActivity(bot.url, {
        conversationId,
        text: 'new case file',
        conversation: { id: conversationId } as never,
        channelData: {},
      });
      assert.equal(status, 200);
      assert.match(transcript(replies), /not set up for your organisation/);
      assert.doesNotMatch(transcript(replies), /Step 1/);
    });

    it('refuses an activity whose conversation.tenantId and channelData.tenant.id disagree, whichever is served', async () => {
      for (const [conversationTenant, channelTenant] of [
        [SAMPLE_TENANT, 'another-tenant'],
        ['another-tenant', SAMPLE_TENANT],
      ]) {
        const conversationId = `disagree-${conversationTenant}`;
        const { replies } = await postActivity(bot.url, {
          conversationId,
          text: 'help',
          conversation: { id: conversationId, tenantId: conversationTenant } as never,
          channelData: { tenant: { id: channelTenant } },
        });
        assert.match(transcript(replies), /not set up for your organisation/);
        assert.doesNotMatch(transcript(replies), /What I can do/);
      }
      const reasons = logLines
        .map((l) => JSON.parse(l) as { event: string; reason?: string })
        .filter((l) => l.event === 'turn.refused')
        .map((l) => l.reason);
      assert.ok(reasons.includes('tenants disagree'), reasons.join(', '));
      assert.ok(reasons.includes('no tenant'), reasons.join(', '));
    });

    it('serves an activity that names the tenant in only one of the two places', async () => {
      const onlyConversation = await postActivity(bot.url, {
        conversationId: 'only-conv',
        text: 'help',
        conversation: { id: 'only-conv', tenantId: SAMPLE_TENANT } as never,
        channelData: {},
      });
      assert.match(transcript(onlyConversation.replies), /What I can do/);
      const onlyChannel = await postActivity(bot.url, { conversationId: 'only-channel', text: 'help', conversation: { id: 'only-channel' } as never });
      assert.match(transcript(onlyChannel.replies), /What I can do/);
    });
  });
});
