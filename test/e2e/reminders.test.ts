import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { createAdapter } from '../../src/bot/adapter';
import { connectorSender, runReminderTick, type ReminderTickReport } from '../../src/bot/reminderDelivery';
import { loadConfig } from '../../src/config/env';
import { silentLogger } from '../../src/logger';
import { createHarness, transcript, type Harness, type TestConversation } from '../support/botHarness';
import { describeOnEachDriver } from '../support/ferretdb';
import { ALICE, ORG, SAM, seedCaseFile } from '../support/fixtures';
import { sampleOrganisations } from '../support/sampleOrganisations';
import { ConnectorStandIn } from '../support/connectorStandIn';

const ZONE = 'Australia/Sydney';
/** 24 January 2026 is "7 days left" for July–December 2025 (DEX closes at the end of 30 January). */
const SEVEN_DAYS_BEFORE = '2026-01-24T09:05:00';

/** The sample organisation, with Alex assigned the reminder case file and Vic a viewer. */
function organisations(): unknown {
  const file = sampleOrganisations() as { organisations: Record<string, unknown>[] };
  file.organisations[0]!.caseFileAssignments = { 'user-alex': ['CF-REMIND-1'] };
  file.organisations[0]!.roles = { 'user-vic': 'viewer' };
  return file;
}

function at(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: ZONE });
}

