import { missingClientDetails } from '../../src/domain/clientDetails';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { connectMongo } from '../../src/storage/mongoDatabase';
import { cardsOf, transcript } from '../support/botHarness';
import { choiceValues, inputsOf, submitIn } from '../support/cardQueries';
import { assertValidCard } from '../support/cardValidation';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { DETAILS_SUBMIT, ORG } from '../support/fixtures';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';
import { settleCardReplacements } from '../../src/bot/cardReplacement';

/**
 * The seed scenario (../shared/seeds/dex-cm-add-clients-sessions.txt) done end to end through the real
 * server: create a case file, add two clients (one from the organisation's client list, one new), add a
 * session, assign both, fill in the session details. Every user action is counted, so the number can be
 * set beside the clicks and fields DEX CM needs for the same work (docs/action-counts.md).
 */

const ZONE = 'Australia/Sydney';
const USER = { userId: 'http-user', name: 'Harriet Http' };
const ORGANISATIONS_FILE = path.join(__dirname, '..', '..', 'config', 'organisations.sample.json');

type Tally = { messages: number; submits: number; picks: number; typed: number };
type CardInput = { id: string; type: string; value: string | undefined; multi: boolean };
type SubmitAction = { data: Record<string, unknown>; inputs: CardInput[]; associatedNone: boolean; replyId: string };

function zero(): Tally {
  return { messages: 0, submits: 0, picks: 0, typed: 0 };
}

function cardInputs(card: unknown): CardInput[] {
  return inputsOf(card)
    .filter((o) => typeof o.id === 'string')
    .map((o) => ({ id: o.id as string, type: o.type as string, value: o.value === undefined ? undefined : String(o.value), multi: o.isMultiSelect === true }));
}

/**
 * A Teams client in one conversation, talking to the real server over HTTP. Typed words go as `text`; a card
 * button goes as `value` (the card's inputs over the button's data, empty inputs left out, as the Adaptive
 * Cards renderer Teams uses does) with `replyToId` naming the message that carried the card. Buffered replies
 * have no ids, so each is given one here, as Teams would.
 */
class TeamsChat {
  private replies: Partial<Activity>[] = [];
  private replyIds: string[] = [];
  private current = 'before the scenario';
  readonly tallies = new Map<string, Tally>();
  /** Every button pressed, with the id of the message whose card had it. */
  readonly pressed: { title: string; replyId: string }[] = [];

  constructor(
    readonly url: string,
    readonly conversationId: string,
    /** Where the bot sends card replacements; Teams puts its connector's address on every activity. */
    private readonly serviceUrl: string,
  ) {}

  /** Counts the actions that follow under this heading. */
  step(name: string): void {
    this.current = name;
    this.tallies.set(name, zero());
  }

  private tally(): Tally {
    if (!this.tallies.has(this.current)) this.tallies.set(this.current, zero());
    return this.tallies.get(this.current)!;
  }

  get text(): string {
    return transcript(this.replies);
  }

  async say(text: string): Promise<string> {
    this.tally().messages += 1;
    return this.post({ text });
  }

  /**
   * Presses the button with this title on the newest card that has one, after changing the inputs in
   * `changes`. Each changed choice is counted as a pick (each tick or untick of a multi-select), each
   * changed text input as a typed field.
   */
  async press(title: string, changes: Record<string, string> = {}): Promise<string> {
    const action = this.findSubmit(title);
    const t = this.tally();
    t.submits += 1;
    const values = new Map(action.inputs.map((i) => [i.id, i.value]));
    for (const [id, next] of Object.entries(changes)) {
      const input = action.inputs.find((i) => i.id === id);
      if (!input) throw new Error(`The card with "${title}" has no input ${id}:\n${this.text}`);
      if (input.type === 'Input.ChoiceSet' && input.multi) {
        const before = new Set((input.value ?? '').split(',').filter(Boolean));
        const after = new Set(next.split(',').filter(Boolean));
        t.picks += [...after].filter((v) => !before.has(v)).length + [...before].filter((v) => !after.has(v)).length;
      } else if (input.type === 'Input.ChoiceSet' || input.type === 'Input.Toggle') {
        if (next !== (input.value ?? '')) t.picks += 1;
      } else if (next !== (input.value ?? '')) {
        t.typed += 1;
      }
      values.set(id, next);
    }
    this.pressed.push({ title, replyId: action.replyId });
    const filled = action.associatedNone ? {} : Object.fromEntries([...values].filter(([, v]) => v !== undefined && v !== ''));
    return this.post({ value: { ...action.data, ...filled }, replyToId: action.replyId });
  }

