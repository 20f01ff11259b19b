import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { Activity, RollEntry } from '../../src/domain/activity';
import {
  addNewActivitySessions,
  attendeeKey,
  caseFileFromActivity,
  defaultTransferName,
  defaultTransferOverview,
  planTransfer,
  type MatchedClient,
  type TransferDetails,
} from '../../src/domain/activityTransfer';
import { CaseFileSchema, type CaseFile } from '../../src/domain/caseFile';
import type { ChangeContext } from '../../src/domain/caseFileOperations';
import { checkFreeText } from '../../src/domain/rules';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx: ChangeContext = { actor: { userId: 'u-alice', name: 'Alice Case-Manager' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };

type Person = { clientId: string; givenName: string; familyName: string; birthDate: string; gender: RollEntry['gender'] };
const people: Person[] = [
  { clientId: 'CL-A', givenName: 'Margaret', familyName: 'Nguyen', birthDate: '1948-03-12', gender: 'FEMALE' },
  { clientId: 'CL-B', givenName: 'Harold', familyName: 'Fitzgerald', birthDate: '1944-11-02', gender: 'MALE' },
  { clientId: 'CL-C', givenName: 'Joan', familyName: 'Papadopoulos', birthDate: '1951-07-03', gender: 'FEMALE' },
];
const matched = new Map<string, MatchedClient>(people.map((p) => [`id:${p.clientId}`, p]));

function entry(p: Person, attended: boolean, booked = true): RollEntry {
  return { ...p, booked, attended };
}

function session(day: string, roll: RollEntry[], durationMinutes = 90) {
  return { sessionKey: `TSG-${day}`, startsAt: DateTime.fromISO(`${day}T13:30:00`, { zone }).toISO()!, durationMinutes, roll };
}

function activity(sessions: Activity['sessions']): Activity {
  return {
    organisationId: org.organisationId,
    activityId: 'SP-1',
    name: 'Tuesday seniors group',
    outletId: 'HCS-PARRAMATTA',
    sessions,
    importedAt: ctx.now.toISO()!,
    contentHash: 'h',
  };
}

const [margaret, harold, joan] = people as [Person, Person, Person];

const base = activity([
  session('2025-09-30', [entry(margaret, true), entry(harold, false), entry(joan, true)]),
  session('2025-10-07', [entry(margaret, false), entry(harold, false)]),
  session('2025-10-14', [entry(margaret, true), entry(harold, true), entry(joan, true, false)], 120),
  session('2025-10-21', [entry(margaret, false), entry(harold, false)]),
]);

const details: TransferDetails = {
  caseFileId: 'cf-1',
  caseId: 'CF-2510-AAAAA',
  name: 'Tuesday seniors group – Alice – 20/10/2025 10:00 am',
  overview: 'From the activity system',
  outletActivityId: 10421,
  clientAttendanceProfileCode: 'PSGROUP',
};

function transferred(): CaseFile {
  const result = caseFileFromActivity(org, base, matched, details, ctx);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.value;
}

describe('activity transfer (domain)', () => {
  it('plans only sessions somebody attended and only the people who attended them', () => {
    const plan = planTransfer(base, matched, ctx);
    assert.deepEqual(
      plan.sessions.map((s) => s.sessionKey),
      ['TSG-2025-09-30', 'TSG-2025-10-14'],
    );
    assert.deepEqual(plan.sessions[0]!.clientIds, ['CL-A', 'CL-C'], 'Harold was booked but absent');
    assert.deepEqual(plan.sessions[1]!.clientIds, ['CL-A', 'CL-B', 'CL-C'], 'a walk-in who was not booked still attended');
    assert.deepEqual(
      plan.clients.map((c) => c.clientId),
      ['CL-A', 'CL-C', 'CL-B'],
    );
    assert.equal(plan.participants, 5);
    assert.equal(plan.absentBookings, 3);
    assert.equal(plan.sessionsWithoutAttendance, 1);
    assert.equal(plan.sessionsNotYetHeld, 1, 'the session dated tomorrow is not held yet');
  });

  it('reports attendees without a client record and leaves them out', () => {
    const stranger = { givenName: 'Wei', familyName: 'Li', birthDate: '1956-01-01', gender: 'MALE' as const, booked: true, attended: true };
    const plan = planTransfer(activity([session('2025-10-14', [entry(margaret, true), stranger, stranger])]), matched, ctx);
    assert.deepEqual(plan.unmatched, [{ givenName: 'Wei', familyName: 'Li' }]);
    assert.deepEqual(plan.sessions[0]!.clientIds, ['CL-A']);
  });

  it('builds the whole case file as one document: clients, sessions with participants and the transfer record', () => {
    const cf = CaseFileSchema.parse(transferred());
    assert.equal(cf.version, 1);
    assert.equal(cf.clientAttendanceProfileCode, 'PSGROUP');
    assert.equal(cf.totalUnidentifiedClients, 0);
    assert.deepEqual(
      cf.clients.map((c) => c.clientId),
      ['CL-A', 'CL-C', 'CL-B'],
    );
    assert.deepEqual(
      cf.sessions.map((s) => [s.sessionId, s.sourceSessionKey, s.durationMinutes]),
      [
        ['S-20250930-1', 'TSG-2025-09-30', 90],
        ['S-20251014-1', 'TSG-2025-10-14', 120],
      ],
    );
    assert.equal(cf.sessions[0]!.startsAt, '2025-09-30T13:30:00.000+10:00');
    assert.deepEqual(
      cf.sessions[1]!.participants.map((p) => [p.clientId, p.participationCode]),
      [
        ['CL-A', 'CLIENT'],
        ['CL-B', 'CLIENT'],
        ['CL-C', 'CLIENT'],
      ],
    );
    assert.deepEqual(cf.transfers, [
      { activityId: 'SP-1', activityName: 'Tuesday seniors group', at: ctx.now.toISO(), by: ctx.actor, sessionsAdded: 2, participantsAdded: 5 },
    ]);
    assert.deepEqual(
      cf.audit.map((a) => a.action),
      ['caseFile.created', 'caseClients.added', 'sessions.added', 'activity.transferred'],
    );
  });

  it('refuses to build a case file when nobody attended, and passes on the case-file rules', () => {
    const empty = caseFileFromActivity(org, activity([session('2025-10-14', [entry(margaret, false)])]), matched, details, ctx);
    assert.equal(!empty.ok && empty.problems[0]!.code, 'transfer.nothingToTransfer');
    const badOutlet = caseFileFromActivity(org, base, matched, { ...details, outletActivityId: 99999 }, ctx);
    assert.equal(!badOutlet.ok && badOutlet.problems[0]!.field, 'outletActivityId');
    const badName = caseFileFromActivity(org, base, matched, { ...details, name: 'Arts & crafts' }, ctx);
    assert.equal(!badName.ok && badName.problems[0]!.field, 'name');
  });

  it('finds the sessions not yet in the case file, including an older roll marked late', () => {
    const cf = transferred();
    assert.deepEqual(planTransfer(base, matched, ctx, cf).sessions, []);
    const later = activity([
      ...base.sessions.map((s) => (s.sessionKey === 'TSG-2025-10-07' ? { ...s, roll: [entry(margaret, true), entry(harold, false)] } : s)),
      session('2025-10-18', [entry(harold, true)]),
    ]);
    assert.deepEqual(
      planTransfer(later, matched, ctx, cf).sessions.map((s) => s.sessionKey),
      ['TSG-2025-10-07', 'TSG-2025-10-18'],
    );
  });

  it('adds only the new sessions, new attendees as case clients, and records the second transfer', () => {
    const cf = transferred();
    const newcomer: Person = { clientId: 'CL-D', givenName: 'Wei', familyName: 'Li', birthDate: '1956-01-01', gender: 'MALE' };
    const withNewcomer = new Map([...matched, ['id:CL-D', newcomer]]);
    const later = activity([...base.sessions, session('2025-10-18', [entry(harold, true), entry(newcomer, true)])]);
    const next = addNewActivitySessions(cf, later, withNewcomer, { ...ctx, now: ctx.now.plus({ hours: 1 }) });
    assert.ok(next.ok);
    assert.deepEqual(
      next.value.sessions.map((s) => s.sourceSessionKey),
      ['TSG-2025-09-30', 'TSG-2025-10-14', 'TSG-2025-10-18'],
    );
    assert.deepEqual(
      next.value.clients.map((c) => c.clientId),
      ['CL-A', 'CL-C', 'CL-B', 'CL-D'],
    );
    assert.deepEqual(
      next.value.transfers.map((t) => [t.sessionsAdded, t.participantsAdded]),
      [
        [2, 5],
        [1, 2],
      ],
    );
    const again = addNewActivitySessions(next.value, later, withNewcomer, ctx);
    assert.equal(!again.ok && again.problems[0]!.code, 'transfer.nothingToTransfer');
  });

  it('keys attendees by client id, else by SLK', () => {
    assert.equal(attendeeKey(entry(margaret, true)), 'id:CL-A');
    const { clientId: _id, ...noId } = entry(margaret, true);
    assert.equal(attendeeKey(noId), 'slk:GUEAR120319482');
  });

  it('names the case file after the activity alone, in a form DEX accepts, and not the same as another case file', () => {
    assert.equal(defaultTransferName('Tuesday seniors group', []), 'Tuesday seniors group');
    assert.equal(defaultTransferName('Arts & crafts #2', []), 'Arts and crafts 2');
    const taken = [
      { caseFileId: 'a', name: 'tuesday  seniors group' },
      { caseFileId: 'b', name: 'Tuesday seniors group (2)' },
    ];
    assert.equal(defaultTransferName('Tuesday seniors group', taken), 'Tuesday seniors group (3)');
    const long = defaultTransferName('x'.repeat(300), [{ caseFileId: 'a', name: 'x'.repeat(200) }]);
    assert.equal(long, `${'x'.repeat(196)} (2)`);
    assert.doesNotMatch(defaultTransferName('Tuesday seniors group', []), /\d{1,2}:\d{2}/, 'no timestamp in the name');
    assert.equal(checkFreeText('overview', defaultTransferOverview({ activityId: 'A&B', name: 'Cook @ home' })), null);
  });
});
