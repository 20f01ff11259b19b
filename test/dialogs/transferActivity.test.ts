import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity as BotActivity } from 'botbuilder';
import { DateTime } from 'luxon';
import type { Activity } from '../../src/domain/activity';
import type { CaseFile } from '../../src/domain/caseFile';
import { SAMPLE_TENANT, sampleOrganisations } from '../support/sampleOrganisations';
import { demoClients } from '../../src/seed/demoData';
import { ActivityTransferLedger } from '../../src/storage/activityTransferLedger';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { cardsOf, createHarness, transcript, type Harness } from '../support/botHarness';
import { inputValue } from '../support/cardQueries';
import { ORG, seedCaseFile } from '../support/fixtures';

const zone = 'Australia/Sydney';

/** Who attended (true) or was booked and stayed away (false), by index into the demo clients. */
type Roll = Record<number, boolean>;

function activity(harness: Harness, activityId: string, name: string, sessions: [string, Roll][], version = 'v1'): Activity {
  const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
  const people = demoClients(org, { actor: { userId: 'seed', name: 'Seed' }, now: harness.services.clock(), zone });
  return {
    organisationId: ORG,
    activityId,
    name,
    outletId: 'HCS-PARRAMATTA',
    sessions: sessions.map(([day, roll]) => ({
      sessionKey: `${activityId}-${day}`,
      startsAt: DateTime.fromISO(`${day}T13:30:00`, { zone }).toISO()!,
      durationMinutes: 90,
      roll: Object.entries(roll).map(([i, attended]) => {
        const p = people[Number(i)]!;
        return { clientId: p.clientId, givenName: p.givenName, familyName: p.familyName, birthDate: p.birthDate, gender: p.gender, booked: true, attended };
      }),
    })),
    importedAt: harness.services.clock().toISO()!,
    contentHash: `${activityId}-${version}`,
  };
}

/** Margaret, Harold, Joan, Wei and Beryl attend; Stan (5) is booked but never comes. */
const TUESDAY: [string, Roll][] = [
  ['2025-09-23', { 0: true, 1: true, 2: true, 3: false }],
  ['2025-09-30', { 0: true, 1: true, 3: true, 2: false, 5: false }],
  ['2025-10-07', { 0: false, 1: false }],
  ['2025-10-14', { 0: true, 2: true, 3: true, 4: true, 1: false }],
  ['2025-10-28', { 0: false, 1: false }],
];

async function seed(harness: Harness): Promise<void> {
  const org = harness.services.organisations.byTenant(SAMPLE_TENANT)!;
  for (const c of demoClients(org, { actor: { userId: 'seed', name: 'Seed' }, now: harness.services.clock(), zone })) await harness.services.clients.insert(c);
  await harness.services.activities.upsert(activity(harness, 'SP-TUE', 'Tuesday seniors group', TUESDAY));
  await harness.services.activities.upsert(activity(harness, 'SP-WED', 'Wednesday seniors walk', [['2025-10-15', { 5: true, 6: true, 8: true }]]));
  await harness.services.activities.upsert(activity(harness, 'SP-FRI', 'Friday yarn circle', [['2025-10-17', { 9: true, 10: true, 11: false }]]));
}

async function storedCaseFiles(harness: Harness): Promise<CaseFile[]> {
  const summaries = await harness.services.caseFiles.listSummaries(ORG);
  return Promise.all(summaries.map(async (s) => (await harness.services.caseFiles.get(ORG, s.caseFileId))!));
}

function buttonTitles(replies: Partial<BotActivity>[]): string[] {
  return JSON.stringify(replies.flatMap(cardsOf))
    .match(/"type":"Action\.Submit","title":"[^"]+"/g)!
    .map((m) => m.replace(/^.*"title":"/, '').replace(/"$/, ''));
}

const DETAILS = { outletActivityId: '10421', clientAttendanceProfileCode: 'PSGROUP' };