  /** The values of a choice input on the newest card that has it. */
  choices(inputId: string): string[] {
    for (const card of this.replies.flatMap(cardsOf).reverse()) {
      const found = inputsOf(card)
        .filter((o) => o.type === 'Input.ChoiceSet' && o.id === inputId)
        .at(-1);
      if (found) return choiceValues(found);
    }
    throw new Error(`No choice input ${inputId} in the last replies:\n${this.text}`);
  }

  private findSubmit(title: string): SubmitAction {
    for (let i = this.replies.length - 1; i >= 0; i--) {
      for (const card of cardsOf(this.replies[i]!)) {
        const action = submitIn(card, title);
        if (action) {
          return {
            data: (action.data ?? {}) as Record<string, unknown>,
            inputs: cardInputs(card),
            associatedNone: action.associatedInputs === 'none',
            replyId: this.replyIds[i]!,
          };
        }
      }
    }
    throw new Error(`No button "${title}" in the last replies:\n${this.text}`);
  }

  private async post(activity: Partial<Activity>): Promise<string> {
    const { status, replies } = await postActivity(this.url, {
      conversationId: this.conversationId,
      id: `user-${randomUUID()}`,
      serviceUrl: this.serviceUrl,
      ...activity,
    });
    assert.equal(status, 200);
    for (const card of replies.flatMap(cardsOf)) assertValidCard(card);
    this.replies = replies;
    this.replyIds = replies.map(() => `bot-${randomUUID()}`);
    return this.text;
  }
}

/**
 * Stands in for the Teams connector at the activity's serviceUrl, so replacing a submitted card with its
 * read-only record is a real HTTP call that can be checked, and nothing leaves the machine.
 */
