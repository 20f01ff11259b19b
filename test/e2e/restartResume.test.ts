import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import sinon from 'sinon';
import { seedDemoData } from '../../src/seed/seedDemoData';
import type { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { connectMongo } from '../../src/storage/mongoDatabase';
import { cardsOf, transcript } from '../support/botHarness';
import { inputsOf, submitIn } from '../support/cardQueries';
import { assertValidCard } from '../support/cardValidation';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { DETAILS_SUBMIT, ORG } from '../support/fixtures';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';

/**
 * What survives the server going away mid-flow: a restart (the dialog state is in the store, not in the
 * process) and a failed write (the turn's state is not saved, so the answers are still there for a retry).
 */

const DEMO_CASE_FILE = 'demo-case-file-seniors';
const USER = { userId: 'http-user', name: 'Harriet Http' };
const ORGANISATIONS_FILE = path.join(__dirname, '..', '..', 'config', 'organisations.sample.json');
const APOLOGY =
  /Sorry, something went wrong on my side\. Your earlier answers are kept: please try that step again \(press the same button, or send your answer again\)\./;

type Connector = { url: string; close(): Promise<void> };

/**
 * A Teams chat over HTTP that keeps every message the bot sent, so a card from before a restart can still be
 * pressed, as it can in Teams. Card replacements arrive at a stand-in connector (the activities' serviceUrl)
 * and are applied to the kept messages, so a sealed card cannot be pressed again.
 */
class TeamsChat {
  private readonly messages = new Map<string, Partial<Activity>>();
  private last: Partial<Activity>[] = [];
  private serviceUrl = '';
  /** The server's address; a restart moves it to a new port. */
  url = '';

  constructor(readonly conversationId: string) {}

  /** Starts the stand-in Teams connector that receives card replacements for this chat. */
  async connector(): Promise<Connector> {
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const m = /\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '');
        const id = m ? decodeURIComponent(m[1]!) : randomUUID();
        if (req.method === 'PUT' && m && this.messages.has(id)) this.messages.set(id, JSON.parse(raw) as Partial<Activity>);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return { url: this.serviceUrl, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  get text(): string {
    return transcript(this.last);
  }

  say(text: string): Promise<string> {
    return this.post({ text });
  }

  /** Presses the newest live button with this title anywhere in the chat, with the card's inputs as Teams sends them. */
  press(title: string, changes: Record<string, string> = {}): Promise<string> {
    for (const [replyId, message] of [...this.messages].reverse()) {
      for (const card of cardsOf(message)) {
        const action = submitIn(card, title);
        if (!action) continue;
        const inputs = action.associatedInputs === 'none' ? {} : { ...inputValues(card), ...changes };
        const filled = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined && v !== ''));
        return this.post({ value: { ...(action.data as object), ...filled }, replyToId: replyId });
      }
    }
    throw new Error(`No live "${title}" button in the chat; the last replies were:\n${this.text}`);
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
    for (const reply of replies) this.messages.set(`bot-${randomUUID()}`, reply);
    this.last = replies;
    return this.text;
  }
}

function inputValues(card: unknown): Record<string, string | undefined> {
  return Object.fromEntries(
    inputsOf(card)
      .filter((o) => typeof o.id === 'string')
      .map((o) => [o.id, o.value === undefined ? undefined : String(o.value)]),
  );
}

/** Makes the next `update` of the case-file repository fail once, before or after the write reaches the store. */
function failNextUpdate(caseFiles: CaseFileRepository, when: 'before the write' | 'after the write'): sinon.SinonStub {
  const real = caseFiles.update.bind(caseFiles);
  const update = sinon.stub(caseFiles, 'update').callThrough();
  update.onFirstCall().callsFake(async (...args: Parameters<CaseFileRepository['update']>) => {
    if (when === 'after the write') await real(...args);
    throw new Error('connection reset by peer');
  });
  return update;
}

