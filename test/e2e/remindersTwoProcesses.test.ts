import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import { loadConfig } from '../../src/config/env';
import { silentLogger } from '../../src/logger';
import { createServices, type Services } from '../../src/services';
import { connectMongo, type MongoDatabase } from '../../src/storage/mongoDatabase';
import type { Harness } from '../support/botHarness';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { ALICE, ORG, seedCaseFile } from '../support/fixtures';
import { sampleOrganisations, SAMPLE_TENANT } from '../support/sampleOrganisations';
import { ConnectorStandIn } from '../support/connectorStandIn';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/** `npm run remind` as an operator (or a second bot instance's scheduler) runs it, in its own process. */
async function remindProcess(env: NodeJS.ProcessEnv, now: string): Promise<{ sent: number; stdout: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'remind.ts'), '--now', now], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const m = /(\d+) sent/.exec(stdout);
  assert.ok(m, `no count in the output: ${stdout}`);
  return { sent: Number(m[1]), stdout };
}

describe('deadline reminders: two processes on one MongoDB-wire database send each reminder once', function () {
  this.timeout(180_000);
  const connector = new ConnectorStandIn();
  let db: MongoDatabase | undefined;
  let dbName = '';
  let uri = '';
  let services: Services;
  let folder = '';

  before(async function () {
    this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
    const server = await mongoServerOrSkip();
    if (!server) this.skip();
    uri = server.uri;
    dbName = uniqueDatabaseName('dex_remind');
    db = await connectMongo(uri, dbName);
    await connector.start();
    const file = sampleOrganisations() as { organisations: Record<string, unknown>[] };
    file.organisations[0]!.caseFileAssignments = { 'user-alex': ['CF-TWO-1'] };
    folder = mkdtempSync(path.join(os.tmpdir(), 'dex-remind-'));
    writeFileSync(path.join(folder, 'organisations.json'), JSON.stringify(file));
    const now = DateTime.fromISO('2026-07-01T10:00:00', { zone: 'Australia/Sydney' });
    services = await createServices(loadConfig({}), silentLogger, { db, clock: () => now, organisations: parseOrganisations(file, 'test') });
    await seedCaseFile({ services } as Harness, {
      name: 'Tuesday seniors',
      caseId: 'CF-TWO-1',
      people: [ALICE],
      sessions: [{ sessionId: 'S-TWO-1', startsAt: '2026-06-02T10:00' }],
    });
    await services.reminders.remember(
      ORG,
      'user-alex',
      {
        serviceUrl: connector.url,
        channelId: 'msteams',
        conversation: { id: 'conv-two', conversationType: 'personal', tenantId: SAMPLE_TENANT },
        bot: { id: 'bot' },
        user: { id: 'user-alex' },
      },
      now.toISO()!,
    );
  });

  after(async () => {
    await connector.close();
    await db?.dropDatabase();
    await db?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  for (const now of ['2026-07-17T09:02:00+10:00', '2026-07-24T09:02:00+10:00']) {
    it(`two processes running the pass at ${now} send one reminder between them`, async () => {
      connector.reset();
      const env = { MONGODB_URI: uri, MONGODB_DB: dbName, ORGANISATIONS_FILE: path.join(folder, 'organisations.json'), LOG_LEVEL: 'error' };
      const [a, b] = await Promise.all([remindProcess(env, now), remindProcess(env, now)]);
      assert.equal(a.sent + b.sent, 1, `first: ${a.stdout}\nsecond: ${b.stdout}`);
      assert.equal(connector.postsTo('conv-two').length, 1);
      // One person with one case file due: counted in the singular.
      assert.match(a.stdout, /\b1 person reachable, 1 reminder due\b/);
    });
  }
});
