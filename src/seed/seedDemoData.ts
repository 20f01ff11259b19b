import type { Services } from '../services';
import type { Client } from '../domain/client';
import { CLIENT_DETAIL_FIELDS_ALL, type ClientDetailsChange } from '../domain/clientDetails';
import type { Actor } from '../domain/common';
import { demoActivity, demoCaseFile, demoClients } from './demoData';
import { demoReadyCaseFile } from './demoReadyCaseFile';

/** Sets the demo details a stored demo client lacks; details someone recorded since are left alone. */
async function completeDemoClient(services: Services, demo: Client, now: string, actor: Actor): Promise<boolean> {
  const stored = await services.clients.get(demo.organisationId, demo.clientId);
  if (!stored || stored.slk !== demo.slk) return false;
  const set: Partial<Client> = {};
  for (const field of CLIENT_DETAIL_FIELDS_ALL) {
    if (stored[field] === undefined && demo[field] !== undefined) (set as ClientDetailsChange)[field] = demo[field] as never;
  }
  if (stored.hasDisabilities !== undefined) delete set.disabilityCodes;
  if (Object.keys(set).length === 0) return false;
  return services.clients.setDetails(demo.organisationId, demo.clientId, { ...set, updatedAt: now, updatedBy: actor }, [], { updatedAt: stored.updatedAt });
}

export type SeedReport = {
  organisationId: string;
  clientsAdded: number;
  clientsCompleted: number;
  clientsTotal: number;
  caseFileAdded: boolean;
  readyCaseFileAdded: boolean;
  activity: 'created' | 'updated' | 'unchanged';
};

/** Loads the demo organisation's clients, case file and activity; running it again adds nothing twice. */
export async function seedDemoData(services: Services): Promise<SeedReport> {
  const org = services.organisations.organisations[0]!;
  const now = services.clock().setZone(org.timeZone);
  const ctx = { actor: { userId: 'seed', name: 'Demo data' }, now, zone: org.timeZone };
  const clients = demoClients(org, ctx);
  let clientsAdded = 0;
  let clientsCompleted = 0;
  for (const c of clients) {
    if (await services.clients.insert(c)) {
      clientsAdded++;
      continue;
    }
    // Seeded by an earlier release, before DEX details were asked: fill in only what is still missing.
    if (await completeDemoClient(services, c, ctx.now.toISO()!, ctx.actor)) clientsCompleted++;
  }
  const caseFile = demoCaseFile(org, clients, ctx);
  const caseFileAdded = (await services.caseFiles.get(org.organisationId, caseFile.caseFileId)) ? false : (await services.caseFiles.insert(caseFile)).ok;
  const ready = demoReadyCaseFile(org, clients, ctx, services.referenceData);
  const readyCaseFileAdded = (await services.caseFiles.get(org.organisationId, ready.caseFileId)) ? false : (await services.caseFiles.insert(ready)).ok;
  const activity = await services.activities.upsert(demoActivity(org, clients, now));
  return { organisationId: org.organisationId, clientsAdded, clientsCompleted, clientsTotal: clients.length, caseFileAdded, readyCaseFileAdded, activity };
}
