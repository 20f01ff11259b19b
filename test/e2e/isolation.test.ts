import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity as BotActivity } from 'botbuilder';
import { DateTime } from 'luxon';
import { buildCommands } from '../../dialogs/commandCatalogue';
import type { Activity } from '../../src/domain/activity';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import { additions } from '../../src/domain/listChange';
import type { Client } from '../../src/domain/client';
import { recordCommunityScore } from '../../src/domain/communityScore';
import type { Organisation } from '../../src/domain/organisation';
import { formatAuDate } from '../../src/domain/dateFormat';
import { computeSlk } from '../../src/domain/slk';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { DEMO_ACTIVITY_ID } from '../../src/seed/demoData';
import { createHarness, transcript, type Harness, type TestConversation } from '../support/botHarness';
import { inputValue } from '../support/cardQueries';
import { seedClients, seedContext, value, type SeedPerson } from '../support/fixtures';
import { sampleOrganisations, SAMPLE_TENANT } from '../support/sampleOrganisations';
import { COMMAND_IDS } from '../../src/domain/commandIds';

const ORG_A = 'harbourside-community';
const ORG_B = 'riverbend-family';
const TENANT_B = '22222222-2222-4222-8222-222222222222';
const A_USER = { id: 'user-hannah', name: 'Hannah Harbourside', tenantId: SAMPLE_TENANT };
const B_USER = { id: 'user-bruno', name: 'Bruno Bystander', tenantId: TENANT_B };
const ORG_DATA = ['caseFiles', 'clients', 'activities', 'activityTransfers'] as const;

/**
 * Org A's demo activity gets a name of its own: the seed calls it "Tuesday seniors group", which is also the
 * example in the bot's help texts, so a reply quoting the help would look like a leak.
 */
const A_ACTIVITY_NAME = 'Harbourside Tuesday seniors group';

/** The committed sample (org A) plus a second organisation with its own tenant, outlet and activity. */
function twoOrganisations(): unknown {
  const sample = sampleOrganisations() as { organisations: unknown[] };
  const riverbend = {
    organisationId: ORG_B,
    name: 'Riverbend Family Services',
    timeZone: 'Australia/Sydney',
    tenantIds: [TENANT_B],
    defaultRole: 'caseManager',
    roles: {},
    outlets: [
      {
        outletId: 'RFS-GEELONG',
        name: 'Geelong family centre',
        activities: [{ outletActivityId: 30111, name: 'Families and Children - Playgroups', program: 'Families and Children', serviceTypeIds: [1, 2, 137] }],
      },
    ],
  };
  return { organisations: [...sample.organisations, riverbend] };
}

/** Their roll entries need a gender, so it is given rather than left to the seed's default. */
type Person = Required<SeedPerson>;
const QUENTIN: Person = { clientId: 'CL-RB00001', givenName: 'Quentin', familyName: 'Marsh', birthDate: '1980-04-04', gender: 'MALE' };
const ODETTE: Person = { clientId: 'CL-RB00002', givenName: 'Odette', familyName: 'Lyall', birthDate: '1985-05-15', gender: 'FEMALE' };
const INES: Person = { clientId: 'CL-RB00003', givenName: 'Ines', familyName: 'Farrow', birthDate: '1979-09-09', gender: 'FEMALE' };

function contextOf(harness: Harness, org: Organisation, name: string): ChangeContext {
  return seedContext(harness, { userId: `seed-${org.organisationId}`, name }, org.organisationId);
}

/**
 * Org A as a real organisation would have it: the demo seed (clients, a case file with sessions, an activity),
 * a Community SCORE, and the activity transferred into a second case file by one of A's staff.
 */
