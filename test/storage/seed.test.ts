import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { loadConfig } from '../../src/config/env';
import { parseOrganisations } from '../../src/config/organisations';
import { silentLogger } from '../../src/logger';
import { DEMO_ACTIVITY_ID } from '../../src/seed/demoData';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { createServices } from '../../src/services';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

describeOnEachDriver('demo data seeding', (driver) => {
  it('loads one organisation, a dozen clients, a case file with sessions and an activity with its roll, once', async () => {
    const services = await createServices(loadConfig({}), silentLogger, {
      db: driver.db,
      clock: () => DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' }),
      organisations: parseOrganisations(sampleOrganisations(), 'sample'),
    });
    const first = await seedDemoData(services);
    assert.deepEqual(first, { organisationId: 'harbourside-community', clientsAdded: 12, clientsTotal: 12, caseFileAdded: true, activity: 'created' });
    const again = await seedDemoData(services);
    assert.deepEqual(again, { ...first, clientsAdded: 0, caseFileAdded: false, activity: 'unchanged' });

    const org = first.organisationId;
    assert.equal((await services.clients.listForSearch(org)).length, 12);
    const [summary] = await services.caseFiles.listSummaries(org);
    const cf = await services.caseFiles.get(org, summary!.caseFileId);
    assert.equal(cf!.sessions.length, 3);
    assert.ok(cf!.sessions.every((s) => s.participants.length === 4));
    const activity = await services.activities.get(org, DEMO_ACTIVITY_ID);
    assert.equal(activity!.sessions.length, 8);
    assert.ok(activity!.sessions.some((s) => s.roll.some((r) => !r.attended)), 'the roll has absentees, so a transfer has something to leave out');
  });
});
