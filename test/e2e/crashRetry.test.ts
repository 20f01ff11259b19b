import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import type { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { connectMongo } from '../../src/storage/mongoDatabase';
import { transcript } from '../support/botHarness';
import { MONGO_SERVER_SETUP_TIMEOUT_MS, mongoServerOrSkip, uniqueDatabaseName } from '../support/ferretdb';
import { postActivity } from '../support/httpBot';
import { buildServer, REPO_ROOT, ServerProcess } from '../support/serverProcess';

/**
 * kill -9 of the real server at random points of two guided flows (creating a case file, adding a session),
 * mid-turn and right after a reply (Save included), then the retry Teams makes: the same activity, same id, to
 * the restarted server. Every retry must get the step's normal answer, the flow must carry on to its end, and
 * once the store is opened afterwards every case file and session must be there exactly once.
 *
 * CRASH_SEED replays a run (the seed is printed); CRASH_ITERATIONS changes the number of kills per store.
 */

const ORGANISATIONS_FILE = path.join(REPO_ROOT, 'config', 'organisations.sample.json');
const ORG = 'harbourside-community';
const BASE_CASE_FILE = 'Harbour walking group';
const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Turns take a few to a few hundred milliseconds here; kills are spread over that span. */
const MAX_KILL_DELAY_MS = 120;
/** Servers loading their modules ahead of need; loading takes seconds of CPU, running an iteration less. */
const WARM_SERVERS = 2;

/** mulberry32: small, seedable, good enough to spread kill points. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = { activity: Partial<Activity>; expect: RegExp };

function createCaseFileFlow(name: string): Step[] {
  return [
    { activity: { text: 'new case file' }, expect: /Step 1 of 7 · Name/ },
    { activity: { text: name }, expect: /Step 2 of 7 · Outlet activity/ },
    { activity: { value: { choice: '10421' } }, expect: /Step 3 of 7 · Client attendance profile/ },
    { activity: { value: { choice: 'PSGROUP' } }, expect: /Step 4 of 7 · Unidentified clients/ },
    { activity: { text: 'skip' }, expect: /Step 5 of 7 · DEX case id/ },
    { activity: { text: 'skip' }, expect: /Step 6 of 7 · Overview/ },
    { activity: { text: 'Weekly walk and morning tea' }, expect: /Step 7 of 7 · Check and save/ },
    { activity: { text: 'save' }, expect: new RegExp(`Case file "${name}" created`) },
  ];
}

function addSessionFlow(sessionId: string): Step[] {
  return [
    { activity: { text: `add session to ${BASE_CASE_FILE}` }, expect: /Step 1 of 3 · Date and time/ },
    { activity: { text: 'yesterday 2pm' }, expect: /Step 2 of 3/ },
    { activity: { text: '45 min' }, expect: /Check and save[\s\S]*Unidentified participants: 0/ },
    // Session id and unidentified participants are changed on the review card and sent with its Save.
    {
      activity: { value: { nav: 'save', sessionId, unidentifiedParticipants: '3' } },
      expect: new RegExp(`Session ${sessionId} added to "${BASE_CASE_FILE}"[\\s\\S]*Unidentified participants: 3`),
    },
  ];
}

type Store = { env: NodeJS.ProcessEnv; open(): Promise<Database>; destroy(): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['embedded', 'mongodb'] as const) {
  describe(`kill -9 of the server process mid-flow, then Teams' retry [${kind} store]`, function () {
    this.timeout(10 * 60_000);
    let store: Store | undefined;
    let current: ServerProcess | undefined;
    const standbys: ServerProcess[] = [];
    let url = '';

    /** Starts a waiting server and keeps the next ones warming, so a restart costs only opening the store. */
    const startServer = async (): Promise<void> => {
      current = standbys.shift() ?? ServerProcess.warm(store!.env);
      while (standbys.length < WARM_SERVERS) standbys.push(ServerProcess.warm(store!.env));
      url = await current.start();
    };

    const send = async (conversationId: string, step: Step, id = `user-${randomUUID()}`): Promise<string> => {
      const { status, replies } = await postActivity(url, { conversationId, id, ...step.activity });
      assert.equal(status, 200);
      return transcript(replies);
    };

    before(async function () {
      this.timeout(MONGO_SERVER_SETUP_TIMEOUT_MS);
      if (kind === 'embedded') {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-crash-'));
        store = {
          env: { DATA_DIR: dataDir, ORGANISATIONS_FILE, LOG_LEVEL: 'info' },
          open: async () => openEmbeddedDatabase({ dataDir }),
          destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
        };
      } else {
        const server = await mongoServerOrSkip();
        if (!server) this.skip();
        const dbName = uniqueDatabaseName('dex_crash');
        store = {
          env: { MONGODB_URI: server.uri, MONGODB_DB: dbName, ORGANISATIONS_FILE, LOG_LEVEL: 'info' },
          open: () => connectMongo(server.uri, dbName),
          destroy: async () => {
            const db = await connectMongo(server.uri, dbName);
            await db.dropDatabase();
            await db.close();
          },
        };
      }
      await buildServer();
      await startServer();
      const conversationId = `crash-setup-${randomUUID()}`;
      for (const step of createCaseFileFlow(BASE_CASE_FILE)) assert.match(await send(conversationId, step), step.expect);
    });

    after(async () => {
      await current?.kill();
      await Promise.all(standbys.splice(0).map((s) => s.stop()));
      await store?.destroy();
    });

    it(`resumes every flow and applies every save once over ${ITERATIONS} kills at random points`, async () => {
      console.log(`      crash test seed ${SEED} (CRASH_SEED=${SEED} replays it), ${ITERATIONS} kills`);
      const random = seededRandom(SEED + (kind === 'embedded' ? 0 : 1));
      const createdNames: string[] = [];
      const sessionIds: string[] = [];
      const counts = { midTurnBeforeReply: 0, midTurnAfterReply: 0, afterReply: 0, atSave: 0, retriesAnsweredFromSavedState: 0 };

      for (let i = 0; i < ITERATIONS; i++) {
        const conversationId = `crash-${i}-${randomUUID()}`;
        const creates = random() < 0.5;
        const steps = creates ? createCaseFileFlow(`Crash group ${i}`) : addSessionFlow(`W${i}`);
        (creates ? createdNames : sessionIds).push(creates ? `Crash group ${i}` : `W${i}`);
        const killAt = random() < 0.35 ? steps.length - 1 : Math.floor(random() * steps.length);
        const midTurn = random() < 0.6;
        const delay = Math.floor(random() * MAX_KILL_DELAY_MS);
        const where = `iteration ${i} (seed ${SEED}): ${creates ? 'create case file' : 'add session'}, step ${killAt + 1} of ${steps.length}, ${midTurn ? `killed ${delay} ms into the turn` : 'killed after the reply'}`;
        if (killAt === steps.length - 1) counts.atSave += 1;

        for (const step of steps.slice(0, killAt)) assert.match(await send(conversationId, step), step.expect, where);
        const activityId = `user-${randomUUID()}`;
        const victim = current!;
        if (midTurn) {
          const posted = send(conversationId, steps[killAt]!, activityId).then(
            () => true,
            () => false,
          );
          await sleep(delay);
          await victim.kill();
          if (await posted) counts.midTurnAfterReply += 1;
          else counts.midTurnBeforeReply += 1;
        } else {
          assert.match(await send(conversationId, steps[killAt]!, activityId), steps[killAt]!.expect, where);
          await victim.kill();
          counts.afterReply += 1;
        }

        await startServer();
        const retried = await send(conversationId, steps[killAt]!, activityId);
        assert.match(retried, steps[killAt]!.expect, `the retry after the kill, ${where}`);
        if (current!.logLines.some((line) => line.includes('"turn.duplicate"'))) counts.retriesAnsweredFromSavedState += 1;
        for (const step of steps.slice(killAt + 1)) assert.match(await send(conversationId, step), step.expect, where);
      }
      console.log(`      ${kind}: ${JSON.stringify(counts)}`);

      await current!.stop();
      const db = await store!.open();
      try {
        const caseFiles = new CaseFileRepository(db);
        const listed = await caseFiles.listSummaries(ORG);
        for (const name of [BASE_CASE_FILE, ...createdNames]) {
          assert.equal(listed.filter((cf) => cf.name === name).length, 1, `case file "${name}" is stored once (seed ${SEED})`);
        }
        assert.equal(listed.length, 1 + createdNames.length, 'no other case file was created');
        for (const summary of listed) {
          const cf = (await caseFiles.get(ORG, summary.caseFileId))!;
          assert.equal(cf.audit.filter((a) => a.action === 'caseFile.created').length, 1, `"${cf.name}" was created once`);
        }
        const base = (await caseFiles.get(ORG, listed.find((cf) => cf.name === BASE_CASE_FILE)!.caseFileId))!;
        assert.deepEqual(base.sessions.map((s) => s.sessionId).sort(), [...sessionIds].sort(), `every session once (seed ${SEED})`);
        assert.equal(base.audit.filter((a) => a.action === 'sessions.added').length, sessionIds.length);
        assert.equal(base.version, 1 + sessionIds.length, 'one write per saved session');
      } finally {
        await db.close();
        current = undefined;
      }
    });
  });
}
