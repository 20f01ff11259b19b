import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { ChangeContext } from '../../src/domain/caseFileOperations';
import { missingClientDetails } from '../../src/domain/clientDetails';
import { demoClients } from '../../src/seed/demoData';
import { ClientRepository } from '../../src/storage/clientRepository';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx: ChangeContext = { actor: { userId: 'setup', name: 'Setup' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };

describeOnEachDriver('errors of client records, for the "what is due" list', (driver) => {
  let repo: ClientRepository;
  const clients = demoClients(org, ctx);
  before(async () => {
    repo = new ClientRepository(driver.db);
    await repo.ensureIndexes();
    for (const c of clients) assert.ok(await repo.insert(c));
  });

  it('counts each asked-for client’s missing DEX details, and leaves out clients without errors and clients not asked for', async () => {
    const expected = new Map(clients.map((c) => [c.clientId, missingClientDetails(c).length] as const).filter(([, n]) => n > 0));
    assert.ok(expected.size > 0 && expected.size < clients.length, 'the demo clients include both kinds');
    assert.deepEqual(
      await repo.recordErrorCounts(
        org.organisationId,
        clients.map((c) => c.clientId),
      ),
      expected,
    );
    const [someone] = [...expected.keys()];
    assert.deepEqual(await repo.recordErrorCounts(org.organisationId, [someone!]), new Map([[someone!, expected.get(someone!)]]));
    assert.deepEqual(await repo.recordErrorCounts(org.organisationId, []), new Map());
  });

  it('adds one error for each other client sharing the SLK, and none once the other is merged away', async () => {
    const complete = clients.find((c) => missingClientDetails(c).length === 0)!;
    assert.ok(await repo.insert({ ...complete, clientId: 'CL-TWIN-1' }));
    assert.deepEqual(await repo.recordErrorCounts(org.organisationId, [complete.clientId]), new Map([[complete.clientId, 1]]));
    await repo.markMerged(org.organisationId, 'CL-TWIN-1', complete.clientId, { now: ctx.now.toISO()!, actor: ctx.actor });
    assert.deepEqual(await repo.recordErrorCounts(org.organisationId, [complete.clientId]), new Map());
  });
});
