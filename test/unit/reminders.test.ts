import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import type { Readiness } from '../../src/domain/readiness';
import {
  composeReminder,
  dueReminderSlots,
  parseWeeklyPreference,
  ReminderSettingsSchema,
  worksOn,
  type ReminderPreferences,
} from '../../src/domain/reminders';

const defaults = ReminderSettingsSchema.parse({});
const optedIn: ReminderPreferences = { optedOut: false };

function slotsAt(iso: string, zone: string, prefs = optedIn, settings = defaults) {
  return dueReminderSlots(settings, prefs, DateTime.fromISO(iso, { zone }), zone).map((s) => s.id);
}

describe('deadline reminder slots', () => {
  it('has the documented defaults: Mondays at 9, and 14, 7, 3 and 1 days before each deadline at 9', () => {
    assert.deepEqual(defaults, { weekly: { day: 'monday', time: '09:00' }, daysBeforeDeadline: [14, 7, 3, 1], deadlineTime: '09:00' });
  });

  // 30 July 2026 is a Thursday; 30 January 2026 a Friday. "1 day before" is the due date itself.
  const cases: [zone: string, local: string, expected: string[]][] = [
    ['Australia/Sydney', '2026-07-17T09:00:00', ['deadline-14:2026-H1']],
    ['Australia/Sydney', '2026-07-17T08:59:59', []],
    ['Australia/Sydney', '2026-07-24T17:00:00', ['deadline-7:2026-H1']],
    ['Australia/Sydney', '2026-07-30T09:00:00', ['deadline-1:2026-H1']],
    ['Australia/Sydney', '2026-07-31T09:00:00', []],
    ['Australia/Perth', '2026-07-28T09:30:00', ['deadline-3:2026-H1']],
    ['Australia/Perth', '2026-07-30T21:30:00', ['deadline-1:2026-H1']],
    // 22:30 in Perth on 30 July is 00:30 on 31 July in Sydney: DEX has closed, so nothing is due any more.
    ['Australia/Perth', '2026-07-30T22:30:00', []],
    ['Australia/Darwin', '2026-01-30T09:00:00', ['deadline-1:2025-H2']],
    ['Australia/Adelaide', '2026-01-17T09:00:00', ['deadline-14:2025-H2']],
    ['Australia/Brisbane', '2026-01-28T10:00:00', ['deadline-3:2025-H2']],
  ];
  for (const [zone, local, expected] of cases) {
    it(`${zone} at ${local}: ${expected.join(', ') || 'nothing due'}`, () => {
      assert.deepEqual(slotsAt(local, zone), expected);
    });
  }

  it('sends the weekly reminder from its hour for one day, about the open period that closes first', () => {
    // Monday 2 February 2026: only January–June 2026 is open.
    assert.deepEqual(slotsAt('2026-02-02T09:00:00', 'Australia/Sydney'), ['weekly:2026-02-02']);
    assert.deepEqual(slotsAt('2026-02-03T08:59:00', 'Australia/Sydney'), ['weekly:2026-02-02']);
    assert.deepEqual(slotsAt('2026-02-03T09:00:00', 'Australia/Sydney'), []);
    assert.deepEqual(slotsAt('2026-02-02T08:00:00', 'Australia/Sydney'), []);
    // Monday 6 July 2026: both periods open; the weekly reminder is about January–June, which closes on 30 July.
    const july = dueReminderSlots(defaults, optedIn, DateTime.fromISO('2026-07-06T09:10:00', { zone: 'Australia/Sydney' }), 'Australia/Sydney');
    assert.equal(july[0]?.period.id, '2026-H1');
  });

  it('prefers the deadline reminder when it falls on the weekly day, so the user gets one message', () => {
    // Monday 27 July 2026 is 4 days before; make 4 a deadline slot.
    const settings = { ...defaults, daysBeforeDeadline: [4] };
    assert.deepEqual(slotsAt('2026-07-27T09:30:00', 'Australia/Sydney', optedIn, settings), ['deadline-4:2026-H1']);
  });

  it('follows the user’s own weekly day and time, and sends nothing to someone who opted out', () => {
    const thursdays: ReminderPreferences = { optedOut: false, weekly: { day: 'thursday', time: '14:00' } };
    assert.deepEqual(slotsAt('2026-02-02T09:30:00', 'Australia/Sydney', thursdays), []);
    assert.deepEqual(slotsAt('2026-02-05T14:00:00', 'Australia/Sydney', thursdays), ['weekly:2026-02-05']);
    assert.deepEqual(slotsAt('2026-07-30T09:30:00', 'Australia/Sydney', { optedOut: true }), []);
  });

  it('turns the weekly reminder off for an organisation that sets it to null', () => {
    assert.deepEqual(slotsAt('2026-02-02T09:30:00', 'Australia/Sydney', optedIn, { ...defaults, weekly: null }), []);
  });
});

