import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { buildCommands } from '../../dialogs/commandCatalogue';
import type { Command } from '../../src/bot/commands';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { submitActions } from '../support/cardQueries';
import { ORG } from '../support/fixtures';
import { sampleOrganisations } from '../support/sampleOrganisations';

const DEMO = 'demo-case-file-seniors';
const DEMO_NAME = 'Wednesday seniors social group';
const VIEWER = { id: 'user-vera', name: 'Vera Viewer' };
const MANAGER = { id: 'user-alice', name: 'Alice Case-Manager' };

/** The committed sample with one user made a viewer: roles are configured per organisation, by Teams user id. */
function withViewer(): unknown {
  const file = sampleOrganisations() as { organisations: Record<string, unknown>[] };
  return { organisations: [{ ...file.organisations[0], roles: { [VIEWER.id]: 'viewer' } }] };
}

/** Everything the organisation's data consists of, to prove a refused turn wrote nothing. */
async function dataOf(harness: Harness): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of ['caseFiles', 'clients', 'activities', 'activityTransfers']) {
    const docs = await harness.services.db.collection<Record<string, unknown>>(name).find({});
    out[name] = docs.map((d) => JSON.stringify(d)).sort();
  }
  return out;
}

function submitButtons(replies: Partial<Activity>[]): Record<string, unknown>[] {
  return submitActions(replies).map((o) => (o.data ?? {}) as Record<string, unknown>);
}

/** What a button of each write command carries when the bot offers it for the demo case file. */
function argsFor(command: Command): Record<string, unknown> {
  switch (command.id) {
    case 'createCaseFile':
      return { name: 'Viewer group' };
    case 'transferActivity':
      return { activityId: 'SP-ACT-TUESDAY-SENIORS' };
    default:
      return { caseFileId: DEMO, sessionId: 'S-20251013-1' };
  }
}

const REFUSED = (title: string) =>
  new RegExp(`"${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" changes case files, and your role in Harbourside Community Services \\(sample\\) is viewer`);