describeOnEachDriver('deadline reminders through a stand-in Bot Framework connector', (driver) => {
  const connector = new ConnectorStandIn();
  let harness: Harness;
  let alex: TestConversation;
  let bea: TestConversation;
  const send = () => connectorSender(createAdapter(loadConfig({}), silentLogger), undefined);
  const tick = (iso: string, dryRun = false): Promise<ReminderTickReport> => runReminderTick(harness.services, send(), { now: at(iso), dryRun });

  before(async () => {
    await connector.start();
    harness = await createHarness({ db: driver.db, now: SEVEN_DAYS_BEFORE, organisations: organisations() });
    // A session from November without its details: an error DEX would refuse.
    await seedCaseFile(harness, {
      name: 'Wednesday walking group',
      caseId: 'CF-REMIND-1',
      people: [ALICE, SAM],
      sessions: [{ sessionId: 'S-REM-1', startsAt: '2025-11-12T10:00' }],
    });
    alex = harness.conversation({ id: 'user-alex', name: 'Alex Wilber', conversationId: 'conv-alex', serviceUrl: connector.url });
    bea = harness.conversation({ id: 'user-bea', name: 'Bea Brown', conversationId: 'conv-bea', serviceUrl: connector.url });
    await alex.say('help');
    await bea.say('help');
    await harness.conversation({ id: 'user-vic', name: 'Vic Viewer', conversationId: 'conv-vic', serviceUrl: connector.url }).say('help');
    await harness
      .conversation({ id: 'user-gus', name: 'Gus Group', conversationId: 'conv-group', serviceUrl: connector.url, conversationType: 'groupChat' })
      .say('help');
  });

  after(async () => {
    await connector.close();
  });

  beforeEach(() => connector.reset());

  it('keeps the personal chat of each case manager who wrote, and no group chat or viewer', async () => {
    const alexRecipient = await harness.services.reminders.get(ORG, 'user-alex');
    assert.equal(alexRecipient?.reference.conversation.id, 'conv-alex');
    assert.equal(alexRecipient?.reference.serviceUrl, connector.url);
    assert.equal(alexRecipient?.active, true);
    assert.equal(await harness.services.reminders.get(ORG, 'user-gus'), null, 'a group chat is not a place for personal reminders');
    assert.equal(await harness.services.reminders.get(ORG, 'user-vic'), null, 'viewers get no reminders');
  });

  it('dry run lists who would be reminded of which case files and sends nothing', async () => {
    const report = await tick(SEVEN_DAYS_BEFORE, true);
    assert.deepEqual(
      report.wouldSend.map((l) => [l.userId, l.slot, l.caseFiles]),
      [['user-alex', 'deadline-7:2025-H2', ['Wednesday walking group']]],
    );
    assert.equal(connector.calls.length, 0);
  });

  it('sends the case manager one card naming the case file, the days left and a fix button; nothing to someone with nothing to fix', async () => {
    const report = await tick(SEVEN_DAYS_BEFORE);
    assert.equal(report.sent, 1);
    assert.equal(report.nothingToDo, 1, 'Bea works on no case file with errors');
    const posts = connector.postsTo('conv-alex');
    assert.equal(posts.length, 1);
    assert.equal(connector.postsTo('conv-bea').length, 0);
    const words = transcript([posts[0]!.body]);
    assert.match(words, /Wednesday walking group/);
    assert.match(words, /7 days left/);
    assert.match(words, /30 January 2026/);
    assert.match(words, /Fix Wednesday walking group/);
  });

  it('sends each reminder once, however often and however concurrently the pass runs', async () => {
    const reports = await Promise.all([tick('2026-01-24T09:20:00'), tick('2026-01-24T09:20:00'), tick('2026-01-24T13:00:00')]);
    assert.equal(
      reports.reduce((n, r) => n + r.sent, 0),
      0,
      'already sent in the test before',
    );
    assert.equal(connector.calls.length, 0);
    // The 3-days-before slot is a new reminder, sent once by one of two concurrent passes.
    const next = await Promise.all([tick('2026-01-28T09:01:00'), tick('2026-01-28T09:01:00')]);
    assert.equal(
      next.reduce((n, r) => n + r.sent, 0),
      1,
    );
    assert.equal(connector.postsTo('conv-alex').length, 1);
    assert.match(transcript([connector.postsTo('conv-alex')[0]!.body]), /3 days left/);
  });

  it('sends nothing outside a slot, after the deadline, or for a slot more than a day old', async () => {
    // Sunday after the 7-days slot's day has passed, Saturday after the deadline, and an ordinary Tuesday.
    for (const iso of ['2026-01-25T12:00:00', '2026-01-31T09:30:00', '2026-01-27T09:30:00']) {
      const report = await tick(iso);
      assert.equal(report.due, 0, `nothing is due at ${iso}`);
    }
    assert.equal(connector.calls.length, 0);
  });

  it('respects "stop reminders", and "start reminders" brings them back', async () => {
    await alex.say('stop reminders');
    assert.match(transcript(alex.replies), /no more DEX reminders/);
    let report = await tick('2026-01-30T09:10:00');
    assert.equal(report.sent, 0);
    assert.equal(connector.calls.length, 0);
    await alex.say('start reminders');
    report = await tick('2026-01-30T09:10:00');
    assert.equal(report.sent, 1);
    assert.match(transcript([connector.postsTo('conv-alex')[0]!.body]), /Today is the last day/);
  });

  it('moves the weekly reminder to the day and time the user asks for, in the organisation zone', async () => {
    harness.setNow('2026-02-10T10:00:00');
    await alex.say('remind me on thursdays at 2pm');
    assert.match(transcript(alex.replies), /Thursdays at 2 pm/);
    await alex.say('reminders');
    assert.match(transcript(alex.replies), /Weekly: Thursdays at 2 pm/);
    // A session this period that lacks details, so the weekly reminder has something to say.
    await seedCaseFile(harness, {
      name: 'Thursday craft circle',
      caseId: 'CF-REMIND-2',
      people: [ALICE],
      sessions: [{ sessionId: 'S-REM-2', startsAt: '2026-02-05T10:00' }],
    });
    const org = harness.services.organisations.byId(ORG)!;
    (org.caseFileAssignments as Record<string, string[]>)['user-alex'] = ['CF-REMIND-1', 'CF-REMIND-2'];
    assert.equal((await tick('2026-02-16T09:30:00')).sent, 0, 'Monday, the organisation default, is no longer Alex’s day');
    assert.equal(connector.calls.length, 0);
    const report = await tick('2026-02-19T14:05:00');
    assert.equal(report.sent, 1);
    assert.match(transcript([connector.postsTo('conv-alex')[0]!.body]), /Thursday craft circle/);
  });

  it('retries a send that kept failing (500) on a later pass, and sends it once in the end', async () => {
    connector.script(
      'conv-alex',
      Array.from({ length: 20 }, () => ({ status: 500 })),
    );
    const first = await tick('2026-07-17T09:00:30');
    assert.equal(first.failed, 1, `report ${JSON.stringify(first)}`);
    assert.ok(connector.calls.length >= 1);
    assert.equal(connector.postsTo('conv-alex').length, 0);
    connector.reset();
    const tooSoon = await tick('2026-07-17T09:05:00');
    assert.equal(tooSoon.alreadyHandled, 1, 'a failed send waits for a later pass');
    assert.equal(connector.calls.length, 0);
    const later = await tick('2026-07-17T09:15:00');
    assert.equal(later.sent, 1);
    assert.equal(connector.postsTo('conv-alex').length, 1);
    assert.equal((await tick('2026-07-17T09:30:00')).sent, 0, 'and not again');
  });

  it('waits as long as a 429 Retry-After says before sending again', async () => {
    connector.script('conv-alex', [{ status: 429, headers: { 'retry-after': '1' } }]);
    const started = Date.now();
    const report = await tick('2026-07-24T09:01:00');
    assert.equal(report.sent, 1);
    assert.deepEqual(
      connector.calls.map((c) => c.conversationId),
      ['conv-alex', 'conv-alex'],
    );
    assert.ok(Date.now() - started >= 900, 'the second try came after the Retry-After second');
    connector.reset();
    connector.script(
      'conv-alex',
      Array.from({ length: 10 }, () => ({ status: 429, headers: { 'retry-after': '1' } })),
    );
    const stillThrottled = await tick('2026-07-28T09:01:00');
    assert.equal(stillThrottled.failed, 1, 'throttled throughout: left for a later pass');
    connector.reset();
    assert.equal((await tick('2026-07-28T09:16:00')).sent, 1);
  });

  it('marks someone who removed the app (403/404) inactive and never retries them; a new message brings them back', async () => {
    // A removed app stays removed: the connector answers the same every time.
    connector.script(
      'conv-alex',
      Array.from({ length: 10 }, () => ({ status: 403 })),
    );
    const report = await tick('2026-07-30T09:05:00');
    assert.equal(report.gone, 1, `report: ${JSON.stringify(report)}, connector saw ${JSON.stringify(connector.calls.map((c) => c.conversationId))}`);
    assert.equal((await harness.services.reminders.get(ORG, 'user-alex'))?.active, false);
    connector.reset();
    const after = await tick('2026-07-30T10:05:00');
    assert.equal(after.recipients, 1, 'only Bea is still reachable');
    assert.equal(connector.calls.length, 0);
    await alex.say('help');
    assert.equal((await harness.services.reminders.get(ORG, 'user-alex'))?.active, true);
  });
});