async function seedOrganisationA(harness: Harness): Promise<void> {
  const services = harness.services;
  const org = services.organisations.byId(ORG_A)!;
  await seedDemoData(services);
  const activity = (await services.activities.get(ORG_A, DEMO_ACTIVITY_ID))!;
  await services.activities.upsert({ ...activity, name: A_ACTIVITY_NAME, contentHash: `${activity.contentHash}-renamed` });
  const demo = (await services.caseFiles.listSummaries(ORG_A))[0]!;
  const ctx = contextOf(harness, org, 'Demo data');
  value(
    await services.caseFiles.update(ORG_A, demo.caseFileId, (cf) =>
      recordCommunityScore(
        cf,
        cf.sessions[0]!.sessionId,
        { ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 4 }], singleRating: false, assessedByCode: 'SDPRACTITIONER' },
        ctx,
        services.referenceData,
      ),
    ),
  );
  const c = harness.conversation({ ...A_USER });
  assert.match(transcript(await c.say(`transfer ${A_ACTIVITY_NAME}`)), /attended sessions and clients[\s\S]*Continue/);
  const details = await c.press('Continue');
  await c.press('Continue', {
    outletActivityId: '10421',
    clientAttendanceProfileCode: 'PSGROUP',
    name: inputValue(details, 'name')!,
    overview: inputValue(details, 'overview')!,
  });
  assert.match(transcript(await c.press('Save')), /Participants created/);
  assert.equal((await services.caseFiles.listSummaries(ORG_A)).length, 3, 'org A has the two demo case files and the transferred one');
}

/** Org B: three clients, a scored playgroup case file with two sessions, an empty case file and an activity. */
async function seedOrganisationB(harness: Harness): Promise<void> {
  const services = harness.services;
  const org = services.organisations.byId(ORG_B)!;
  const ctx = contextOf(harness, org, 'Riverbend seed');
  await seedClients(harness, [QUENTIN, ODETTE, INES], ctx, ORG_B);
  const base = { organisationId: ORG_B, overview: '', outletActivityId: 30111, totalUnidentifiedClients: 0 };
  let playgroup = value(
    createCaseFile(org, { ...base, caseFileId: 'rb-playgroup', caseId: 'RB-0001', name: 'Riverbend playgroup', clientAttendanceProfileCode: 'PSGROUP' }, ctx),
  );
  playgroup = value(
    addCaseClients(
      playgroup,
      [QUENTIN, ODETTE].map((p) => ({ ...p, reasons: [{ code: 'COMMUNITY', isPrimary: true }] })),
      ctx,
    ),
  );
  const at = (iso: string) => DateTime.fromISO(iso, { zone: org.timeZone });
  playgroup = value(
    addSessions(
      playgroup,
      [
        { sessionId: 'RB-W1', startsAt: at('2025-10-02T10:00'), durationMinutes: 90, unidentifiedParticipants: 0 },
        { sessionId: 'RB-W2', startsAt: at('2025-10-09T10:00'), durationMinutes: 90, unidentifiedParticipants: 0 },
      ],
      ctx,
    ),
  );
  for (const s of ['RB-W1', 'RB-W2']) {
    playgroup = value(
      assignParticipants(
        playgroup,
        s,
        additions([QUENTIN, ODETTE].map((p) => ({ clientId: p.clientId, participationCode: 'CLIENT' as const, referrals: [] }))),
        ctx,
      ),
    );
  }
  playgroup = value(
    recordCommunityScore(
      playgroup,
      'RB-W1',
      { ratings: [{ domainCode: 'SOCIALCOHESION', pre: 1, post: 3 }], singleRating: false, assessedByCode: 'SDPRACTITIONER' },
      ctx,
      services.referenceData,
    ),
  );
  value(await services.caseFiles.insert(playgroup));
  value(
    await services.caseFiles.insert(value(createCaseFile(org, { ...base, caseFileId: 'rb-youth', caseId: 'RB-0002', name: 'Riverbend youth drop-in' }, ctx))),
  );
  const roll = [QUENTIN, ODETTE, INES].map((p) => ({ ...p, booked: true, attended: true }));
  const activity: Activity = {
    organisationId: ORG_B,
    activityId: 'RB-ACT-PLAY',
    name: 'Riverbend Thursday playgroup',
    outletId: 'RFS-GEELONG',
    sessions: ['2025-10-02', '2025-10-09'].map((day) => ({ sessionKey: `RBP-${day}`, startsAt: at(`${day}T10:00`).toISO()!, durationMinutes: 90, roll })),
    importedAt: ctx.now.toISO()!,
    contentHash: 'rb-v1',
  };
  assert.equal(await services.activities.upsert(activity), 'created');
}

