import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { formatAuDate } from '../../src/domain/dateFormat';
import { computeSlk } from '../../src/domain/slk';
import { createLogger } from '../../src/logger';
import { transcript } from '../support/botHarness';
import { choiceValues, inputOf, submitAction } from '../support/cardQueries';
import { DETAILS_SUBMIT, ORG } from '../support/fixtures';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';

const CASE_NAME = 'Riverside walking group';

type Person = { givenName: string; familyName: string; birthDate: string; gender: 'MALE' | 'FEMALE' };
/** Unusual names, so a hit in the log can only come from these clients. */
const ZELDA: Person = { givenName: 'Zelda', familyName: 'Quimby', birthDate: '1961-02-14', gender: 'FEMALE' };
const BARNABY: Person = { givenName: 'Barnaby', familyName: 'Oyelaran', birthDate: '1958-07-30', gender: 'MALE' };

/** Every way a client's identity could reach a log line: names, birth dates as typed and as shown, and the SLK. */
function identifiersOf(p: Person): { text: string; caseInsensitive: boolean }[] {
  const born = DateTime.fromISO(p.birthDate);
  const words = [p.givenName, p.familyName, `${p.givenName} ${p.familyName}`, computeSlk({ ...p, sex: p.gender })];
  const dates = [p.birthDate, born.toFormat('dd/MM/yyyy'), born.toFormat('d/M/yyyy'), born.toFormat('yyyyMMdd'), born.toFormat('ddMMyyyy'), formatAuDate(born)];
  return [...words.map((text) => ({ text, caseInsensitive: true })), ...dates.map((text) => ({ text, caseInsensitive: false }))];
}

/** Replies to this conversation are refused by the stand-in connector, so a failed reply is in the log too. */
const REFUSED_CONVERSATION = 'replies-refused';

/**
 * The Teams connector, so replacing a submitted card is a real HTTP call. Every other replacement is refused as
 * the service may do, and replies to REFUSED_CONVERSATION are refused, so the bot's handling of both is in the log.
 */
async function startConnector(): Promise<ConnectorStandIn> {
  const connector = await new ConnectorStandIn().start();
  connector.script(
    REFUSED_CONVERSATION,
    Array.from({ length: 20 }, () => ({ status: 400 })),
  );
  connector.scripted.PUT.push(...Array.from({ length: 500 }, (_, i) => ({ status: i % 2 === 0 ? 200 : 400 })));
  return connector;
}

/** A Teams conversation over the real HTTP endpoint: typed messages and card submits, with the bot's replies. */
class HttpConversation {
  readonly conversationId = `log-privacy-${randomUUID()}`;
  replies: Partial<Activity>[] = [];

  constructor(
    private readonly bot: HttpBot,
    private readonly serviceUrl: string,
  ) {}

  async say(text: string): Promise<string> {
    return this.post({ text });
  }

  /** As Teams sends a card submit: no text, the inputs and button data in `value`, and the card's id. */
  async submit(value: Record<string, unknown>): Promise<string> {
    return this.post({ value, replyToId: `card-${randomUUID()}` });
  }

  async press(title: string, inputs: Record<string, unknown> = {}): Promise<string> {
    const data = this.button(title);
    assert.ok(data, `no "${title}" button in:\n${transcript(this.replies)}`);
    return this.submit({ ...data, ...inputs });
  }

  /** The value an input of the last replies starts with, or the values of its choices. */
  input(id: string): { value?: string; choices: string[] } {
    const found = inputOf(this.replies, id);
    return found ? { value: found.value as string | undefined, choices: choiceValues(found) } : { choices: [] };
  }

  private button(title: string): Record<string, unknown> | undefined {
    const action = submitAction(this.replies, title);
    return action && ((action.data ?? {}) as Record<string, unknown>);
  }

  private async post(activity: Partial<Activity>): Promise<string> {
    const { status, replies } = await postActivity(this.bot.url, { conversationId: this.conversationId, serviceUrl: this.serviceUrl, ...activity });
    assert.equal(status, 200);
    this.replies = replies;
    return transcript(replies);
  }
}

