import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { transcript } from '../support/botHarness';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, startPrivateFerretDb, uniqueDatabaseName, type PrivateFerretDb } from '../support/ferretdb';
import { postActivity, startHttpBot, type HttpBot } from '../support/httpBot';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

/**
 * The database freezes (SIGSTOP: its sockets stay open and say nothing) or stops (connections refused) under a
 * running bot, then comes back. The bot must answer within Teams' 15 s with a clear "try again", report the
 * store down on /healthz, and carry on from the same step once the store is back, without a restart.
 */

const ORGANISATIONS_FILE = path.join(__dirname, '..', '..', 'config', 'organisations.sample.json');
const TRY_AGAIN = /cannot reach the case records right now, so that step was not saved\. Your earlier answers are kept: please try again in a minute/;
/** Each store call gives up after 5 s; the answer must come well before Teams' 15 s. */
const ANSWER_WITHIN_MS = 9_000;

async function health(url: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${url}/healthz`);
  await res.text();
  return { status: res.status, ms: Date.now() - started };
}

async function healthyWithin(url: string, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await health(url)).status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`the bot did not report the store back within ${ms} ms`);
}

describe('a frozen or stopped MongoDB-wire store under the real HTTP server', function () {
  this.timeout(90_000);
  let ferret: PrivateFerretDb | undefined;
  let bot: HttpBot | undefined;
  const conversationId = `outage-${randomUUID()}`;
  const say = async (text: string): Promise<{ words: string; ms: number }> => {
    const started = Date.now();
    // A personal chat, as in Teams: its turns also note where reminders can reach the user, a store call of its own.
    const conversation = { id: conversationId, tenantId: SAMPLE_TENANT, conversationType: 'personal', isGroup: false, name: '' };
    const { status, replies } = await postActivity(bot!.url, { conversation, text, id: `user-${randomUUID()}` });
    assert.equal(status, 200);
    return { words: transcript(replies), ms: Date.now() - started };
  };

  before(async function () {
    this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
    if (!(await mongoServerOrSkip())) this.skip();
    ferret = await startPrivateFerretDb();
    bot = await startHttpBot({ env: { ORGANISATIONS_FILE, MONGODB_URI: ferret.uri, MONGODB_DB: uniqueDatabaseName('dex_outage') } });
  });

  after(async () => {
    await bot?.stop().catch(() => undefined);
    await ferret?.dispose();
  });

  it('answers "try again" within the deadline while the store is frozen, says so on /healthz, and resumes the step after SIGCONT', async () => {
    assert.match((await say('new case file')).words, /Step 1 of 7 · Name/);
    assert.equal((await health(bot!.url)).status, 200);

    ferret!.freeze();
    try {
      const frozen = await say('Tuesday seniors group');
      assert.match(frozen.words, TRY_AGAIN);
      assert.ok(frozen.ms < ANSWER_WITHIN_MS, `answered in ${frozen.ms} ms`);
      const down = await health(bot!.url);
      assert.equal(down.status, 503);
      assert.ok(down.ms < 4_000, `/healthz took ${down.ms} ms`);
      console.log(`      frozen: "try again" after ${frozen.ms} ms, /healthz 503 after ${down.ms} ms`);
    } finally {
      ferret!.thaw();
    }

    console.log(`      thawed: /healthz 200 again after ${await healthyWithin(bot!.url, 20_000)} ms`);
    // The failed turn saved nothing, so the same answer is taken at the same step.
    assert.match((await say('Tuesday seniors group')).words, /Step 2 of 7 · Outlet activity/);
  });

  it('answers "try again" while the store is stopped, and resumes after it is started again', async () => {
    await ferret!.stop();
    const stopped = await say('help');
    assert.match(stopped.words, TRY_AGAIN);
    assert.ok(stopped.ms < ANSWER_WITHIN_MS, `answered in ${stopped.ms} ms`);
    assert.equal((await health(bot!.url)).status, 503);
    console.log(`      stopped: "try again" after ${stopped.ms} ms`);

    await ferret!.start();
    console.log(`      restarted: /healthz 200 again after ${await healthyWithin(bot!.url, 20_000)} ms`);
    // Still at the outlet step from the first test: the flow's state was never lost.
    assert.match((await say('help')).words, /Step 2 of 7|outlet activity/i);
    assert.match((await say('back')).words, /Step 1 of 7 · Name/);
  });
});
