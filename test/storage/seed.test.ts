import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { loadConfig } from '../../src/config/env';
import { parseOrganisations } from '../../src/config/organisations';
import { silentLogger } from '../../src/logger';
import { missingClientDetails } from '../../src/domain/clientDetails';
import { DEMO_ACTIVITY_ID, demoClients } from '../../src/seed/demoData';
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
    assert.deepEqual(first, {
      organisationId: 'harbourside-community',
      clientsAdded: 12,
      clientsCompleted: 0,
      clientsTotal: 12,
      caseFileAdded: true,
      readyCaseFileAdded: true,
      activity: 'created',
    });
    const again = await seedDemoData(services);
    assert.deepEqual(again, { ...first, clientsAdded: 0, caseFileAdded: false, readyCaseFileAdded: false, activity: 'unchanged' });

    const org = first.organisationId;
    assert.equal((await services.clients.listForSearch(org)).length, 12);
    const summary = (await services.caseFiles.listSummaries(org)).find((s) => s.caseFileId === 'demo-case-file-seniors');
    const cf = await services.caseFiles.get(org, summary!.caseFileId);
    assert.equal(cf!.sessions.length, 3);
    assert.ok(cf!.sessions.every((s) => s.participants.length === 4));
    const activity = await services.activities.get(org, DEMO_ACTIVITY_ID);
    assert.equal(activity!.sessions.length, 8);
    assert.ok(
      activity!.sessions.some((s) => s.roll.some((r) => !r.attended)),
      'the roll has absentees, so a transfer has something to leave out',
    );
  });

  it('gives every demo client the details DEX requires except Joan, who keeps typical gaps, also in a store seeded by the previous release', async () => {
    const services = await createServices(loadConfig({}), silentLogger, {
      db: driver.db,
      clock: () => DateTime.fromISO('2025-10-20T10:00:00', { zone: 'Australia/Sydney' }),
      organisations: parseOrganisations(sampleOrganisations(), 'sample'),
    });
    const org = services.organisations.organisations[0]!;
    const ctx = { actor: { userId: 'seed', name: 'Demo data' }, now: services.clock(), zone: org.timeZone };
    // The suite shares one database: start from an empty client list, then store what the previous release
    // seeded: names, birth dates, sex and the two consents, nothing else.
    await driver.db.collection('clients').deleteMany({});
    for (const c of demoClients(org, ctx)) {
      await services.clients.insert({
        organisationId: c.organisationId,
        clientId: c.clientId,
        givenName: c.givenName,
        familyName: c.familyName,
        birthDate: c.birthDate,
        birthDateEstimated: c.birthDateEstimated,
        gender: c.gender,
        slk: c.slk,
        consentToProvideDetails: true,
        consentedForFutureContacts: false,
        createdAt: c.createdAt,
        createdBy: c.createdBy,
      });
    }
    const report = await seedDemoData(services);
    assert.equal(report.clientsAdded, 0);
    assert.equal(report.clientsCompleted, 12);
    const stored = await services.clients.getMany(
      org.organisationId,
      demoClients(org, ctx).map((c) => c.clientId),
    );
    assert.equal(stored.length, 12);
    for (const c of stored) {
      const missing = missingClientDetails(c);
      if (c.givenName === 'Joan') assert.deepEqual(missing, ['countryOfBirthCode', 'languageSpokenAtHomeCode', 'residentialAddress']);
      else assert.deepEqual(missing, [], `${c.givenName} ${c.familyName}`);
      assert.equal(c.consentedForFutureContacts, false, 'a value recorded earlier is kept');
    }
    assert.deepEqual(stored.map((c) => c.givenName).sort(), [
      'Alex',
      'Aroha',
      'Beryl',
      'Doug',
      'Fatima',
      'Giuseppe',
      'Harold',
      'Joan',
      'Margaret',
      'Priya',
      'Stan',
      'Wei',
    ]);
    assert.equal((await seedDemoData(services)).clientsCompleted, 0, 'a second run changes nothing');
  });
});
