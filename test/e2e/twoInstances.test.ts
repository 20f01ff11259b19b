import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { transcript } from '../support/botHarness';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { postActivity } from '../support/httpBot';
import { buildServer, REPO_ROOT, ServerProcess } from '../support/serverProcess';

/**
 * Two server processes behind one endpoint on one MongoDB-wire database, as several instances run past one
 * machine: each message of a conversation goes to either, at the same moment as the other's. Every message
 * must get a normal answer; a turn whose state write meets the other instance's is run again on the fresh state.
 *
 * FerretDB 1.x runs a conditional update as a query followed by a write, so two writes whose queries fall in the
 * same instant can both succeed: such a collision is not detected and one of the two turns' state is lost. Real
 * MongoDB, Atlas and Cosmos DB check and write atomically; here only the collisions FerretDB does detect count.
 */

const ORGANISATIONS_FILE = path.join(REPO_ROOT, 'config', 'organisations.sample.json');
const ROUNDS = 30;
const APOLOGY = /something went wrong on my side/;

describe('two server processes answering one conversation at once [FerretDB]', function () {
  this.timeout(5 * 60_000);
  const servers: ServerProcess[] = [];
  const urls: string[] = [];

  before(async function () {
    this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
    const server = await mongoServerOrSkip();
    if (!server) this.skip();
    await buildServer();
    const env = { MONGODB_URI: server.uri, MONGODB_DB: uniqueDatabaseName('dex_two'), ORGANISATIONS_FILE, LOG_LEVEL: 'info' };
    servers.push(ServerProcess.warm(env), ServerProcess.warm(env));
    urls.push(...(await Promise.all(servers.map((s) => s.start()))));
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it(`answers both of ${ROUNDS} pairs of simultaneous messages normally, re-running the turns that collided`, async () => {
    const conversationId = `two-${randomUUID()}`;
    const say = async (server: number, text: string): Promise<string> => {
      const { status, replies } = await postActivity(urls[server]!, { conversationId, text, id: `user-${randomUUID()}` });
      assert.equal(status, 200);
      return transcript(replies);
    };
    let answered = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const [first, second] = await Promise.all([say(0, 'help'), say(1, 'menu')]);
      for (const reply of [first, second]) {
        assert.doesNotMatch(reply, APOLOGY, `round ${round}`);
        assert.ok(reply.length > 0, `round ${round}: every message is answered`);
        answered += 1;
      }
      assert.match(first, /What I can do/);
    }
    const reruns = servers.flatMap((s) => s.logLines).filter((line) => line.includes('"turn.rerun"')).length;
    const failures = servers.flatMap((s) => s.logLines).filter((line) => line.includes('"turn.failed"')).length;
    console.log(`      ${answered} messages answered, ${reruns} turns re-run after a collision, ${failures} failed turns`);
    assert.equal(failures, 0);
    assert.ok(reruns > 0, 'some turns collided, so the re-run was exercised');
  });
});