describe('reading "remind me on …"', () => {
  const cases: [string, string | undefined][] = [
    ['mondays at 9', 'monday 09:00'],
    ['Thursday 2:30pm', 'thursday 14:30'],
    ['fri at 4', 'friday 16:00'],
    ['wednesdays at 10am', 'wednesday 10:00'],
    ['tue 16:45', 'tuesday 16:45'],
    ['monday at noon', 'monday 12:00'],
    ['sunday', 'sunday 09:00'],
    ['tomorrow at 9', undefined],
    ['monday at 25', undefined],
  ];
  for (const [said, expected] of cases) {
    it(`"${said}" → ${expected ?? 'not understood'}`, () => {
      const parsed = parseWeeklyPreference(said);
      assert.equal(parsed ? `${parsed.day} ${parsed.time}` : undefined, expected);
    });
  }
});

describe('whose case files a reminder lists', () => {
  const base = {
    caseFileId: 'cf-1',
    caseId: 'CF-0001',
    name: 'Walking group',
    createdBy: { userId: 'creator', name: 'C' },
    updatedBy: { userId: 'creator', name: 'C' },
    audit: [{ at: '2026-02-01T10:00:00+11:00', by: { userId: 'editor', name: 'E' }, action: 'x', detail: '' }],
    transfers: [
      { activityId: 'a', activityName: 'A', at: '2026-02-01T10:00:00+11:00', by: { userId: 'transferrer', name: 'T' }, sessionsAdded: 1, participantsAdded: 1 },
    ],
  } as unknown as CaseFile;

  it('counts who created, changed or transferred into it, and whom the organisations file assigns it to', () => {
    for (const who of ['creator', 'editor', 'transferrer']) assert.ok(worksOn(who, base, []), who);
    assert.ok(worksOn('assigned', base, ['CF-0001']));
    assert.ok(worksOn('assigned', base, ['cf-1']));
    assert.ok(!worksOn('stranger', base, ['CF-9999']));
  });

  it('composes nothing when none of them has an error', () => {
    const slot = dueReminderSlots(defaults, optedIn, DateTime.fromISO('2026-07-30T09:30:00', { zone: 'Australia/Sydney' }), 'Australia/Sydney')[0]!;
    const clean = { errors: [], warnings: [], periods: [slot.period], sessionsChecked: 1, notReported: [] } as Readiness;
    assert.equal(composeReminder(slot, slot.at, [{ caseFile: base, readiness: clean }]), null);
    const broken = { ...clean, errors: [{ code: 'c', severity: 'error', message: 'Session S1 has no service type.' }] } as Readiness;
    const reminder = composeReminder(slot, slot.at, [{ caseFile: base, readiness: broken }]);
    assert.equal(reminder?.daysLeft, 1);
    assert.deepEqual(
      reminder?.lines.map((l) => [l.caseFileName, l.errorCount, l.firstError]),
      [['Walking group', 1, 'Session S1 has no service type.']],
    );
  });
});