for (const kind of ['embedded', 'mongodb'] as const) {
  describe(`a guided flow across a restart and a failed write, real HTTP server [${kind} store]`, () => {
    let mongoUri: string | undefined;
    const databases: string[] = [];
    /** The settings for one test's bot: on MongoDB a database of its own, so tests never see each other's data. */
    const freshEnv = (): NodeJS.ProcessEnv => {
      if (!mongoUri) return { ORGANISATIONS_FILE };
      const dbName = uniqueDatabaseName('dex_e2e_restart');
      databases.push(dbName);
      return { ORGANISATIONS_FILE, MONGODB_URI: mongoUri, MONGODB_DB: dbName };
    };

    before(async function () {
      if (kind === 'embedded') return;
      this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
      const server = await mongoServerOrSkip();
      if (!server) this.skip();
      mongoUri = server.uri;
    });

    after(async () => {
      for (const dbName of databases) {
        const db = await connectMongo(mongoUri!, dbName);
        await db.dropDatabase();
        await db.close();
      }
    });

    it('resumes "add clients" at the same step with the answers so far after each restart, and saves them once', async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-restart-e2e-'));
      const env = freshEnv();
      const chat = new TeamsChat(`a:1teams-personal-${randomUUID()}`);
      const connector = await chat.connector();
      let bot: HttpBot | undefined;
      const restart = async (): Promise<HttpBot> => {
        await bot!.stop();
        if (kind === 'embedded') assert.ok(existsSync(path.join(dataDir, 'botState.db')), 'stopping keeps a data folder the test passed in');
        bot = await startHttpBot({ dataDir, env });
        chat.url = bot.url;
        return bot;
      };
      try {
        bot = await startHttpBot({ dataDir, env });
        chat.url = bot.url;
        const seeded = await seedDemoData(bot.app.services);
        const before = (await bot.app.services.caseFiles.get(ORG, DEMO_CASE_FILE))!;

        assert.match(await chat.say('add clients to Wednesday seniors social group'), /Step 1 of 5 · Find the client/);
        assert.match(await chat.say('Fatima'), /Fatima Haddad, born 1958/);
        assert.match(await chat.press('Fatima Haddad, born 1958'), /Why Fatima Haddad came to you/);
        assert.match(await chat.press('Continue', { referralSource: 'GP', primaryReason: 'COMMUNITY', otherReasons: 'PHYSICAL' }), /Clients to add so far: 1/);
        await chat.press('Add another client');
        await chat.say('Tamsin Greaves');
        await chat.press('New client');
        const check = await chat.press('Continue', { birthDate: '14/2/1967', gender: 'FEMALE' });
        const [, step, of] = /Step (\d+) of (\d+) · Check and consent/.exec(check) ?? assert.fail(`not at the check step:\n${check}`);

        await restart();
        // The check card sent before the restart is still in the chat; its button carries on from there.
        const about = await chat.press('Create new client', { consent: 'yes', futureContact: 'yes' });
        assert.match(about, new RegExp(`Step ${Number(step) + 1} of ${of} · Details DEX requires`), about);
        const reasons = await chat.press('Continue', {
          ...DETAILS_SUBMIT,
        });
        assert.match(reasons, new RegExp(`Step ${Number(step) + 2} of ${of} · Referral and reasons`), reasons);
        assert.match(reasons, /Why Tamsin Greaves came to you/);
        assert.throws(() => chat.press('Create new client'), /No live "Create new client" button/, 'the new server sealed the answered card');
        const another = await chat.press('Continue', { referralSource: 'SELF', primaryReason: 'MONEY' });
        assert.match(
          another,
          /Clients to add so far: 2[\s\S]*Fatima Haddad[\s\S]*Referred by General Medical Practitioner[\s\S]*Tamsin Greaves\*\* \(new client\)/,
        );
        const review = await chat.press('No, check and save');
        assert.match(review, /Add 2 clients to Wednesday seniors social group/);

        await restart();
        assert.equal((await bot.app.services.caseFiles.get(ORG, DEMO_CASE_FILE))!.version, before.version, 'nothing is written before Save');
        // The final review, asked for again after the second restart, still holds the answers from before the first.
        assert.match(await chat.say('back'), /Add another client\?/);
        const again = await chat.press('No, check and save');
        assert.match(
          again,
          /Fatima Haddad[\s\S]*Referral source: General Medical Practitioner[\s\S]*Main reason: Community participation & networks[\s\S]*Other reasons: Physical health/,
        );
        assert.match(
          again,
          /Tamsin Greaves\*\* \(new client, created on save\)[\s\S]*SLK: REVAM140219672[\s\S]*Consent to provide details: Yes[\s\S]*Referral source: Self[\s\S]*Main reason: Money management/,
        );
        assert.match(await chat.press('Save'), /Wednesday seniors social group: 6 clients/);

        const cf = (await bot.app.services.caseFiles.get(ORG, DEMO_CASE_FILE))!;
        assert.equal(cf.version, before.version + 1, 'one write');
        const added = cf.clients.slice(before.clients.length);
        assert.equal(added.length, 2);
        assert.deepEqual(
          [added[0]!.clientId, added[0]!.referralSourceCode, added[0]!.reasons],
          [
            'CL-DEMO009',
            'GP',
            [
              { code: 'COMMUNITY', isPrimary: true },
              { code: 'PHYSICAL', isPrimary: false },
            ],
          ],
        );
        assert.equal(added[1]!.referralSourceCode, 'SELF');
        assert.deepEqual(added[1]!.reasons, [{ code: 'MONEY', isPrimary: true }]);
        const tamsin = await bot.app.services.clients.get(ORG, added[1]!.clientId);
        assert.equal(tamsin?.slk, 'REVAM140219672');
        assert.equal(tamsin?.consentToProvideDetails, true);
        assert.equal((await bot.app.services.clients.listForSearch(ORG)).length, seeded.clientsTotal + 1);
        const entry = cf.audit.at(-1)!;
        assert.equal(entry.action, 'caseClients.added');
        assert.deepEqual(entry.by, USER);
        assert.equal(cf.audit.length, before.audit.length + 1);
      } finally {
        await bot?.stop();
        await connector.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    for (const when of ['before the write', 'after the write'] as const) {
      it(`keeps the answers when saving fails ${when === 'before the write' ? 'before the write reaches the store' : 'after the write, losing the reply'}, and a retried Save writes once`, async () => {
        const chat = new TeamsChat(`a:1teams-personal-${randomUUID()}`);
        const connector = await chat.connector();
        let bot: HttpBot | undefined;
        try {
          bot = await startHttpBot({ env: freshEnv() });
          chat.url = bot.url;
          await seedDemoData(bot.app.services);
          const caseFiles = bot.app.services.caseFiles;
          const before = (await caseFiles.get(ORG, DEMO_CASE_FILE))!;

          assert.match(await chat.say('add session to Wednesday seniors social group'), /Step 1 of 3 · Date and time/);
          await chat.say('yesterday 2pm');
          assert.match(await chat.say('45 min'), /Check and save[\s\S]*Duration: 45 min/);

          const hiccup = failNextUpdate(caseFiles, when);
          try {
            const failed = await chat.press('Save', { sessionId: 'Week 4', unidentifiedParticipants: '3' });
            assert.match(failed, APOLOGY, 'the user is told plainly, and what to do');
            const meanwhile = (await caseFiles.get(ORG, DEMO_CASE_FILE))!;
            assert.equal(meanwhile.sessions.filter((s) => s.sessionId === 'Week 4').length, when === 'before the write' ? 0 : 1);

            // The Save card was not sealed, so the user presses it again.
            const retried = await chat.press('Save', { sessionId: 'Week 4', unidentifiedParticipants: '3' });
            assert.match(retried, /Session Week 4 added to "Wednesday seniors social group"/);
            assert.equal(hiccup.callCount, 2);
          } finally {
            hiccup.restore();
          }

          const cf = (await caseFiles.get(ORG, DEMO_CASE_FILE))!;
          const week4 = cf.sessions.filter((s) => s.sessionId === 'Week 4');
          assert.equal(week4.length, 1, 'the session is stored once');
          assert.equal(week4[0]!.durationMinutes, 45);
          assert.equal(week4[0]!.unidentifiedParticipants, 3);
          assert.equal(cf.sessions.length, before.sessions.length + 1);
          assert.equal(cf.version, before.version + 1, 'one write');
          const entries = cf.audit.slice(before.audit.length);
          assert.deepEqual(
            entries.map((e) => [e.action, e.by.userId]),
            [['sessions.added', USER.userId]],
          );
          assert.match(await chat.say('help'), /What I can do/, 'the flow ended after the save');
          assert.throws(() => chat.press('Save'), /No live "Save" button/, 'the Save card was replaced once the save went through');
        } finally {
          await bot?.stop();
          await connector.close();
        }
      });
    }
  });
}
