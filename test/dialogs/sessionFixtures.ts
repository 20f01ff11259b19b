import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Activity } from 'botbuilder';
import { addCaseClients, addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import type { CaseFile } from '../../src/domain/caseFile';
import { computeSlk } from '../../src/domain/slk';
import type { Outcome } from '../../src/domain/outcome';
import { cardsOf, type Harness } from '../support/botHarness';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

export const ORG = 'harbourside-community';

export type SeedPerson = { clientId: string; givenName: string; familyName: string; birthDate: string };
export type SeedSession = { sessionId: string; startsAt: string; durationMinutes?: number };

function value<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}

/** A case file with clients and sessions already in the store, written through the domain as the flows would. */
export async function seedCaseFile(
  harness: Harness,
  spec: { name: string; caseId?: string; people?: SeedPerson[]; sessions?: SeedSession[] },
): Promise<CaseFile> {
  const services = harness.services;
  const org = services.organisations.byTenant(SAMPLE_TENANT)!;
  const ctx: ChangeContext = { actor: { userId: 'seed', name: 'Seed Data' }, now: services.clock().setZone(org.timeZone), zone: org.timeZone };
  const caseFileId = randomUUID();
  const created = value(
    createCaseFile(
      org,
      { organisationId: ORG, caseFileId, caseId: spec.caseId ?? `CF-${caseFileId.slice(0, 8)}`, name: spec.name, overview: '', outletActivityId: 10421, totalUnidentifiedClients: 0 },
      ctx,
    ),
  );
  value(await services.caseFiles.insert(created));
  const people = spec.people ?? [];
  for (const p of people) {
    const inserted = await services.clients.insert({
      organisationId: ORG,
      ...p,
      birthDateEstimated: false,
      gender: 'FEMALE',
      slk: computeSlk({ familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, sex: 'FEMALE' }),
      consentToProvideDetails: true,
      consentedForFutureContacts: false,
      createdAt: ctx.now.toISO()!,
      createdBy: ctx.actor,
    });
    assert.ok(inserted || (await services.clients.get(ORG, p.clientId)));
  }
  if (people.length) {
    value(await services.caseFiles.update(ORG, caseFileId, (cf) => addCaseClients(cf, people.map((p) => ({ ...p, reasons: [] })), ctx)));
  }
  const sessions = spec.sessions ?? [];
  if (sessions.length) {
    value(
      await services.caseFiles.update(ORG, caseFileId, (cf) =>
        addSessions(
          cf,
          sessions.map((s) => ({ sessionId: s.sessionId, startsAt: DateTime.fromISO(s.startsAt, { zone: org.timeZone }), durationMinutes: s.durationMinutes ?? 60, unidentifiedParticipants: 0 })),
          ctx,
        ),
      ),
    );
  }
  return (await services.caseFiles.get(ORG, caseFileId))!;
}

/** The data of a button on the last replies' cards, to re-send a submit exactly as Teams would on a retry. */
export function buttonData(replies: Partial<Activity>[], title: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit' && o.title === title) found.push(o.data as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(replies.flatMap(cardsOf));
  assert.ok(found.length, `no "${title}" button`);
  return found[found.length - 1]!;
}

export const ALICE: SeedPerson = { clientId: 'CL-ALICE001', givenName: 'Alice', familyName: 'Nguyen', birthDate: '1951-07-03' };
export const SAM: SeedPerson = { clientId: 'CL-SAM00002', givenName: 'Sam', familyName: 'Okafor', birthDate: '1948-02-11' };
export const ROSA: SeedPerson = { clientId: 'CL-ROSA0003', givenName: 'Rosa', familyName: 'Bianchi', birthDate: '1956-12-30' };
