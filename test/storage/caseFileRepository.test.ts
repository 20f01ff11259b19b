import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import { addCaseClients, addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import type { CaseFile } from '../../src/domain/caseFile';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx = (name: string): ChangeContext => ({ actor: { userId: name, name }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone });

function newCaseFile(caseFileId: string, caseId: string, outletActivityId = 10421): CaseFile {
  const created = createCaseFile(
    org,
    { organisationId: org.organisationId, caseFileId, caseId, name: `Group ${caseId}`, overview: '', outletActivityId, totalUnidentifiedClients: 0 },
    ctx('Setup'),
  );
  assert.ok(created.ok);
  return created.value;
}

describeOnEachDriver('case file repository', (driver) => {
  let repo: CaseFileRepository;
  before(async () => {
    repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
  });

  it('refuses a second case file with the same DEX case id in one organisation', async () => {
    assert.ok((await repo.insert(newCaseFile('cf-a', 'CF-1'))).ok);
    const again = await repo.insert(newCaseFile('cf-b', 'CF-1'));
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.problems[0]!.message : '', /already used/);
  });

  it('keeps both changes when two staff update one case file at the same time', async () => {
    await repo.insert(newCaseFile('cf-concurrent', 'CF-2'));
    const writers = Array.from({ length: 6 }, (_, i) =>
      repo.update(org.organisationId, 'cf-concurrent', (cf) =>
        addSessions(
          cf,
          [{ startsAt: DateTime.fromISO(`2025-10-${10 + i}T10:00:00`, { zone }), durationMinutes: 60, unidentifiedParticipants: i }],
          ctx(`writer-${i}`),
        ),
      ),
    );
    const results = await Promise.all(writers);
    assert.ok(results.every((r) => r.ok));
    const stored = await repo.get(org.organisationId, 'cf-concurrent');
    assert.equal(stored!.sessions.length, 6, 'no session was lost to a concurrent write');
    assert.equal(stored!.version, 7);
    assert.equal(stored!.audit.filter((a) => a.action === 'sessions.added').length, 6);
  });

  it('returns the domain problem and writes nothing when a change breaks a rule', async () => {
    await repo.insert(newCaseFile('cf-rule', 'CF-3'));
    const result = await repo.update(org.organisationId, 'cf-rule', (cf) =>
      addCaseClients(cf, [{ clientId: 'CL-1', givenName: 'Ann', familyName: 'Lee', reasons: [{ code: 'MONEY', isPrimary: false }] }], ctx('x')),
    );
    assert.equal(result.ok, false);
    const stored = await repo.get(org.organisationId, 'cf-rule');
    assert.equal(stored!.version, 1);
    assert.equal(stored!.clients.length, 0);
  });

  it('hands out an organisation’s case files a page at a time, those of the activities asked for only', async () => {
    const repo2 = new CaseFileRepository(driver.db);
    const other = { ...org, organisationId: 'paged-org' };
    for (let i = 0; i < 7; i++) {
      const cf = { ...newCaseFile(`cf-page-${i}`, `CF-P${i}`, i < 5 ? 10421 : 10587), organisationId: other.organisationId };
      assert.ok((await repo2.insert(cf)).ok);
    }
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of repo2.pages(other.organisationId, 3)) {
      sizes.push(page.length);
      ids.push(...page.map((cf) => cf.caseFileId));
    }
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.deepEqual(
      ids.sort(),
      Array.from({ length: 7 }, (_, i) => `cf-page-${i}`),
    );
    const second: string[] = [];
    for await (const page of repo2.pages(other.organisationId, 3, [10587])) second.push(...page.map((cf) => cf.caseFileId));
    assert.deepEqual(second.sort(), ['cf-page-5', 'cf-page-6']);
  });

  it('scopes reads by organisation', async () => {
    assert.equal(await repo.get('another-org', 'cf-a'), undefined);
    assert.deepEqual(await repo.listSummaries('another-org'), []);
  });
});

describeOnEachDriver('case file repository retries', (driver) => {
  it('applies a change retried under the same operation id only once', async () => {
    const repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
    await repo.insert(newCaseFile('cf-retry', 'CF-9'));
    const add = (cf: CaseFile) =>
      addSessions(cf, [{ startsAt: DateTime.fromISO('2025-10-14T10:00:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx('a'));
    assert.ok((await repo.update(org.organisationId, 'cf-retry', add, 'run-1:0')).ok);
    assert.ok((await repo.update(org.organisationId, 'cf-retry', add, 'run-1:0')).ok);
    assert.equal((await repo.get(org.organisationId, 'cf-retry'))!.sessions.length, 1);
    assert.ok((await repo.update(org.organisationId, 'cf-retry', add, 'run-1:1')).ok);
    assert.equal((await repo.get(org.organisationId, 'cf-retry'))!.sessions.length, 2);
  });
});

describeOnEachDriver('case file listings', (driver) => {
  it('lists every case file from its listing, newest version, and repairs a listing lost to a crash', async () => {
    const repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
    await repo.insert(newCaseFile('cf-l1', 'CF-L1'));
    await repo.insert(newCaseFile('cf-l2', 'CF-L2'));
    await repo.update(org.organisationId, 'cf-l1', (cf) => ({ ok: true, value: { ...cf, name: 'Renamed group' } }));
    const names = (await repo.listSummaries(org.organisationId)).map((s) => s.name).sort();
    assert.deepEqual(names, ['Group CF-L2', 'Renamed group']);

    await driver.db.collection('caseFileListings').deleteOne({ organisationId: org.organisationId, caseFileId: 'cf-l2' });
    assert.equal((await repo.listSummaries(org.organisationId)).length, 1);
    assert.equal(await repo.repairListings(org.organisationId), 1);
    assert.equal(await repo.repairListings(org.organisationId), 0);
    assert.equal((await repo.listSummaries(org.organisationId)).length, 2);
  });
});

describeOnEachDriver('case file copies kept per process', (driver) => {
  it('returns the latest version after a change made through another repository (another bot instance)', async () => {
    const mine = new CaseFileRepository(driver.db);
    const theirs = new CaseFileRepository(driver.db);
    await mine.ensureIndexes();
    await mine.insert(newCaseFile('cf-c1', 'CF-C1'));
    assert.equal((await mine.get(org.organisationId, 'cf-c1'))!.version, 1);
    await theirs.update(org.organisationId, 'cf-c1', (cf) => ({ ok: true, value: { ...cf, name: 'Changed elsewhere' } }));
    const seen = await mine.get(org.organisationId, 'cf-c1');
    assert.equal(seen!.version, 2);
    assert.equal(seen!.name, 'Changed elsewhere');
  });

  it('hands out copies, so a caller changing what it got does not change what others get', async () => {
    const repo = new CaseFileRepository(driver.db);
    await repo.ensureIndexes();
    await repo.insert(newCaseFile('cf-c2', 'CF-C2'));
    const first = await repo.get(org.organisationId, 'cf-c2');
    first!.name = 'Scribbled on';
    assert.equal((await repo.get(org.organisationId, 'cf-c2'))!.name, 'Group CF-C2');
  });
});
