import type { Services } from '../services';
import { demoActivity, demoCaseFile, demoClients } from './demoData';

export type SeedReport = { organisationId: string; clientsAdded: number; clientsTotal: number; caseFileAdded: boolean; activity: 'created' | 'updated' | 'unchanged' };

/** Loads the demo organisation's clients, case file and activity; running it again adds nothing twice. */
export async function seedDemoData(services: Services): Promise<SeedReport> {
  const org = services.organisations.organisations[0]!;
  const now = services.clock().setZone(org.timeZone);
  const ctx = { actor: { userId: 'seed', name: 'Demo data' }, now, zone: org.timeZone };
  const clients = demoClients(org, ctx);
  let clientsAdded = 0;
  for (const c of clients) if (await services.clients.insert(c)) clientsAdded++;
  const caseFile = demoCaseFile(org, clients, ctx);
  const caseFileAdded = (await services.caseFiles.get(org.organisationId, caseFile.caseFileId)) ? false : (await services.caseFiles.insert(caseFile)).ok;
  const activity = await services.activities.upsert(demoActivity(org, clients, now));
  return { organisationId: org.organisationId, clientsAdded, clientsTotal: clients.length, caseFileAdded, activity };
}