describe('roles: viewers ask, case managers change', () => {
  let harness: Harness;
  let writeCommands: Command[];
  beforeEach(async () => {
    harness = await createHarness({ organisations: withViewer() });
    await seedDemoData(harness.services);
    writeCommands = buildCommands(harness.services).filter((c) => c.writes);
  });
  afterEach(() => harness.close());

  it('has write commands to check (the catalogue marks them)', () => {
    assert.deepEqual(writeCommands.map((c) => c.id).sort(), [
      'addClients',
      'addSession',
      'assignParticipants',
      'cloneScore',
      'communityScore',
      'completeClientDetails',
      'createCaseFile',
      'editCaseClient',
      'editCaseFile',
      'editSession',
      'mergeClients',
      'removeSession',
      'sessionDetails',
      'transferActivity',
    ]);
  });

  it('tells a viewer why not, for every write command typed as its example sentence, and writes nothing', async () => {
    const before = await dataOf(harness);
    for (const command of writeCommands) {
      const c = harness.conversation({ ...VIEWER });
      const replies = await c.say(command.example);
      const said = transcript(replies);
      assert.match(said, REFUSED(command.title), `typed "${command.example}"`);
      assert.match(said, /Ask a case manager, or ask me about a case file's status instead/);
      assert.doesNotMatch(said, /Step \d+ of \d+/, 'no flow started');
      // The refusal ends the turn: the next message is not taken as an answer to a flow.
      assert.match(transcript(await c.say('help')), /What I can do/);
    }
    assert.deepEqual(await dataOf(harness), before);
  });

  it('tells a viewer why not when a write command comes from a menu button or a forged button with arguments', async () => {
    const before = await dataOf(harness);
    const c = harness.conversation({ ...VIEWER });
    const menu = await c.say('menu');
    // The menu offers a few commands as buttons and the rest in its searchable list (a choice set named "command").
    const listed =
      JSON.stringify(menu)
        .match(/"value":"([A-Za-z]+)"/g)
        ?.map((v) => v.slice(9, -1)) ?? [];
    const offered = [...submitButtons(menu).map((d) => d.command), ...listed];
    for (const command of writeCommands) {
      assert.ok(offered.includes(command.id), `the menu offers ${command.id}`);
      assert.match(transcript(await c.submit({ command: command.id })), REFUSED(command.title), `menu button ${command.id}`);
      assert.match(transcript(await c.submit({ command: command.id, args: argsFor(command) })), REFUSED(command.title), `button ${command.id} with arguments`);
    }
    assert.match(transcript(await c.say('save')), /nothing waiting to be saved/, 'no flow is waiting for a Save');
    assert.deepEqual(await dataOf(harness), before);
  });

  it('answers a viewer’s status questions, without offering buttons that change data', async () => {
    const before = await dataOf(harness);
    const c = harness.conversation({ ...VIEWER });
    const status = await c.say(`status of ${DEMO_NAME}`);
    assert.match(transcript(status), new RegExp(`Status: ${DEMO_NAME}`));
    const missing = await c.say(`what's missing in ${DEMO_NAME}`);
    assert.match(transcript(missing), new RegExp(DEMO_NAME));
    assert.match(transcript(missing), /service type/i, 'the session without a service type is reported');
    const due = await c.say('my case files');
    assert.match(transcript(due), new RegExp(DEMO_NAME));
    assert.match(transcript(await c.say(`who is in ${DEMO_NAME}`)), /Margaret Nguyen/);
    assert.match(transcript(await c.say('activity transfer list')), /transfer/i);
    assert.match(transcript(await c.say(`how is ${DEMO_NAME} going on social cohesion`)), new RegExp(DEMO_NAME));
    const writeIds = new Set<string>(writeCommands.map((x) => x.id));
    for (const replies of [status, missing, due]) {
      const offered = submitButtons(replies).map((d) => d.command as string);
      assert.deepEqual(
        offered.filter((id) => writeIds.has(id)),
        [],
        'no fix buttons for a viewer',
      );
    }
    assert.deepEqual(await dataOf(harness), before);
  });

  it('does not let a viewer answer or save a case manager’s flow in a shared (group or channel) conversation', async () => {
    const conversationId = 'team-channel-thread-1';
    const manager = harness.conversation({ ...MANAGER, conversationId });
    const viewer = harness.conversation({ ...VIEWER, conversationId });
    assert.match(transcript(await manager.say(`add session to ${DEMO_NAME}`)), /Step \d+ of \d+ · Date and time/);
    await manager.say('15/10/2025 10am');
    assert.match(transcript(await manager.say('1h')), /Check and save/);
    const before = await dataOf(harness);

    const refused = transcript(await viewer.say('save'));
    assert.match(refused, /your role in Harbourside Community Services \(sample\) is viewer/);
    assert.match(transcript(await viewer.submit({ nav: 'save' })), /is viewer/);
    assert.match(transcript(await viewer.say('cancel')), /is viewer/, 'a viewer cannot cancel a colleague’s work either');
    assert.deepEqual(await dataOf(harness), before, 'the viewer wrote nothing');

    assert.match(transcript(await manager.press('Save')), /Session added|added/i, 'the case manager’s flow is still there');
    const saved = (await harness.services.caseFiles.get(ORG, DEMO))!;
    assert.equal(saved.sessions.length, 4);
    assert.equal(saved.audit.at(-1)!.by.name, MANAGER.name);
  });

  it('lets a case manager start every write command and save one', async () => {
    for (const command of writeCommands) {
      const c = harness.conversation({ ...MANAGER });
      const said = transcript(await c.say(command.example));
      assert.doesNotMatch(said, /is viewer/, command.id);
    }
    const c = harness.conversation({ ...MANAGER });
    await c.say('new case file for Thursday walking group');
    await c.press('Continue', { choice: '10421' });
    await c.press('Continue', { choice: 'PSGROUP' });
    await c.say('0');
    await c.say('skip');
    await c.say('skip');
    assert.match(transcript(c.replies), /Check and save/);
    await c.press('Save');
    const created = (await harness.services.caseFiles.listSummaries(ORG)).find((s) => s.name === 'Thursday walking group');
    assert.ok(created, 'the case manager’s case file is stored');
  });

  it('applies an organisation’s default role to users it does not list', async () => {
    const file = sampleOrganisations() as { organisations: Record<string, unknown>[] };
    const strict = await createHarness({
      organisations: { organisations: [{ ...file.organisations[0], defaultRole: 'viewer', roles: { [MANAGER.id]: 'caseManager' } }] },
    });
    try {
      assert.match(transcript(await strict.conversation({ id: 'user-unlisted', name: 'Una Listed' }).say('new case file')), /is viewer/);
      assert.match(transcript(await strict.conversation({ ...MANAGER }).say('new case file')), /Step 1 of \d+ · Name/);
    } finally {
      await strict.close();
    }
  });
});
