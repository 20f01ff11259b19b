import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { Activity } from '../../src/domain/activity';
import { addNewActivitySessions, caseFileFromActivity, type MatchedClient } from '../../src/domain/activityTransfer';
import type { CaseFile } from '../../src/domain/caseFile';
import type { ChangeContext } from '../../src/domain/caseFileOperations';
import { ACTIVITY_TRANSFERS, ActivityTransferLedger, insertTransferredCaseFile } from '../../src/storage/activityTransferLedger';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const now = DateTime.fromISO('2025-10-20T10:00:00', { zone });
const ctx = (name: string, at = now): ChangeContext => ({ actor: { userId: name, name }, now: at, zone });

const person = { clientId: 'CL-1', givenName: 'Joan', familyName: 'Smith', birthDate: '1951-07-03', gender: 'FEMALE' as const };
const matched = new Map<string, MatchedClient>([['id:CL-1', person]]);

function activity(activityId: string, days: string[]): Activity {
  return {
    organisationId: org.organisationId,
    activityId,
    name: `Group ${activityId}`,
    sessions: days.map((d) => ({
      sessionKey: `${activityId}-${d}`,
      startsAt: `${d}T10:00:00.000+11:00`,
      durationMinutes: 60,
      roll: [{ ...person, booked: true, attended: true }],
    })),
    importedAt: now.toISO()!,
    contentHash: 'h',
  };
}

function built(a: Activity, caseFileId: string, caseId: string, who = 'Alice'): CaseFile {
  const result = caseFileFromActivity(
    org,
    a,
    matched,
    { caseFileId, caseId, name: `Transfer ${caseFileId}`, overview: '', outletActivityId: 10421, clientAttendanceProfileCode: 'PSGROUP' },
    ctx(who),
  );
  assert.ok(result.ok);
  return result.value;
}

describeOnEachDriver('activity transfer ledger', (driver) => {
  let ledger: ActivityTransferLedger;
  let caseFiles: CaseFileRepository;
  before(async () => {
    ledger = new ActivityTransferLedger(driver.db);
    caseFiles = new CaseFileRepository(driver.db);
    await caseFiles.ensureIndexes();
  });

  const insert = (cf: CaseFile, a: Activity, who = 'Alice', at = now) =>
    insertTransferredCaseFile(ledger, caseFiles, cf, { activityId: a.activityId, activityName: a.name }, { userId: who, name: who }, at.toMillis());

  it('creates exactly one case file when several staff transfer one activity at the same moment', async () => {
    const a = activity('A-race', ['2025-10-14']);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => insert(built(a, `cf-race-${i}`, `CF-RACE-${i}`, `Staff ${i}`), a, `Staff ${i}`)));
    assert.equal(results.filter((r) => r.status === 'created').length, 1);
    assert.equal(results.filter((r) => r.status === 'alreadyTransferred').length, 4);
    const winner = results.find((r) => r.status === 'created')!;
    const claim = await ledger.find(org.organisationId, 'A-race');
    assert.equal(claim!.status, 'done');
    assert.equal(winner.status === 'created' && winner.caseFile.caseFileId, claim!.caseFileId);
    const stored = (await caseFiles.listSummaries(org.organisationId)).filter((s) => s.name.startsWith('Transfer cf-race'));
    assert.equal(stored.length, 1);
  });

  it('lets the same save be retried without writing anything twice', async () => {
    const a = activity('A-retry', ['2025-10-14']);
    const cf = built(a, 'cf-retry', 'CF-RETRY');
    assert.equal((await insert(cf, a)).status, 'created');
    const again = await insert(built(a, 'cf-retry', 'CF-RETRY-OTHER'), a);
    assert.equal(again.status, 'created');
    assert.equal(again.status === 'created' && again.caseFile.caseId, 'CF-RETRY', 'the stored case file, not a second one');
    assert.equal(await caseFiles.findByCaseId(org.organisationId, 'CF-RETRY-OTHER'), undefined);
  });

  it('gives the claim back when the case file cannot be written, so the activity can be transferred later', async () => {
    const a = activity('A-fail', ['2025-10-14']);
    const blocker = built(activity('A-other', ['2025-10-14']), 'cf-blocker', 'CF-TAKEN');
    assert.ok((await caseFiles.insert(blocker)).ok);
    const clash = await insert(built(a, 'cf-clash', 'CF-TAKEN'), a);
    assert.equal(clash.status, 'failed');
    assert.equal(await ledger.find(org.organisationId, 'A-fail'), undefined);
    assert.equal((await insert(built(a, 'cf-fine', 'CF-FINE'), a)).status, 'created');
  });

  it('takes over a claim abandoned by a crash, but not one still in progress', async () => {
    const a = activity('A-crash', ['2025-10-14']);
    const claim = {
      organisationId: org.organisationId,
      activityId: 'A-crash',
      activityName: a.name,
      caseFileId: 'cf-never-written',
      claimedAt: now.toISO()!,
      claimedBy: { userId: 'bob', name: 'Bob' },
      status: 'pending' as const,
    };
    assert.ok(await ledger.claim(claim));
    const soon = await insert(built(a, 'cf-soon', 'CF-SOON'), a, 'Alice', now.plus({ seconds: 30 }));
    assert.equal(soon.status, 'alreadyTransferred');
    const later = await insert(built(a, 'cf-later', 'CF-LATER'), a, 'Alice', now.plus({ minutes: 10 }));
    assert.equal(later.status, 'created');
    assert.equal((await ledger.find(org.organisationId, 'A-crash'))!.caseFileId, 'cf-later');
  });

  it('keeps the unique key on the claims collection after a restart', async () => {
    const db = await driver.reopen();
    ledger = new ActivityTransferLedger(db);
    caseFiles = new CaseFileRepository(db);
    const claims = db.collection(ACTIVITY_TRANSFERS);
    const before = await claims.countDocuments({ organisationId: org.organisationId, activityId: 'A-retry' });
    assert.equal(before, 1);
    const dup = {
      organisationId: org.organisationId,
      activityId: 'A-retry',
      activityName: 'x',
      caseFileId: 'cf-dup',
      claimedAt: now.toISO()!,
      claimedBy: { userId: 'x', name: 'x' },
      status: 'pending' as const,
    };
    assert.equal(await ledger.claim(dup), false);
  });

  it('lists every transfer, newest first, with the case file it went into', async () => {
    const a = activity('A-history', ['2025-10-07']);
    assert.equal((await insert(built(a, 'cf-history', 'CF-HISTORY'), a)).status, 'created');
    const later = activity('A-history', ['2025-10-07', '2025-10-14']);
    const updated = await caseFiles.update(org.organisationId, 'cf-history', (cf) =>
      addNewActivitySessions(cf, later, matched, ctx('Bob', now.plus({ days: 1 }))),
    );
    assert.ok(updated.ok);
    const history = (await ledger.history(org.organisationId)).filter((h) => h.activityId === 'A-history');
    assert.deepEqual(
      history.map((h) => [h.by.name, h.sessionsAdded, h.caseFileName, h.caseId]),
      [
        ['Bob', 1, 'Transfer cf-history', 'CF-HISTORY'],
        ['Alice', 1, 'Transfer cf-history', 'CF-HISTORY'],
      ],
    );
  });
});
