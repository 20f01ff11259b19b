import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseFile } from '../../src/domain/caseFile';
import { editCaseClient, editCaseFile, editSession, removeCaseClient, removeSession, type CaseFilePatch } from '../../src/domain/caseFileCorrections';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import { additions } from '../../src/domain/listChange';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx = (name: string): ChangeContext => ({ actor: { userId: name, name }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone });
const otherActivity = org.outlets.flatMap((o) => o.activities).find((a) => a.outletActivityId !== 10421)!.outletActivityId;

function ok<T>(o: { ok: true; value: T } | { ok: false; problems: { message: string }[] }): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}

/** A case file with two clients and two sessions (one in the closed January–June 2025 period), Alice in both. */
function seeded(caseFileId: string, caseId: string): CaseFile {
  let cf = ok(
    createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId,
        caseId,
        name: 'Tuesday group',
        overview: 'Seniors',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx('Setup'),
    ),
  );
  cf = ok(
    addCaseClients(
      cf,
      [
        { clientId: 'CL-A', givenName: 'Alice', familyName: 'Nguyen', referralSourceCode: 'SELF', reasons: [{ code: 'MONEY', isPrimary: true }] },
        { clientId: 'CL-B', givenName: 'Sam', familyName: 'Okafor', reasons: [{ code: 'MONEY', isPrimary: true }] },
      ],
      ctx('Setup'),
    ),
  );
  // W1 was entered in May, while its period was open, so DEX received it before the period closed.
  const inMay = { ...ctx('Setup'), now: DateTime.fromISO('2025-05-10T10:00:00', { zone }) };
  cf = ok(
    addSessions(cf, [{ sessionId: 'W1', startsAt: DateTime.fromISO('2025-05-06T10:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 }], inMay),
  );
  cf = ok(
    addSessions(
      cf,
      [{ sessionId: 'W2', startsAt: DateTime.fromISO('2025-10-14T10:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 }],
      ctx('Setup'),
    ),
  );
  const alice = additions([{ clientId: 'CL-A', participationCode: 'CLIENT' as const, referrals: [] }]);
  cf = ok(assignParticipants(cf, 'W1', alice, ctx('Setup')));
  return ok(assignParticipants(cf, 'W2', alice, ctx('Setup')));
}

describeOnEachDriver('case file corrections', (driver) => {
  let repo: CaseFileRepository;
  before(async () => {
    repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
  });

  const lastAudit = async (id: string) => (await repo.get(org.organisationId, id))!.audit.at(-1)!;

  it('edits every case-file field and records each change, old and new value, in the audit trail', async () => {
    await repo.insert(seeded('cf-fields', 'CF-F'));
    const edits: [CaseFilePatch, RegExp, string][] = [
      [{ name: 'Tuesday seniors' }, /name "Tuesday group" → "Tuesday seniors"/, 'caseFile.edited'],
      [{ outletActivityId: otherActivity }, new RegExp(`outletActivityId "10421" → "${otherActivity}"`), 'caseFile.edited'],
      [{ clientAttendanceProfileCode: 'PSGROUP' }, /clientAttendanceProfileCode none → "PSGROUP"/, 'caseFile.edited'],
      [{ overview: 'Seniors who meet weekly' }, /overview "Seniors" → "Seniors who meet weekly"/, 'caseFile.edited'],
      [{ endDate: '2025-10-17' }, /endDate none → "2025-10-17"/, 'caseFile.closed'],
      [{ endDate: null }, /endDate "2025-10-17" → none/, 'caseFile.edited'],
    ];
    for (const [patch, detail, action] of edits) {
      ok(await repo.update(org.organisationId, 'cf-fields', (cf) => editCaseFile(cf, org, patch, ctx('Alice')), `op-${JSON.stringify(patch)}`));
      const entry = await lastAudit('cf-fields');
      assert.equal(entry.action, action);
      assert.match(entry.detail, detail);
      assert.equal(entry.by.name, 'Alice');
    }
    const stored = (await repo.get(org.organisationId, 'cf-fields'))!;
    assert.deepEqual(
      [stored.name, stored.outletActivityId, stored.clientAttendanceProfileCode, stored.overview, stored.endDate],
      ['Tuesday seniors', otherActivity, 'PSGROUP', 'Seniors who meet weekly', undefined],
    );
    const listing = (await repo.listSummaries(org.organisationId)).find((s) => s.caseFileId === 'cf-fields')!;
    assert.equal(listing.name, 'Tuesday seniors', 'the listing that name searches read follows the new name');
  });

  it('edits every session field with its audit entry, and removes a session', async () => {
    await repo.insert(seeded('cf-session', 'CF-S'));
    const edits: [Parameters<typeof editSession>[2], RegExp][] = [
      [{ durationMinutes: 90 }, /Session W2: durationMinutes "1 h" → "1 h 30 min"/],
      [{ unidentifiedParticipants: 4 }, /unidentifiedParticipants "0" → "4"/],
      [{ startsAt: '2025-10-15T09:30:00.000+11:00' }, /startsAt "2025-10-14T10:00:00.000\+11:00" → "2025-10-15T09:30:00.000\+11:00"/],
      [{ sessionId: 'Week 2' }, /Session W2: sessionId "W2" → "Week 2"/],
    ];
    for (const [patch, detail] of edits) {
      ok(await repo.update(org.organisationId, 'cf-session', (cf) => editSession(cf, 'W2', patch, ctx('Alice'))));
      const entry = await lastAudit('cf-session');
      assert.equal(entry.action, 'session.edited');
      assert.match(entry.detail, detail);
    }
    const session = (await repo.get(org.organisationId, 'cf-session'))!.sessions.find((s) => s.sessionId === 'Week 2')!;
    assert.deepEqual([session.durationMinutes, session.unidentifiedParticipants, session.startsAt], [90, 4, '2025-10-15T09:30:00.000+11:00']);
    assert.deepEqual(
      session.participants.map((p) => p.clientId),
      ['CL-A'],
      'participants stay with the session',
    );

    ok(await repo.update(org.organisationId, 'cf-session', (cf) => removeSession(cf, 'Week 2', ctx('Alice'))));
    const after = (await repo.get(org.organisationId, 'cf-session'))!;
    assert.deepEqual(
      after.sessions.map((s) => s.sessionId),
      ['W1'],
    );
    assert.equal(after.audit.at(-1)!.action, 'session.removed');
    assert.match(after.audit.at(-1)!.detail, /Removed session Week 2 .*CL-A \(CLIENT\)/);
  });

  it('edits a client’s referral source, reasons and exit reason with their audit entries; removal is refused while they are in a session', async () => {
    await repo.insert(seeded('cf-client', 'CF-C'));
    const edits: [Parameters<typeof editCaseClient>[2], RegExp][] = [
      [{ referralSourceCode: 'COMMUNITY' }, /Client CL-A: referralSourceCode "SELF" → "COMMUNITY"/],
      [
        {
          reasons: [
            { code: 'HOUSING', isPrimary: true },
            { code: 'MONEY', isPrimary: false },
          ],
        },
        /reasons MONEY \(main\) → HOUSING \(main\), MONEY/,
      ],
      [{ exitReasonCode: 'NOLONGERASSIST' }, /exitReasonCode none → "NOLONGERASSIST"/],
    ];
    for (const [patch, detail] of edits) {
      ok(await repo.update(org.organisationId, 'cf-client', (cf) => editCaseClient(cf, 'CL-A', patch, ctx('Alice'))));
      const entry = await lastAudit('cf-client');
      assert.equal(entry.action, 'caseClient.edited');
      assert.match(entry.detail, detail);
    }
    const alice = (await repo.get(org.organisationId, 'cf-client'))!.clients.find((c) => c.clientId === 'CL-A')!;
    assert.deepEqual([alice.referralSourceCode, alice.reasons.map((r) => r.code), alice.exitReasonCode], ['COMMUNITY', ['HOUSING', 'MONEY'], 'NOLONGERASSIST']);

    const refused = await repo.update(org.organisationId, 'cf-client', (cf) => removeCaseClient(cf, 'CL-A', ctx('Alice')));
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.problems[0]!.message : '', /W1, which are in a reporting period DEX has closed/);
    ok(await repo.update(org.organisationId, 'cf-client', (cf) => removeCaseClient(cf, 'CL-B', ctx('Alice'))));
    const after = (await repo.get(org.organisationId, 'cf-client'))!;
    assert.deepEqual(
      after.clients.map((c) => c.clientId),
      ['CL-A'],
    );
    assert.equal(after.audit.at(-1)!.action, 'caseClient.removed');
  });

  it('applies only the corrected fields when colleagues correct other fields of the same case file at the same time', async () => {
    await repo.insert(seeded('cf-merge', 'CF-M'));
    ok(await repo.update(org.organisationId, 'cf-merge', (cf) => editCaseFile(cf, org, { overview: 'Changed by Bob' }, ctx('Bob'))));
    const racing = await Promise.all([
      repo.update(org.organisationId, 'cf-merge', (cf) => editCaseFile(cf, org, { name: 'Alice’s name' }, ctx('Alice'))),
      repo.update(org.organisationId, 'cf-merge', (cf) => editCaseFile(cf, org, { overview: 'Bob’s overview' }, ctx('Bob'))),
      repo.update(org.organisationId, 'cf-merge', (cf) => editSession(cf, 'W2', { durationMinutes: 45 }, ctx('Carol'))),
    ]);
    for (const r of racing) ok(r);
    const stored = (await repo.get(org.organisationId, 'cf-merge'))!;
    assert.deepEqual(
      [stored.name, stored.overview, stored.sessions.find((s) => s.sessionId === 'W2')!.durationMinutes],
      ['Alice’s name', 'Bob’s overview', 45],
    );
  });

  it('finds the case files a client is on, by client id', async () => {
    await repo.insert(seeded('cf-find-1', 'CF-F1'));
    const other = ok(
      createCaseFile(
        org,
        {
          organisationId: org.organisationId,
          caseFileId: 'cf-find-2',
          caseId: 'CF-F2',
          name: 'Other',
          overview: '',
          outletActivityId: 10421,
          totalUnidentifiedClients: 0,
        },
        ctx('Setup'),
      ),
    );
    await repo.insert(other);
    const found = await repo.caseFileIdsWithClients(org.organisationId, ['CL-B']);
    assert.ok(found.includes('cf-find-1'));
    assert.ok(!found.includes('cf-find-2'), 'a case file without the client is not found');
    assert.deepEqual(await repo.caseFileIdsWithClients(org.organisationId, ['CL-NOBODY']), []);
    assert.deepEqual(await repo.caseFileIdsWithClients('another-org', ['CL-B']), [], 'scoped to the organisation');
  });
});