/** Every document of one organisation, serialised, so any change (version, sessions, clients, claims) shows. */
async function documentsOf(harness: Harness, organisationId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of ORG_DATA) {
    const docs = await harness.services.db.collection<Record<string, unknown>>(name).find({ organisationId });
    out[name] = docs.map((d) => JSON.stringify(d)).sort();
  }
  return out;
}

/**
 * What identifies org A's data: names, ids and keys of its case files, sessions, clients (with birth dates in
 * the formats the bot shows and SLKs), activities and transfers, and its organisation, outlets and staff.
 * Read from the store, so whatever the seed holds is covered.
 */
async function secretsOfA(harness: Harness): Promise<string[]> {
  const services = harness.services;
  const org = services.organisations.byId(ORG_A)!;
  const secrets = new Set<string>([org.name, 'Harbourside', A_USER.name, 'Demo data']);
  for (const outlet of org.outlets) {
    secrets.add(outlet.outletId).add(outlet.name);
    for (const a of outlet.activities) secrets.add(a.name).add(String(a.outletActivityId));
  }
  for (const s of await services.caseFiles.listSummaries(ORG_A)) {
    const cf = (await services.caseFiles.get(ORG_A, s.caseFileId))!;
    secrets.add(cf.caseFileId).add(cf.caseId).add(cf.name);
    if (cf.overview) secrets.add(cf.overview);
    for (const session of cf.sessions) secrets.add(session.sessionId);
  }
  for (const c of await services.db.collection<Client>('clients').find({ organisationId: ORG_A })) {
    const born = DateTime.fromISO(c.birthDate);
    secrets.add(c.clientId).add(c.givenName).add(c.familyName).add(`${c.givenName} ${c.familyName}`).add(c.slk);
    secrets.add(c.birthDate).add(born.toFormat('dd/MM/yyyy')).add(formatAuDate(born));
  }
  for (const a of await services.activities.list(ORG_A)) {
    secrets.add(a.activityId).add(a.name);
    for (const s of a.sessions) secrets.add(s.sessionKey);
  }
  return [...secrets];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The secrets of A that appear in what the bot sent, ignoring those the user typed or sent themselves in this
 * conversation (echoing "no case file called X" back is not a leak; nor is "Margaret Nguyen" after the user
 * typed "Margaret" and "Nguyen") and the bot's own example sentences.
 */
function leaked(sent: string, userSaid: string, secrets: string[], examples: string[]): string[] {
  let text = sent;
  for (const example of examples) text = text.split(example).join(' ');
  const known = (s: string) => userSaid.includes(s) || s.split(/\s+/).every((word) => userSaid.includes(word));
  return secrets.filter((s) => !known(s) && new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`).test(text));
}

/** A conversation of org B's case manager that records everything said both ways, for the leak check. */
class Probe {
  private readonly said: string[] = [];
  private readonly heard: string[] = [];

  constructor(private readonly c: TestConversation) {}

  /** Values the user can work out from what they typed themselves, such as the SLK of details they entered. */
  knows(...values: string[]): void {
    this.said.push(...values);
  }

  async say(text: string): Promise<void> {
    this.said.push(text);
    this.record(await this.c.say(text));
  }

  async submit(value: Record<string, unknown>): Promise<void> {
    this.said.push(JSON.stringify(value));
    this.record(await this.c.submit(value));
  }

  private record(replies: Partial<BotActivity>[]): void {
    this.heard.push(JSON.stringify(replies), transcript(replies));
  }

  /** Everything the bot sent, including cards it replaced with read-only records. */
  leaks(secrets: string[], examples: string[]): string[] {
    const sent = [...this.heard, JSON.stringify(this.c.adapter.updates)].join('\n');
    return leaked(sent, this.said.join('\n'), secrets, examples);
  }

  get log(): string {
    return this.said.join('  |  ');
  }
}

describe('two organisations in one store: org B can never see or change org A’s data', () => {
  let harness: Harness;
  let secrets: string[];
  let examples: string[];
  let beforeA: Record<string, string[]>;
  let beforeB: Record<string, string[]>;
  let a: {
    caseFileId: string;
    caseId: string;
    name: string;
    sessionId: string;
    transferredId: string;
    transferredName: string;
    client: Client;
    activityId: string;
  };

  beforeEach(async () => {
    harness = await createHarness({ organisations: twoOrganisations() });
    await seedOrganisationA(harness);
    await seedOrganisationB(harness);
    secrets = await secretsOfA(harness);
    examples = buildCommands(harness.services).map((c) => c.example);
    const demo = (await harness.services.caseFiles.get(ORG_A, 'demo-case-file-seniors'))!;
    const transferred = (await harness.services.caseFiles.listSummaries(ORG_A)).find((s) => s.caseFileId !== demo.caseFileId)!;
    const client = (await harness.services.clients.get(ORG_A, 'CL-DEMO001'))!;
    a = {
      caseFileId: demo.caseFileId,
      caseId: demo.caseId,
      name: demo.name,
      sessionId: demo.sessions[0]!.sessionId,
      transferredId: transferred.caseFileId,
      transferredName: transferred.name,
      client,
      activityId: DEMO_ACTIVITY_ID,
    };
    beforeA = await documentsOf(harness, ORG_A);
    beforeB = await documentsOf(harness, ORG_B);
  });
  afterEach(() => harness.close());

  /** Runs one attempt in a fresh conversation of org B, then tries to push any flow it started onto A's data. */
  async function attempt(first: (p: Probe) => Promise<void>): Promise<Probe> {
    const p = new Probe(harness.conversation({ ...B_USER }));
    await first(p);
    // Whatever step a flow is at, answers naming A's records must be refused or matched within B only.
    await p.submit({ choice: a.caseFileId });
    await p.submit({ choice: a.sessionId });
    await p.submit({ choice: a.client.clientId });
    await p.submit({ pick: a.client.clientId });
    await p.submit({ use: a.client.clientId });
    await p.say(a.name);
    await p.say(`${a.client.givenName} ${a.client.familyName}`);
    await p.say('cancel');
    return p;
  }

  async function assertAUnchanged(): Promise<void> {
    assert.deepEqual(await documentsOf(harness, ORG_A), beforeA, 'org A’s documents are exactly as they were');
    assert.deepEqual(await documentsOf(harness, ORG_B), beforeB, 'nothing was written in org B either, since nothing was saved');
    const all = await Promise.all(ORG_DATA.map((name) => harness.services.db.collection<{ organisationId: string }>(name).find({})));
    assert.deepEqual([...new Set(all.flat().map((d) => d.organisationId))].sort(), [ORG_A, ORG_B], 'no document without a known organisation');
  }

  it('sees its own data, so the attempts below reach real answers', async () => {
    const p = new Probe(harness.conversation({ ...B_USER }));
    await p.say('my case files');
    await p.say('status of Riverbend playgroup');
    await p.say('activity transfer list');
    const c = harness.conversation({ ...B_USER });
    assert.match(transcript(await c.say('status of Riverbend playgroup')), /Status: Riverbend playgroup/);
    assert.match(transcript(await c.say('who is in Riverbend playgroup')), /Quentin Marsh/);
    assert.match(transcript(await c.say('transfer activity')), /Riverbend Thursday playgroup|Create/);
    assert.deepEqual(p.leaks(secrets, examples), [], p.log);
    assert.ok(
      secrets.includes('Margaret') && secrets.includes(a.client.slk) && secrets.includes('12/03/1948'),
      'the secrets cover names, SLKs and birth dates',
    );
  });

  it('would notice a leak: the same check run on org A’s own conversation finds A’s data', async () => {
    const own = new Probe(harness.conversation({ ...A_USER }));
    await own.say(`who is in ${a.caseId}`);
    await own.say('activity transfer list');
    const found = own.leaks(secrets, examples);
    for (const expected of ['Margaret Nguyen', a.name, A_ACTIVITY_NAME]) assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
  });

  /** Org A's names and ids as B might type them; resolved after seeding, so listed by what they are. */
  const TYPED_TARGETS: [string, () => string][] = [
    ['case file name', () => a.name],
    ['DEX case id', () => a.caseId],
    ['case file id', () => a.caseFileId],
    ['transferred case file name', () => a.transferredName],
    ['client full name', () => `${a.client.givenName} ${a.client.familyName}`],
    ['client family name', () => a.client.familyName],
    ['client id', () => a.client.clientId],
    ['activity name', () => A_ACTIVITY_NAME],
    ['activity id', () => a.activityId],
    ['organisation name', () => 'Harbourside'],
  ];
  const sentences = (t: string) => [
    `status of ${t}`,
    `how is ${t} going`,
    `who is in ${t}`,
    `show the clients of ${t}`,
    `what's missing in ${t}`,
    `is ${t} ready for DEX`,
    `readiness of ${t}`,
    `new case file for ${t}`,
    `add session to ${t}`,
    `add clients to ${t}`,
    `add ${t} to Riverbend playgroup`,
    `add client ${t}`,
    `assign ${t} to last session`,
    `assign participants to ${t}`,
    `fill in session details for ${t}`,
    `community score for ${t}`,
    `copy score for ${t} to later sessions`,
    `transfer ${t}`,
    `how is ${t} going on social cohesion`,
    `social cohesion trend for ${t}`,
  ];
  for (const [what, target] of TYPED_TARGETS) {
    it(`types every command with A’s ${what}`, async () => {
      const failures: string[] = [];
      for (const sentence of sentences(target())) {
        const p = await attempt((probe) => probe.say(sentence));
        const found = p.leaks(secrets, examples);
        if (found.length) failures.push(`${p.log}\n    leaked: ${found.join(', ')}`);
      }
      assert.deepEqual(failures, []);
      await assertAUnchanged();
    });
  }

  it('asks the organisation-wide questions and starts every command without naming anything', async () => {
    const sentences = [
      'my case files',
      'what is due',
      'activity transfer list',
      'what was transferred',
      'transfer activity',
      'status',
      "what's missing",
      'how are we going on social cohesion',
      'score trend',
      'menu',
      'help',
      'hello',
    ];
    for (const command of buildCommands(harness.services)) sentences.push(command.example);
    const failures: string[] = [];
    for (const sentence of sentences) {
      const p = await attempt((probe) => probe.say(sentence));
      const found = p.leaks(secrets, examples);
      if (found.length) failures.push(`${p.log}\n    leaked: ${found.join(', ')}`);
    }
    assert.deepEqual(failures, []);
    await assertAUnchanged();
  });

  /** Arguments a forged button could carry, naming A's records in every way a command reads them. */
  function forgedArgs(): Record<string, unknown>[] {
    const client = `${a.client.givenName} ${a.client.familyName}`;
    return [
      { caseFileId: a.caseFileId },
      { caseFileId: a.caseFileId, sessionId: a.sessionId },
      { caseFileId: a.caseFileId, showClients: true },
      { caseFileId: a.caseFileId, periodId: '2025-H2' },
      { caseFileId: a.transferredId, latestSession: true, latest: true, everyone: true },
      { caseFileId: a.caseFileId, sessionId: a.sessionId, names: [client], clientName: client },
      { caseFileId: 'rb-playgroup', sessionId: a.sessionId, names: [client], clientId: a.client.clientId, clientName: client },
      { caseName: a.name, names: [client], clientName: client },
      { caseName: a.caseId, domain: 'social cohesion' },
      { activityId: a.activityId },
      { activityId: a.activityId, addNew: true },
      { clientId: a.client.clientId, otherClientId: a.client.clientId, field: 'countryOfBirthCode', caseFileId: a.caseFileId },
      { query: client },
      { query: A_ACTIVITY_NAME },
      { name: a.name },
    ];
  }

  it('checks every command of the catalogue below', () => {
    assert.deepEqual(
      buildCommands(harness.services)
        .map((c) => c.id)
        .sort(),
      [...COMMAND_IDS].sort(),
    );
  });

  for (const commandId of COMMAND_IDS) {
    it(`refuses forged ${commandId} buttons carrying A’s case file, session, client and activity ids`, async () => {
      const failures: string[] = [];
      for (const args of forgedArgs()) {
        const p = await attempt((probe) => probe.submit({ command: commandId, args }));
        const found = p.leaks(secrets, examples);
        if (found.length) failures.push(`${p.log}\n    leaked: ${found.join(', ')}`);
      }
      assert.deepEqual(failures, []);
      await assertAUnchanged();
    });
  }

  it('refuses A’s ids submitted in the middle of B’s own flows, at each step that takes an id', async () => {
    const failures: string[] = [];
    const check = (p: Probe) => {
      const found = p.leaks(secrets, examples);
      if (found.length) failures.push(`${p.log}\n    leaked: ${found.join(', ')}`);
    };
    // Adding a client: the search shows B's clients only, and picking A's client by id is refused.
    const c1 = new Probe(harness.conversation({ ...B_USER }));
    await c1.say('add clients to Riverbend playgroup');
    await c1.say(a.client.givenName);
    await c1.submit({ pick: a.client.clientId });
    await c1.say(a.client.familyName);
    await c1.submit({ pick: 'NEW' });
    // A new client with A's client's exact details: the duplicate check must not offer A's record.
    const born = DateTime.fromISO(a.client.birthDate);
    await c1.submit({ givenName: a.client.givenName, familyName: a.client.familyName, birthDate: born.toFormat('dd/MM/yyyy'), gender: a.client.gender });
    c1.knows(a.client.birthDate, formatAuDate(born), computeSlk({ ...a.client, sex: a.client.gender }));
    await c1.submit({ use: a.client.clientId, consent: 'yes', futureContact: 'no' });
    await c1.say('use 1');
    await c1.say('cancel');
    check(c1);
    // Assigning participants: A's session and client ids are not options of B's case file.
    const c2 = new Probe(harness.conversation({ ...B_USER }));
    await c2.say('assign participants to Riverbend playgroup');
    await c2.submit({ choice: a.sessionId });
    await c2.submit({ choice: 'RB-W2' });
    await c2.submit({ choice: a.client.clientId });
    await c2.submit({ choice: `${QUENTIN.clientId},${a.client.clientId}` });
    await c2.say('cancel');
    check(c2);
    // Community SCORE, session details and copying a score: A's session id is not a session of B's case file.
    for (const start of [
      'community score for Riverbend playgroup',
      'fill in session details for Riverbend playgroup',
      'copy score for Riverbend playgroup to later sessions',
    ]) {
      const p = new Probe(harness.conversation({ ...B_USER }));
      await p.say(start);
      await p.submit({ choice: a.sessionId });
      await p.submit({ choice: `RB-W2,${a.sessionId}` });
      await p.say(a.sessionId);
      await p.say('cancel');
      check(p);
    }
    // Transfer: the pick list and a forged activity id stay within B's activities.
    const c3 = new Probe(harness.conversation({ ...B_USER }));
    await c3.say('transfer activity');
    await c3.submit({ command: 'transferActivity', args: { activityId: a.activityId } });
    await c3.say(`transfer ${a.client.givenName} ${a.client.familyName}`);
    await c3.say('cancel');
    check(c3);
    assert.deepEqual(failures, []);
    await assertAUnchanged();
  });

  it('writes only to org B when B saves, even with A’s ids tried along the way', async () => {
    const c = harness.conversation({ ...B_USER });
    await c.submit({ command: 'addSession', args: { caseFileId: a.caseFileId } });
    assert.match(transcript(await c.submit({ choice: a.caseFileId })), /not an option|couldn't match|Pick/i);
    await c.submit({ choice: 'rb-playgroup' });
    await c.say('16/10/2025 10am');
    assert.match(transcript(await c.say('90 min')), /Check and save/);
    assert.match(transcript(await c.say('save')), /added to "Riverbend playgroup"/);
    assert.deepEqual(await documentsOf(harness, ORG_A), beforeA, 'org A’s documents are exactly as they were');
    const playgroup = (await harness.services.caseFiles.get(ORG_B, 'rb-playgroup'))!;
    assert.equal(playgroup.sessions.length, 3);
    assert.equal(playgroup.audit.at(-1)!.by.name, B_USER.name);
  });

  it('neither shows nor continues org A’s flow should a conversation id ever reach B’s user', async () => {
    const conversationId = 'conversation-seen-by-two-tenants';
    const mine = harness.conversation({ ...A_USER, conversationId });
    assert.match(transcript(await mine.say(`add session to ${a.name}`)), /Date and time/);
    const p = new Probe(harness.conversation({ ...B_USER, conversationId }));
    for (const text of ['skip', 'yesterday 10am', '1h', '0', 'save', 'back', 'cancel']) await p.say(text);
    await p.submit({ nav: 'save' });
    assert.deepEqual(p.leaks(secrets, examples), [], p.log);
    await assertAUnchanged();
    assert.match(transcript(await mine.say('yesterday 10am')), /Duration/, 'A’s flow is where A left it');
  });

  it('keeps the same business keys apart: a DEX case id and client id used in both organisations resolve to B’s own', async () => {
    const org = harness.services.organisations.byId(ORG_B)!;
    const ctx = contextOf(harness, org, 'Riverbend seed');
    value(
      await harness.services.caseFiles.insert(
        value(
          createCaseFile(
            org,
            {
              organisationId: ORG_B,
              caseFileId: a.caseFileId,
              caseId: a.caseId,
              name: 'Riverbend twin keys',
              overview: '',
              outletActivityId: 30111,
              totalUnidentifiedClients: 0,
            },
            ctx,
          ),
        ),
      ),
    );
    assert.ok(await harness.services.clients.insert({ ...(await harness.services.clients.get(ORG_B, INES.clientId))!, clientId: a.client.clientId }));
    const c = harness.conversation({ ...B_USER });
    const status = transcript(await c.say(`status of ${a.caseId}`));
    assert.match(status, /Status: Riverbend twin keys/);
    assert.doesNotMatch(status, new RegExp(escapeRegExp(a.name)));
    const forged = transcript(await c.submit({ command: 'caseFileStatus', args: { caseFileId: a.caseFileId, showClients: true } }));
    assert.match(forged, /Status: Riverbend twin keys/);
    assert.equal((await harness.services.caseFiles.get(ORG_A, a.caseFileId))!.name, a.name, 'A’s case file with the same keys is untouched');
    assert.equal((await harness.services.clients.get(ORG_B, a.client.clientId))!.givenName, INES.givenName);
    assert.equal((await harness.services.clients.get(ORG_A, a.client.clientId))!.givenName, a.client.givenName);
    assert.deepEqual(await documentsOf(harness, ORG_A), beforeA);
  });
});

describe('storage code: every query of organisation data names the organisation', () => {
  const storageDir = path.join(__dirname, '..', '..', 'src', 'storage');
  const files = readdirSync(storageDir).filter((f) => /Repository\.ts$|^activityTransferLedger\.ts$/.test(f) && f !== 'organisationRepository.ts');
  const QUERY = /\.(findOne|find|updateOne|updateMany|replaceOne|deleteOne|deleteMany|countDocuments)\(/g;

  /** The text of the first argument of the call that opens at `from`, braces balanced. */
  function firstArgument(source: string, from: number): string {
    let depth = 0;
    for (let i = from; i < source.length; i++) {
      const ch = source[i];
      if (ch === '{' || ch === '(' || ch === '[') depth++;
      if (ch === '}' || ch === ')' || ch === ']') depth--;
      if ((ch === ',' && depth === 0) || depth < 0) return source.slice(from, i);
    }
    return source.slice(from);
  }

  it('finds the repositories to check', () => {
    assert.deepEqual(files.sort(), [
      'activityRepository.ts',
      'activityTransferLedger.ts',
      'caseFileRepository.ts',
      'clientRepository.ts',
      'reminderRepository.ts',
    ]);
  });

  for (const file of files) {
    it(`${file}: each find, update, replace, delete and count filters on organisationId`, () => {
      const source = readFileSync(path.join(storageDir, file), 'utf8');
      const calls = [...source.matchAll(QUERY)].map((m) => ({ method: m[1], filter: firstArgument(source, m.index! + m[0].length).trim() }));
      assert.ok(calls.length > 0);
      for (const { method, filter } of calls) {
        // A filter spelled out here must name the organisation; a helper's own `get(organisationId, …)` is a call, not a filter.
        if (!filter.startsWith('{')) {
          assert.match(filter, /organisationId/, `${file}: ${method}(${filter}) is not scoped by organisation`);
          continue;
        }
        assert.match(filter, /^\{\s*organisationId\b|[{,]\s*organisationId\s*[:,}]/, `${file}: ${method}(${filter}) is not scoped by organisation`);
      }
    });
  }
});
