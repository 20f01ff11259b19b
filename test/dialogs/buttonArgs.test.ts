import assert from 'node:assert/strict';
import { demoCaseFile, demoClients } from '../../src/seed/demoData';
import { buildCommands } from '../../dialogs/commandCatalogue';
import { createHarness, transcript, type Harness } from '../support/botHarness';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

const DEMO = 'demo-case-file-seniors';
/** Every argument name any command reads, so a forged object below reaches every field of every schema. */
const ARG_NAMES = [
  'caseFileId',
  'caseName',
  'sessionId',
  'periodId',
  'showClients',
  'latestSession',
  'names',
  'everyone',
  'latest',
  'query',
  'activityId',
  'addNew',
  'domain',
  'name',
];
const REFUSED = /not ones I can use/;

describe('button arguments are checked by each command’s schema (msteams channel)', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await createHarness({ now: '2025-10-20T10:00:00' });
    const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
    const ctx = { actor: { userId: 'seed', name: 'Seed' }, now: harness.services.clock().setZone(org.timeZone), zone: org.timeZone };
    const clients = demoClients(org, ctx);
    for (const c of clients) assert.ok(await harness.services.clients.insert(c));
    assert.ok((await harness.services.caseFiles.insert(demoCaseFile(org, clients, ctx))).ok);
  });
  afterEach(() => harness.close());

  it('answers the forged readiness button with period 0000-H1 politely, and a real period normally', async () => {
    const c = harness.conversation();
    const forged = transcript(await c.submit({ command: 'caseFileReadiness', args: { caseFileId: DEMO, periodId: '0000-H1' } }));
    assert.match(forged, REFUSED);
    assert.match(forged, /Ready for DEX\?/);
    assert.doesNotMatch(forged, /something went wrong/);
    assert.match(transcript(await c.submit({ command: 'caseFileReadiness', args: { caseFileId: DEMO, periodId: '2013-H2' } })), REFUSED, 'before DEX opened');
    const real = transcript(await c.submit({ command: 'caseFileReadiness', args: { caseFileId: DEMO, periodId: '2025-H2' } }));
    assert.doesNotMatch(real, REFUSED);
    assert.match(real, /Wednesday seniors social group/);
  });

  it('refuses, for every command that takes arguments, a button whose arguments have the wrong types, and starts nothing', async () => {
    const forgedArgs = Object.fromEntries(ARG_NAMES.map((name) => [name, { forged: true }]));
    const commands = buildCommands(harness.services);
    assert.equal(commands.length, harness.bot.menuEntries().length + commands.filter((c) => c.listed === false).length, 'the whole catalogue is exercised');
    let refused = 0;
    for (const { id, title, args } of commands) {
      const c = harness.conversation();
      const said = transcript(await c.submit({ command: id, args: forgedArgs }));
      assert.doesNotMatch(said, /something went wrong/, id);
      const kept = args.safeParse(forgedArgs);
      if (kept.success && Object.keys(kept.data).length === 0) {
        assert.doesNotMatch(said, REFUSED, `${id} reads no arguments, so forged ones are dropped`);
        continue;
      }
      refused++;
      assert.match(said, REFUSED, id);
      assert.ok(said.includes(title), `${id}: the refusal names the command`);
      // Nothing was started: a sentence that would answer a flow's first step is not taken as an answer.
      assert.match(transcript(await c.say('Thursday walking group')), /didn't understand/, `${id} left no flow running`);
    }
    assert.ok(refused >= 11, `${refused} commands refused the forged button`);
  });

  it('refuses arguments that are not an object at all', async () => {
    const c = harness.conversation();
    for (const args of ['caseFileId', 42, ['x'], true]) {
      assert.match(transcript(await c.submit({ command: 'caseFileStatus', args })), REFUSED, JSON.stringify(args));
    }
  });
});