async function startConnector(): Promise<{ url: string; updates: { activityId: string; body: Record<string, unknown> }[]; close(): Promise<void> }> {
  const updates: { activityId: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const m = /\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '');
      if (req.method === 'PUT' && m) updates.push({ activityId: decodeURIComponent(m[1]!), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: m ? decodeURIComponent(m[1]!) : randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, updates, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function describeTally(t: Tally): string {
  return `${t.messages + t.submits} actions (${t.messages} messages, ${t.submits} card submits) + ${t.picks} choices picked + ${t.typed} card fields typed`;
}

for (const kind of ['embedded', 'mongodb'] as const) {
  describe(`seed scenario through the real HTTP server [${kind} store]`, () => {
    let env: NodeJS.ProcessEnv = { ORGANISATIONS_FILE };
    let mongo: { uri: string; dbName: string } | undefined;

    before(async function () {
      if (kind === 'embedded') return;
      this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
      const server = await mongoServerOrSkip();
      if (!server) this.skip();
      mongo = { uri: server.uri, dbName: uniqueDatabaseName('dex_e2e_seed') };
      env = { ...env, MONGODB_URI: mongo.uri, MONGODB_DB: mongo.dbName };
    });

    after(async () => {
      if (!mongo) return;
      const db = await connectMongo(mongo.uri, mongo.dbName);
      await db.dropDatabase();
      await db.close();
    });

    it('creates a case file, adds two existing clients, adds a session with both in one sentence, fills in the details, then adds a new client', async () => {
      const connector = await startConnector();
      let bot: HttpBot | undefined;
      try {
        bot = await startHttpBot({ env });
        const services = bot.app.services;
        assert.equal(services.db.kind, kind === 'embedded' ? 'embedded' : 'mongodb', services.db.description);
        const seeded = await seedDemoData(services);
        assert.equal(seeded.organisationId, ORG);
        const margaret = (await services.clients.listForSearch(ORG)).find((c) => c.givenName === 'Margaret' && c.familyName === 'Nguyen');
        assert.ok(margaret, 'the demo data has Margaret Nguyen in the client list');
        const harold = (await services.clients.listForSearch(ORG)).find((c) => c.givenName === 'Harold' && c.familyName === 'Fitzgerald');
        assert.ok(harold, 'the demo data has Harold Fitzgerald in the client list');

        const chat = new TeamsChat(bot.url, `a:1teams-personal-${randomUUID()}`, connector.url);

        chat.step('create case file');
        assert.match(await chat.say('new case file for Money matters group'), /Step 1 of 6 · Outlet activity/);
        assert.match(await chat.press('Continue', { choice: '10587' }), /Step 2 of 6 · Client attendance profile/);
        assert.match(await chat.press('Continue', { choice: 'PSGROUP' }), /Step 3 of 6 · Unidentified clients/);
        assert.match(await chat.say('0'), /Step 4 of 6 · DEX case id/);
        assert.match(await chat.say('skip'), /Step 5 of 6 · Overview/);
        const caseReview = await chat.say('Monthly Money Business workshops at the Parramatta hub');
        assert.match(
          caseReview,
          /Step 6 of 6 · Check and save[\s\S]*Name: Money matters group[\s\S]*Outlet activity: Financial Wellbeing and Capability - Money Business/,
        );
        assert.match(await chat.press('Save'), /Case file "Money matters group" created/);

        // The article's part of the work, done the shortest way a user would: each step in one sentence.
        chat.step('add two clients');
        const reasonsCard = await chat.say('add margaret nguyen and harold fitzgerald to money matters group');
        assert.match(reasonsCard, /Why they came to you \(2 clients\)[\s\S]*Margaret Nguyen\*\*, born 1948[\s\S]*Harold Fitzgerald\*\*, born 1944/);
        const clientsReview = await chat.press('Continue', {
          referralSource_0: 'SELF',
          primaryReason_0: 'MONEY',
          otherReasons_0: 'COMMUNITY',
          referralSource_1: 'COMMUNITY',
          primaryReason_1: 'MONEY',
        });
        assert.match(clientsReview, /Add 2 clients to Money matters group/);
        assert.match(await chat.press('Save'), /Money matters group: 2 clients[\s\S]*On the case file now: Margaret Nguyen, Harold Fitzgerald/);

        chat.step('add a session with both');
        const dayBefore = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate();
        const sessionReview = await chat.say('add a session to money matters group yesterday 10am for 90 minutes, margaret and harold came');
        const dayAfter = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate();
        assert.match(
          sessionReview,
          /Check and save[\s\S]*Duration: 1 h 30 min[\s\S]*Unidentified participants: 0[\s\S]*Who came: Margaret Nguyen, Harold Fitzgerald/,
        );
        assert.match(await chat.press('Save'), /Session S-\d{8}-1 saved with 2 participants/);

        chat.step('session details');
        assert.match(await chat.press('Fill in session details'), /Step 1 of 2 · Session details[\s\S]*Money Business workshop code/);
        const details = await chat.press('Continue', {
          interpreterPresent: 'no',
          serviceTypeId: '137',
          serviceSettingCode: 'COMMVENUE',
          topicCode: 'FINANCES',
          moneyBusinessWorkshopCode: 'WRK01',
        });
        assert.match(details, /Step 2 of 2 · Check and save/);
        assert.match(details, /Interpreter present: Not recorded → No[\s\S]*Service type: Not recorded → General workshop/);
        assert.match(await chat.press('Save'), /Session details saved/);

        // Not in the article, which picks both clients from DEX CM's list: a client new to the organisation.
        chat.step('add a new client');
        assert.match(await chat.say('add Tamsin Greaves to money matters group'), /New client/);
        assert.match(await chat.press('New client'), /New client details/);
        const check = await chat.press('Continue', { birthDate: '14/2/1967', gender: 'FEMALE' });
        assert.match(check, /Check before creating Tamsin Greaves[\s\S]*SLK: REVAM140219672/);
        assert.doesNotMatch(check, /duplicate/i);
        assert.match(await chat.press('Create new client', { consent: 'yes', futureContact: 'no' }), /About Tamsin Greaves/);
        const tamsinDetails = {
          ...DETAILS_SUBMIT,
        };
        assert.match(await chat.press('Continue', tamsinDetails), /Why Tamsin Greaves came to you/);
        assert.match(await chat.press('Continue', { referralSource: 'COMMUNITY', primaryReason: 'MONEY' }), /Clients to add so far: 1/);
        assert.match(await chat.press('No, check and save'), /Add 1 client to Money matters group/);
        assert.match(await chat.press('Save'), /Money matters group: 3 clients[\s\S]*Tamsin Greaves/);

        // What was stored, read back through the repositories rather than from the replies.
        const summary = (await services.caseFiles.listSummaries(ORG)).find((s) => s.name === 'Money matters group');
        assert.ok(summary, 'the case file is in the store');
        const cf = (await services.caseFiles.get(ORG, summary.caseFileId))!;
        assert.equal(cf.outletActivityId, 10587);
        assert.equal(cf.clientAttendanceProfileCode, 'PSGROUP');
        assert.equal(cf.totalUnidentifiedClients, 0);
        assert.equal(cf.overview, 'Monthly Money Business workshops at the Parramatta hub');
        assert.match(cf.caseId, /^CF-\d{4}-[0-9A-Z]{5}$/);
        assert.deepEqual(cf.createdBy, USER);

        assert.equal(cf.clients.length, 3);
        const [first, second, third] = cf.clients;
        assert.equal(first!.clientId, margaret.clientId);
        assert.equal(second!.clientId, harold.clientId);
        assert.equal(first!.referralSourceCode, 'SELF');
        assert.deepEqual(first!.reasons, [
          { code: 'MONEY', isPrimary: true },
          { code: 'COMMUNITY', isPrimary: false },
        ]);
        assert.equal(second!.referralSourceCode, 'COMMUNITY');
        assert.deepEqual(second!.reasons, [{ code: 'MONEY', isPrimary: true }]);
        assert.equal(third!.referralSourceCode, 'COMMUNITY');
        assert.deepEqual(third!.reasons, [{ code: 'MONEY', isPrimary: true }]);
        assert.deepEqual([first!.addedBy, second!.addedBy, third!.addedBy], [USER, USER, USER]);

        const tamsin = await services.clients.get(ORG, third!.clientId);
        assert.ok(tamsin, 'the new client is in the organisation’s client list');
        assert.equal(tamsin.givenName, 'Tamsin');
        assert.equal(tamsin.familyName, 'Greaves');
        assert.equal(tamsin.birthDate, '1967-02-14');
        assert.equal(tamsin.birthDateEstimated, false);
        assert.equal(tamsin.gender, 'FEMALE');
        assert.equal(tamsin.slk, 'REVAM140219672');
        assert.equal(tamsin.consentToProvideDetails, true);
        assert.equal(tamsin.consentedForFutureContacts, false);
        assert.deepEqual(missingClientDetails(tamsin), [], 'Tamsin has every detail DEX requires');
        assert.deepEqual(tamsin.residentialAddress, { suburb: 'Parramatta', state: 'NSW', postcode: '2150' });
        assert.deepEqual(tamsin.createdBy, USER);
        assert.equal((await services.clients.listForSearch(ORG)).length, seeded.clientsTotal + 1, 'exactly one client was created');

        assert.equal(cf.sessions.length, 1);
        const session = cf.sessions[0]!;
        const startsAt = DateTime.fromISO(session.startsAt, { zone: ZONE });
        assert.ok([dayBefore, dayAfter].includes(startsAt.toISODate()), `session date ${session.startsAt} is yesterday`);
        assert.equal(startsAt.toFormat('HH:mm'), '10:00');
        assert.equal(session.sessionId, `S-${startsAt.toFormat('yyyyMMdd')}-1`);
        assert.equal(session.durationMinutes, 90);
        assert.equal(session.unidentifiedParticipants, 0);
        assert.deepEqual(session.participants, [
          { clientId: margaret.clientId, participationCode: 'CLIENT', referrals: [] },
          { clientId: harold.clientId, participationCode: 'CLIENT', referrals: [] },
        ]);
        assert.deepEqual(session.details, {
          interpreterPresent: false,
          serviceTypeId: 137,
          serviceSettingCode: 'COMMVENUE',
          topicCode: 'FINANCES',
          moneyBusinessWorkshopCode: 'WRK01',
        });

        assert.deepEqual(
          cf.audit.map((e) => [e.action, e.by.userId, e.by.name]),
          ['caseFile.created', 'caseClients.added', 'sessions.added', 'participants.assigned', 'sessionDetails.updated', 'caseClients.added'].map((a) => [
            a,
            USER.userId,
            USER.name,
          ]),
          'one audit entry per change, each by the Teams user',
        );
        // Session details need no tag: a retried save finds its values already stored and writes nothing.
        assert.ok(
          [1, 2, 3, 5].every((i) => cf.audit[i]!.operationId),
          'the other updates are tagged, so a retried save is not applied twice',
        );
        assert.equal(cf.audit[2]!.operationId, cf.audit[3]!.operationId, 'the session and who came were saved as one change');
        assert.equal(cf.version, 5);

        // Every card answered inside a flow, the Save cards included, was replaced through the connector at the
        // id Teams gave it. The cards offering the next step stay live, so their buttons can start it again.
        // Replacements run alongside the replies, so the last one may still be on its way.
        await settleCardReplacements(5_000);
        const nextStepButtons = new Set(['Add clients', 'Add a session', 'Assign participants', 'Fill in session details']);
        assert.deepEqual(
          connector.updates.map((u) => u.activityId),
          chat.pressed.filter((p) => !nextStepButtons.has(p.title)).map((p) => p.replyId),
        );
        assert.ok(
          connector.updates.every((u) => !JSON.stringify(u.body).includes('Action.Submit')),
          'a sealed card has no buttons left',
        );

        const steps = [...chat.tallies.entries()];
        const sum = (ts: Tally[]) =>
          ts.reduce(
            (acc, t) => ({ messages: acc.messages + t.messages, submits: acc.submits + t.submits, picks: acc.picks + t.picks, typed: acc.typed + t.typed }),
            zero(),
          );
        const total = sum(steps.map(([, t]) => t));
        const articleSteps = ['add two clients', 'add a session with both', 'session details'];
        const article = sum(steps.filter(([name]) => articleSteps.includes(name)).map(([, t]) => t));
        const touches = article.messages + article.submits + article.picks + article.typed;
        console.log(
          `      seed scenario on ${services.db.description}: the article's part ${touches} touches = ${describeTally(article)} | whole run ${describeTally(total)} | ${steps.map(([name, t]) => `${name} ${describeTally(t)}`).join(' | ')}`,
        );
        assert.deepEqual(Object.fromEntries(steps), {
          'create case file': { messages: 4, submits: 3, picks: 2, typed: 0 },
          'add two clients': { messages: 1, submits: 2, picks: 5, typed: 0 },
          'add a session with both': { messages: 1, submits: 1, picks: 0, typed: 0 },
          'session details': { messages: 0, submits: 3, picks: 5, typed: 0 },
          'add a new client': { messages: 1, submits: 7, picks: 11, typed: 3 },
        });
        assert.ok(touches <= 20, `the article's part takes at most 20 touches (half of DEX CM's 41); it took ${touches}`);
      } finally {
        await bot?.stop();
        await connector.close();
      }
    });
  });
}