describe('transfer an activity into a case file (msteams channel)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
    await seed(harness);
  });
  afterEach(() => harness.close());

  async function transferTuesday(c = harness.conversation()) {
    const listing = transcript(await c.say('transfer Tuesday seniors group'));
    const details = await c.press('Continue');
    const name = inputValue(details, 'name')!;
    const overview = inputValue(details, 'overview')!;
    await c.press('Continue', { ...DETAILS, name, overview });
    const done = await c.press('Save');
    return { c, listing, details, done };
  }

  it('lists the attended sessions and clients, takes the mandatory fields, and writes the case file in one go', async () => {
    const c = harness.conversation();
    const listing = transcript(await c.say('transfer Tuesday seniors group'));
    assert.match(listing, /Step 1 of 3 · Sessions and clients/);
    assert.match(listing, /Tuesday seniors group: attended sessions and clients/);
    assert.match(listing, /3 sessions, 5 clients and 10 participants/);
    assert.match(listing, /Tue 23 Sep 2025, 1:30 pm: 3 attended · 1 h 30 min/);
    assert.match(listing, /Margaret Nguyen, Harold Fitzgerald, Joan Papadopoulos, Wei Li, Beryl O'Connor/);
    assert.doesNotMatch(listing, /Stan Kowalski/, 'booked but never attended');
    assert.match(listing, /Left out: 6 bookings of people who did not attend; 1 session nobody attended; 1 session not held yet/);

    const details = await c.press('Continue');
    assert.match(transcript(details), /Step 2 of 3 · Case file details/);
    assert.equal(inputValue(details, 'name'), 'Tuesday seniors group', 'the activity’s name, no timestamp');
    assert.equal(inputValue(details, 'outletActivityId'), undefined, 'two outlet activities run at this outlet, so neither is chosen for the user');
    const overview = inputValue(details, 'overview')!;
    assert.match(overview, /Attendance of Tuesday seniors group \(activity SP-TUE\)/);

    const review = transcript(await c.press('Continue', { ...DETAILS, name: 'Tuesday seniors group', overview }));
    assert.doesNotMatch(review, /already called/);
    assert.match(review, /Step 3 of 3 · Check and save/);
    assert.match(review, /Client attendance profile: Peer support group/i);
    assert.match(review, /Sessions: 3 \(23 Sep 2025 to 14 Oct 2025\)/);
    assert.deepEqual(await storedCaseFiles(harness), [], 'nothing is written before Save');

    const done = await c.press('Save');
    const result = transcript(done);
    assert.match(result, /Case file "Tuesday seniors group" created/);
    assert.match(result, /Sessions created: 3/);
    assert.match(result, /Participants created: 10/);
    const buttons = buttonTitles(done);
    assert.ok(buttons.includes('Open the case file'));
    assert.ok(buttons.includes('Record a Community SCORE'));
    assert.ok(buttons.includes('Menu'));

    const [cf] = await storedCaseFiles(harness);
    assert.equal(cf!.version, 1, 'created by a single insert');
    assert.equal(cf!.outletActivityId, 10421);
    assert.equal(cf!.clientAttendanceProfileCode, 'PSGROUP');
    assert.equal(cf!.overview, overview);
    assert.deepEqual(
      cf!.clients.map((x) => x.clientId),
      ['CL-DEMO001', 'CL-DEMO002', 'CL-DEMO003', 'CL-DEMO004', 'CL-DEMO005'],
    );
    assert.deepEqual(
      cf!.sessions.map((s) => [s.sourceSessionKey, s.startsAt, s.participants.map((p) => p.clientId).join(' ')]),
      [
        ['SP-TUE-2025-09-23', '2025-09-23T13:30:00.000+10:00', 'CL-DEMO001 CL-DEMO002 CL-DEMO003'],
        ['SP-TUE-2025-09-30', '2025-09-30T13:30:00.000+10:00', 'CL-DEMO001 CL-DEMO002 CL-DEMO004'],
        ['SP-TUE-2025-10-14', '2025-10-14T13:30:00.000+11:00', 'CL-DEMO001 CL-DEMO003 CL-DEMO004 CL-DEMO005'],
      ],
    );
    assert.deepEqual(
      cf!.transfers.map((t) => [t.activityId, t.by.name, t.sessionsAdded, t.participantsAdded]),
      [['SP-TUE', 'Alice Case-Manager', 3, 10]],
    );
    const claim = await new ActivityTransferLedger(harness.services.db).find(ORG, 'SP-TUE');
    assert.deepEqual([claim!.status, claim!.caseFileId], ['done', cf!.caseFileId]);
  });

  it('opens the new case file and starts its Community SCORE from the result card', async () => {
    const { c } = await transferTuesday();
    assert.match(transcript(await c.press('Open the case file')), /Status: Tuesday seniors group/);
    assert.match(transcript(await c.say('transfer Tuesday seniors group')), /already transferred/);
    assert.match(
      transcript(await c.press('Record a Community SCORE')),
      /Which session do you want to score[\s\S]*14 Oct 2025, 1:30 pm[\s\S]*23 Sep 2025, 1:30 pm/,
    );
  });

  it('proposes a name no other case file has, and warns on the review when the typed name is taken', async () => {
    await transferTuesday();
    const c = harness.conversation();
    await c.say('transfer Wednesday seniors walk');
    const details = await c.press('Continue');
    assert.equal(inputValue(details, 'name'), 'Wednesday seniors walk');
    const review = transcript(await c.press('Continue', { ...DETAILS, name: 'Tuesday Seniors Group', overview: '' }));
    assert.match(review, /⚠ Another case file is already called "Tuesday seniors group"/);
  });

  it('chooses the outlet activity when only one runs at the activity’s outlet, shows it on the card and lets the user change it', async () => {
    const orgs = sampleOrganisations() as { organisations: { outlets: unknown[] }[] };
    orgs.organisations[0]!.outlets.push({
      outletId: 'HCS-BLACKTOWN',
      name: 'Blacktown hub',
      activities: [
        { outletActivityId: 10999, name: 'Community and Home Support - Walking group', program: 'Community and Home Support', serviceTypeIds: [1, 2] },
      ],
    });
    const h = await createHarness({ organisations: orgs });
    try {
      await seed(h);
      await h.services.activities.upsert({ ...activity(h, 'SP-BLK', 'Blacktown walkers', [['2025-10-15', { 0: true, 1: true }]]), outletId: 'HCS-BLACKTOWN' });
      const c = h.conversation();
      await c.say('transfer Blacktown walkers');
      const details = await c.press('Continue');
      assert.equal(inputValue(details, 'outletActivityId'), '10999');
      assert.match(JSON.stringify(details.flatMap(cardsOf)), /"title":"Community and Home Support - Walking group \(Blacktown hub\)","value":"10999"/);
      const review = transcript(
        await c.press('Continue', { outletActivityId: '10421', clientAttendanceProfileCode: 'PSGROUP', name: 'Blacktown walkers', overview: '' }),
      );
      assert.match(review, /Outlet activity: Community and Home Support - Seniors social groups/, 'the user’s change is kept');
    } finally {
      await h.close();
    }
  });

  it('offers every activity when none or nothing is named, and says when nothing matched', async () => {
    const c = harness.conversation();
    const all = await c.say('transfer activity');
    assert.match(transcript(all), /Which activity’s attendance should go into a new case file/);
    assert.deepEqual(buttonTitles(all), ['Tuesday seniors group', 'Friday yarn circle', 'Wednesday seniors walk'], 'most recently run first');

    const none = await c.say('transfer zumba');
    assert.match(transcript(none), /No activity or client matched "zumba"/);
    assert.equal(buttonTitles(none).length, 3);
    assert.match(transcript(await c.press('Friday yarn circle')), /Friday yarn circle: attended sessions and clients/);
    assert.deepEqual(await storedCaseFiles(harness), []);
  });

  it('says a name that is an activity not yet transferred is one, with the words that transfer it, when a case-file task names it', async () => {
    await seedCaseFile(harness, { name: 'Monday art group' });
    const c = harness.conversation();
    const asked = transcript(await c.say('add a session to tuesday seniors group'));
    assert.match(
      asked,
      /couldn't find a case file called "tuesday seniors group"\. "Tuesday seniors group" is a group activity that has not been made a case file yet: say "transfer Tuesday seniors group"/,
    );
    const unknown = transcript(await harness.conversation().say('add a session to zumba'));
    assert.match(unknown, /couldn't find a case file called "zumba"/);
    assert.doesNotMatch(unknown, /group activity/, 'a name that is no activity gets no such hint');
  });

  it('asks which activity when a name or a client matches several, and goes straight on when one matches', async () => {
    const c = harness.conversation();
    const byName = await c.say('transfer seniors');
    assert.match(transcript(byName), /Several activities match "seniors"/);
    assert.deepEqual(buttonTitles(byName).sort(), ['Tuesday seniors group', 'Wednesday seniors walk']);

    const byClient = await c.say('transfer Stan Kowalski');
    assert.match(transcript(byClient), /Several activities match "Stan Kowalski"/);
    assert.deepEqual(buttonTitles(byClient).sort(), ['Tuesday seniors group', 'Wednesday seniors walk']);

    assert.match(transcript(await c.say('transfer Fatima Haddad')), /Wednesday seniors walk: attended sessions and clients/);
  });

  it('insists on the outlet activity and attendance profile, and re-asks with the other answers kept', async () => {
    const c = harness.conversation();
    await c.say('transfer Tuesday seniors group');
    await c.press('Continue');
    const missing = await c.press('Continue', { name: 'My group', overview: '' });
    assert.match(transcript(missing), /Outlet activity is required\. Client attendance profile is required\./);
    assert.equal(inputValue(missing, 'name'), 'My group', 'the typed name is kept');

    const badName = await c.press('Continue', { ...DETAILS, name: 'Seniors & friends', overview: '' });
    assert.match(transcript(badName), /Name contains the character &\. DEX does not accept/);
    assert.equal(inputValue(badName, 'outletActivityId'), '10421');
    assert.equal(inputValue(badName, 'clientAttendanceProfileCode'), 'PSGROUP');

    assert.match(
      transcript(await c.press('Continue', { ...DETAILS, outletActivityId: '99999', name: 'x', overview: '' })),
      /Outlet activity "99999" is not one of/,
    );
    assert.match(
      transcript(await c.press('Continue', { ...DETAILS, clientAttendanceProfileCode: 'CROWD', name: 'x', overview: '' })),
      /Client attendance profile "CROWD" is not one of the options/,
    );
    assert.match(transcript(await c.press('Continue', { ...DETAILS, name: '   ', overview: '' })), /Name is required/);
    assert.match(transcript(await c.say('psgroup')), /Fill in the card and choose \*\*Continue\*\*/);
    assert.match(transcript(await c.press('Continue', { ...DETAILS, name: 'Seniors and friends', overview: '' })), /Case file name: Seniors and friends/);
    assert.deepEqual(await storedCaseFiles(harness), []);
  });

  it('goes back a step and cancels without writing anything', async () => {
    const c = harness.conversation();
    await c.say('transfer Tuesday seniors group');
    await c.press('Continue');
    assert.match(transcript(await c.say('back')), /Step 1 of 3 · Sessions and clients/);
    assert.match(transcript(await c.say('create')), /Step 2 of 3 · Case file details/);
    assert.match(transcript(await c.say('help')), /DEX needs the outlet activity/);
    assert.match(transcript(await c.say('cancel')), /Cancelled "Transfer an activity"/);
    assert.deepEqual(await storedCaseFiles(harness), []);
    assert.equal(await new ActivityTransferLedger(harness.services.db).find(ORG, 'SP-TUE'), undefined);
  });

  it('does not transfer an activity twice, and adds only the sessions held since the last transfer', async () => {
    await transferTuesday();
    const c = harness.conversation();
    const again = await c.say('transfer Tuesday seniors group');
    assert.match(transcript(again), /Tuesday seniors group is already transferred/);
    assert.match(transcript(again), /on Mon 20 Oct 2025, 10:00 am by Alice Case-Manager/);
    assert.match(transcript(again), /Every attended session is already in the case file/);
    assert.ok(!buttonTitles(again).some((t) => t.startsWith('Add the')));
    assert.equal((await storedCaseFiles(harness)).length, 1);

    harness.setNow('2025-10-29T09:00:00');
    const newer: [string, Roll][] = [...TUESDAY.slice(0, 4), ['2025-10-28', { 0: true, 5: true, 1: false }], ['2025-11-04', { 0: false }]];
    assert.equal(await harness.services.activities.upsert(activity(harness, 'SP-TUE', 'Tuesday seniors group', newer, 'v2')), 'updated');

    const offer = await c.say('transfer Tuesday seniors group');
    assert.match(transcript(offer), /1 session held since then is not in the case file yet/);
    const review = transcript(await c.press('Add the 1 new session'));
    assert.match(review, /Add the new sessions of Tuesday seniors group/);
    assert.match(review, /Sessions to add: 1/);
    assert.match(review, /New clients on the case file: Stan Kowalski/);
    const done = transcript(await c.press('Save'));
    assert.match(done, /Sessions added to "Tuesday seniors group/);
    assert.match(done, /Sessions created: 1/);
    assert.match(done, /Participants created: 2/);

    const [cf] = await storedCaseFiles(harness);
    assert.equal(cf!.version, 2);
    assert.deepEqual(
      cf!.sessions.map((s) => s.sourceSessionKey),
      ['SP-TUE-2025-09-23', 'SP-TUE-2025-09-30', 'SP-TUE-2025-10-14', 'SP-TUE-2025-10-28'],
    );
    assert.deepEqual(
      cf!.sessions[3]!.participants.map((p) => p.clientId),
      ['CL-DEMO001', 'CL-DEMO006'],
    );
    assert.equal(cf!.clients.length, 6);
    assert.deepEqual(
      cf!.transfers.map((t) => [t.sessionsAdded, t.participantsAdded]),
      [
        [3, 10],
        [1, 2],
      ],
    );
    assert.match(transcript(await c.say('transfer Tuesday seniors group')), /Every attended session is already in the case file/);
  });

  it('lets only one of two colleagues transfer the same activity', async () => {
    const alice = harness.conversation();
    const bob = harness.conversation({ id: 'user-bob', name: 'Bob Coordinator' });
    for (const c of [alice, bob]) {
      await c.say('transfer Tuesday seniors group');
      await c.press('Continue');
      await c.press('Continue', { ...DETAILS, name: `Seniors ${c === alice ? 'A' : 'B'}`, overview: '' });
    }
    assert.match(transcript(await alice.press('Save')), /Case file "Seniors A" created/);
    assert.match(transcript(await bob.press('Save')), /Alice Case-Manager transferred Tuesday seniors group into another case file while you were checking it/);
    const stored = await storedCaseFiles(harness);
    assert.deepEqual(
      stored.map((cf) => cf.name),
      ['Seniors A'],
    );
  });

  it('says so when an activity has nothing to transfer, or when no activities were imported', async () => {
    await harness.services.activities.upsert(activity(harness, 'SP-NONE', 'Monday book club', [['2025-10-13', { 0: false, 1: false }]]));
    assert.match(
      transcript(await harness.conversation().say('transfer Monday book club')),
      /There is nothing to transfer from Monday book club yet: nobody has been marked as attending/,
    );
    const empty = await createHarness();
    try {
      assert.match(transcript(await empty.conversation().say('transfer activity')), /No activities have been imported for Harbourside Community Services/);
    } finally {
      await empty.close();
    }
  });

  it('shows the activity transfer list: what was transferred, when and by whom', async () => {
    const c = harness.conversation();
    assert.match(transcript(await c.say('activity transfer list')), /No activities have been transferred yet/);
    await transferTuesday();
    const list = transcript(await c.say('what was transferred'));
    assert.match(list, /Activity transfer list/);
    assert.match(list, /Mon 20 Oct 2025, 10:00 am\*\* · Alice Case-Manager/);
    assert.match(list, /Tuesday seniors group → case file "Tuesday seniors group" \(CF-2510-[0-9A-Z]{5}\): 3 sessions, 10 participants/);
    assert.match(transcript(await c.say('transfer list')), /Activity transfer list/, '"transfer list" is the list, not an activity called "list"');
  });

  it('says DEX will not accept sessions of a closed period and transfers them only once confirmed as the organisation’s own records', async () => {
    await harness.services.activities.upsert(
      activity(harness, 'SP-OLD', 'Monday craft group', [
        ['2025-05-05', { 0: true, 1: true }],
        ['2025-10-13', { 0: true }],
      ]),
    );
    const c = harness.conversation();
    assert.match(transcript(await c.say('transfer Monday craft group')), /1 session is in a reporting period DEX has closed: DEX will not accept it/);
    const details = await c.press('Continue');
    const asked = transcript(await c.press('Continue', { ...DETAILS, name: inputValue(details, 'name')!, overview: inputValue(details, 'overview')! }));
    assert.match(
      asked,
      /One session of this activity is dated in a reporting period DEX has closed, so DEX will not accept it\. Is it for your organisation's own records\?/,
    );
    assert.equal((await storedCaseFiles(harness)).length, 0, 'nothing is written before the user confirms');
    await c.submit({ choice: 'keep' });
    await c.press('Save');
    const [cf] = await storedCaseFiles(harness);
    assert.deepEqual(
      cf!.sessions.map((s) => [s.startsAt.slice(0, 10), s.ownRecordsOnly ?? false]),
      [
        ['2025-05-05', true],
        ['2025-10-13', false],
      ],
    );
  });
});

describe('an activity transfer survives a restart of the bot', () => {
  it('resumes at the case-file details with the activity still chosen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dex-transfer-restart-'));
    try {
      const first = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      await seed(first);
      const c = first.conversation();
      await c.say('transfer Tuesday seniors group');
      await c.press('Continue');
      await first.close();

      const second = await createHarness({ db: openEmbeddedDatabase({ dataDir: dir }) });
      const again = second.conversation({ conversationId: c.conversationId });
      assert.match(transcript(await again.say('help')), /DEX needs the outlet activity/);
      assert.match(transcript(await again.submit({ ...DETAILS, name: 'Restart group', overview: '' })), /Case file name: Restart group/);
      assert.match(transcript(await again.say('save')), /Case file "Restart group" created/);
      const [cf] = await storedCaseFiles(second);
      assert.equal(cf!.sessions.length, 3);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