type Captured = { logLines: string[]; consoleLines: string[] };

/** Collects console output, Node warnings and direct writes to stdout/stderr while `work` runs. */
async function capturingConsole<T>(work: () => Promise<T>, into: string[]): Promise<T> {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const onWarning = (w: Error) => into.push(`warning: ${w.name}: ${w.message}`);
  const keep = (chunk: unknown) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  for (const m of methods)
    console[m] = (...args: unknown[]) =>
      into.push(args.map((a) => (a instanceof Error ? `${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  process.on('warning', onWarning);
  try {
    // A line the capture must catch, so a capture that silently missed everything cannot pass the checks.
    console.warn('console capture probe');
    return await work();
  } finally {
    for (const [i, m] of methods.entries()) console[m] = saved[i]!;
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.off('warning', onWarning);
  }
}

describe('logs never contain client names, birth dates or SLKs (full flow through the real HTTP server)', () => {
  const captured: Captured = { logLines: [], consoleLines: [] };
  let bot: HttpBot;
  let connector: ConnectorStandIn;

  before(async function () {
    this.timeout(120_000);
    connector = await startConnector();
    bot = await startHttpBot({ logger: createLogger('debug', (line) => captured.logLines.push(line)) });
    await capturingConsole(() => runFullFlow(bot, connector.url), captured.consoleLines);
  });
  after(async () => {
    await bot?.stop();
    await connector?.close();
  });

  async function runFullFlow(b: HttpBot, serviceUrl: string): Promise<void> {
    const c = new HttpConversation(b, serviceUrl);

    // A case file.
    assert.match(await c.say(`new case file for ${CASE_NAME}`), /Outlet activity/);
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'PSGROUP' });
    await c.say('0');
    await c.say('skip');
    assert.match(await c.say('skip'), /Check and save/);
    assert.match(await c.press('Save'), /created/);

    // Two new clients, each with a rule broken on the way (a character DEX refuses, an impossible birth date).
    assert.match(await c.say(`add clients to ${CASE_NAME}`), /Find the client/);
    await c.say(`${ZELDA.givenName} ${ZELDA.familyName}`);
    assert.match(await c.press('New client'), /New client details/);
    const zeldaBorn = DateTime.fromISO(ZELDA.birthDate);
    assert.match(
      await c.press('Continue', {
        givenName: `${ZELDA.givenName}#`,
        familyName: ZELDA.familyName,
        birthDate: zeldaBorn.toFormat('dd/MM/yyyy'),
        gender: ZELDA.gender,
      }),
      /New client details/,
    );
    assert.match(
      await c.press('Continue', { givenName: ZELDA.givenName, familyName: ZELDA.familyName, birthDate: `31/02/${zeldaBorn.year}`, gender: ZELDA.gender }),
      /Date of birth/,
    );
    assert.match(
      await c.press('Continue', {
        givenName: ZELDA.givenName,
        familyName: ZELDA.familyName,
        birthDate: zeldaBorn.toFormat('dd/MM/yyyy'),
        gender: ZELDA.gender,
      }),
      /Check and consent/,
    );
    await c.press('Create new client', { consent: 'yes', futureContact: 'no' });
    await c.press('Continue', {
      ...DETAILS_SUBMIT,
    });
    assert.match(await c.press('Continue', { referralSource: 'SELF', primaryReason: 'COMMUNITY' }), /Add another client/);
    await c.press('Add another client');
    await c.say(`${BARNABY.givenName} ${BARNABY.familyName}`);
    await c.press('New client');
    // Typed instead of the card, with the birth date in ISO form.
    assert.match(await c.say(`${BARNABY.givenName} ${BARNABY.familyName}, ${BARNABY.birthDate}, male`), /Check and consent/);
    await c.press('Create new client', { consent: 'no', futureContact: 'no' });
    await c.press('Continue', {
      ...DETAILS_SUBMIT,
    });
    await c.say('GP; money');
    assert.match(await c.press('No, check and save'), /Check and save/);
    assert.match(await c.press('Save'), /2 clients/);

    // A session, first with a session id that names a client (refused), then without.
    assert.match(await c.say(`add session to ${CASE_NAME}`), /Date and time/);
    await c.say('yesterday 10am');
    assert.match(await c.say('1h30'), /Check and save/);
    assert.match(await c.press('Save', { sessionId: `${ZELDA.givenName} week 1` }), /Check and save[\s\S]*Session id/);
    assert.match(await c.press('Save', { sessionId: '' }), /added/);

    const summary = (await b.app.services.caseFiles.listSummaries(ORG)).find((s) => s.name === CASE_NAME)!;
    const caseFile = (await b.app.services.caseFiles.get(ORG, summary.caseFileId))!;
    const sessionId = caseFile.sessions[0]!.sessionId;
    const clientIds = caseFile.clients.map((x) => x.clientId);

    // Assign both clients, one of them with a referral.
    await c.submit({ command: 'assignParticipants', args: { caseFileId: caseFile.caseFileId, sessionId } });
    assert.deepEqual(c.input('choice').choices.sort(), [...clientIds].sort());
    assert.match(await c.press('Continue', { choice: clientIds.join(',') }), /Participation type/);
    assert.match(await c.press('Continue', { participation_0: 'CLIENT', participation_1: 'CLIENT' }), /Referrals/);
    assert.match(await c.press('Continue', { internal_0: 'MONEY' }), /Check and save/);
    assert.match(await c.press('Save'), /2 participants assigned/);

    // Session details.
    await c.submit({ command: 'sessionDetails', args: { caseFileId: caseFile.caseFileId, sessionId } });
    assert.match(await c.press('Continue', { serviceTypeId: '352', interpreterPresent: 'no' }), /Check and save/);
    assert.match(await c.press('Save'), /Session details saved/);

    // A Community SCORE, first with a rating that is not on the scale.
    await c.submit({ command: 'communityScore', args: { caseFileId: caseFile.caseFileId, sessionId } });
    await c.press('Continue', {
      pre_SOCIALCOHESION: '9',
      post_SOCIALCOHESION: '3',
      single: 'false',
      assessedBy: 'SDPRACTITIONER',
      note: `${ZELDA.givenName} joined in`,
    });
    await c.press('Continue', { pre_SOCIALCOHESION: '2', post_SOCIALCOHESION: '3', single: 'false', assessedBy: 'SDPRACTITIONER' });
    assert.match(await c.press('Save'), /Community SCORE/);

    // Status questions, including the one that shows the names.
    assert.match(await c.say(`status of ${CASE_NAME}`), new RegExp(`Status: ${CASE_NAME}`));
    assert.match(await c.say(`who is in ${CASE_NAME}`), new RegExp(`${ZELDA.givenName} ${ZELDA.familyName}`));
    await c.say(`what's missing in ${CASE_NAME}`);
    await c.say('my case files');

    // Failures: a forged button, a forged submit carrying a birth date, an activity without a type or without a
    // conversation (refused at the edge), a reply the connector refuses (the turn fails), a tenant that is not
    // configured, and a body that is not JSON.
    assert.doesNotMatch(
      await c.submit({ command: 'addSession', args: { caseFileId: 42, caseName: `${ZELDA.givenName} ${ZELDA.familyName} ${ZELDA.birthDate}` } }),
      /something went wrong/,
      'forged button arguments are ignored, not a crash',
    );
    await c.say('cancel');
    await c.submit({ command: 'addClients', args: { caseFileId: caseFile.caseFileId, clientName: `${BARNABY.givenName} ${BARNABY.familyName}` } });
    await c.submit({ givenName: BARNABY.givenName, familyName: BARNABY.familyName, birthDate: 19580730, gender: 'MALE' });
    await c.say('cancel');
    const pii = `${ZELDA.givenName} ${ZELDA.familyName} ${ZELDA.birthDate} ${computeSlk({ ...ZELDA, sex: ZELDA.gender })}`;
    const untyped = await postActivity(b.url, { type: undefined, text: pii, serviceUrl });
    assert.ok(untyped.status >= 400, `an activity without a type is refused (${untyped.status})`);
    const emptyType = await postActivity(b.url, { type: '', text: pii, serviceUrl });
    assert.equal(emptyType.status, 400);
    const noConversation = await postActivity(b.url, { text: pii, serviceUrl, conversation: undefined } as Partial<Activity>);
    assert.equal(noConversation.status, 400);
    const undelivered = await postActivity(b.url, {
      text: `status of ${ZELDA.givenName} ${ZELDA.familyName}`,
      serviceUrl,
      conversationId: REFUSED_CONVERSATION,
      deliveryMode: 'normal',
    });
    assert.deepEqual(undelivered.replies, []);
    await postActivity(b.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'save', data: { name: pii } } },
      serviceUrl,
      conversationId: c.conversationId,
    });
    const stranger = await postActivity(b.url, {
      text: `status of ${ZELDA.givenName} ${ZELDA.familyName}`,
      serviceUrl,
      conversation: { id: 'stranger', tenantId: 'unknown-tenant' },
      channelData: { tenant: { id: 'unknown-tenant' } },
    } as Partial<Activity>);
    assert.match(transcript(stranger.replies), /not set up for your organisation/);
    const broken = await fetch(`${b.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"text": "${ZELDA.givenName} ${ZELDA.familyName} ${ZELDA.birthDate}", `,
    });
    assert.ok(broken.status >= 400);
  }

  it('ran the whole flow: the case file holds both new clients, the session, its participants, details and score', async () => {
    const summary = (await bot.app.services.caseFiles.listSummaries(ORG)).find((s) => s.name === CASE_NAME);
    assert.ok(summary);
    const cf = (await bot.app.services.caseFiles.get(ORG, summary.caseFileId))!;
    assert.equal(cf.clients.length, 2);
    const clients = await bot.app.services.clients.getMany(
      ORG,
      cf.clients.map((x) => x.clientId),
    );
    assert.deepEqual(clients.map((x) => x.familyName).sort(), [BARNABY.familyName, ZELDA.familyName].sort());
    for (const p of [ZELDA, BARNABY]) assert.equal(clients.find((x) => x.familyName === p.familyName)!.slk, computeSlk({ ...p, sex: p.gender }));
    assert.equal(cf.sessions.length, 1);
    const session = cf.sessions[0]!;
    assert.equal(session.participants.length, 2);
    assert.equal(session.details.serviceTypeId, 352);
    assert.ok(session.communityScore);
    assert.ok(
      connector.calls.some((c) => c.method === 'PUT' && c.status === 200),
      'submitted cards were replaced through the connector',
    );
  });

  it('logged the turns that went wrong, so the check below looks at real log lines', () => {
    assert.ok(captured.logLines.length > 0);
    const events = captured.logLines.map((line) => (JSON.parse(line) as { event: string }).event);
    for (const event of ['request.malformed', 'reply.send.failed', 'turn.failed', 'turn.refused', 'card.seal.failed']) {
      assert.ok(events.includes(event), `${event} not in: ${events.join(', ')}`);
    }
    assert.ok(
      captured.consoleLines.some((line) => line.includes('console capture probe')),
      'console output was captured',
    );
  });

  for (const person of [ZELDA, BARNABY]) {
    it(`no log line holds ${person.givenName}’s names, birth date (any format) or SLK`, () => {
      for (const { text, caseInsensitive } of identifiersOf(person)) {
        const needle = caseInsensitive ? text.toLowerCase() : text;
        const hits = captured.logLines.filter((line) => (caseInsensitive ? line.toLowerCase() : line).includes(needle));
        assert.deepEqual(hits, [], `"${text}" in the log`);
      }
    });

    it(`nothing printed to the console or as a warning holds ${person.givenName}’s names, birth date or SLK`, () => {
      for (const { text, caseInsensitive } of identifiersOf(person)) {
        const needle = caseInsensitive ? text.toLowerCase() : text;
        const hits = captured.consoleLines.filter((line) => (caseInsensitive ? line.toLowerCase() : line).includes(needle));
        assert.deepEqual(hits, [], `"${text}" on the console`);
      }
    });
  }
});
