import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import { addCaseClients, addSessions, createCaseFile, type ChangeContext } from '../../src/domain/caseFileOperations';
import type { Client, Gender } from '../../src/domain/client';
import type { Actor } from '../../src/domain/common';
import type { Outcome } from '../../src/domain/outcome';
import { computeSlk } from '../../src/domain/slk';
import type { Harness } from './botHarness';

/** The organisation of the committed sample, which the harness's default user belongs to. */
export const ORG = 'harbourside-community';

/** The result of a domain operation that set-up relies on: a broken rule fails the test with its messages. */
export function value<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}

const SEED_ACTOR: Actor = { userId: 'seed', name: 'Seed Data' };

/** Who wrote the seeded data, and when: the harness's clock in the organisation's time zone. */
export function seedContext(harness: Harness, actor: Actor = SEED_ACTOR, organisationId = ORG): ChangeContext {
  const org = harness.services.organisations.byId(organisationId)!;
  return { actor, now: harness.services.clock().setZone(org.timeZone), zone: org.timeZone };
}

/** A person for the client list; without a gender they are recorded as female, which only shows in the SLK. */
export type SeedPerson = { clientId: string; givenName: string; familyName: string; birthDate: string; gender?: Gender };
export type SeedSession = { sessionId: string; startsAt: string; durationMinutes?: number };

/** Every detail DEX requires beyond name, birth date and sex, as the add-clients flow records them. */
export const COMPLETE_DETAILS = {
  consentToProvideDetails: true,
  consentedForFutureContacts: false,
  isUsingPseudonym: false,
  countryOfBirthCode: '1101',
  languageSpokenAtHomeCode: '1201',
  aboriginalOrTorresStraitIslanderOriginCode: 'NO',
  hasDisabilities: false,
  residentialAddress: { suburb: 'Parramatta', state: 'NSW', postcode: '2150' },
} as const satisfies Partial<Client>;

/** The new-client details card filled in: what a user submits for the same answers. */
export const DETAILS_SUBMIT = {
  pseudonym: 'no',
  country: '1101',
  language: '1201',
  atsi: 'NO',
  hasDisability: 'no',
  suburb: 'Parramatta',
  state: 'NSW',
  postcode: '2150',
};

/** Puts people in an organisation's client list, with every DEX detail, as the add-clients flow creates them. */
export async function seedClients(harness: Harness, people: readonly SeedPerson[], ctx = seedContext(harness), organisationId = ORG): Promise<void> {
  for (const p of people) {
    const gender = p.gender ?? 'FEMALE';
    const client: Client = {
      organisationId,
      ...p,
      gender,
      birthDateEstimated: false,
      slk: computeSlk({ ...p, sex: gender }),
      ...COMPLETE_DETAILS,
      residentialAddress: { ...COMPLETE_DETAILS.residentialAddress },
      createdAt: ctx.now.toISO()!,
      createdBy: ctx.actor,
    };
    assert.ok(await harness.services.clients.insert(client));
  }
}

/**
 * A case file with clients and sessions already in the store, written through the domain as the flows would.
 * People not yet in the client list are put there first; one seeded earlier is put on the case file as they are.
 */
export async function seedCaseFile(
  harness: Harness,
  spec: { name: string; caseId?: string; people?: SeedPerson[]; sessions?: SeedSession[] },
): Promise<CaseFile> {
  const services = harness.services;
  const org = services.organisations.byId(ORG)!;
  const ctx = seedContext(harness);
  const caseFileId = randomUUID();
  const created = value(
    createCaseFile(
      org,
      {
        organisationId: ORG,
        caseFileId,
        caseId: spec.caseId ?? `CF-${caseFileId.slice(0, 8)}`,
        name: spec.name,
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    ),
  );
  value(await services.caseFiles.insert(created));
  const people = spec.people ?? [];
  for (const p of people) if (!(await services.clients.get(ORG, p.clientId))) await seedClients(harness, [p], ctx);
  if (people.length) {
    value(
      await services.caseFiles.update(ORG, caseFileId, (cf) =>
        addCaseClients(
          cf,
          people.map((p) => ({ ...p, reasons: [] })),
          ctx,
        ),
      ),
    );
  }
  const sessions = spec.sessions ?? [];
  if (sessions.length) {
    value(
      await services.caseFiles.update(ORG, caseFileId, (cf) =>
        addSessions(
          cf,
          sessions.map((s) => ({
            sessionId: s.sessionId,
            startsAt: DateTime.fromISO(s.startsAt, { zone: org.timeZone }),
            durationMinutes: s.durationMinutes ?? 60,
            unidentifiedParticipants: 0,
          })),
          ctx,
        ),
      ),
    );
  }
  return (await services.caseFiles.get(ORG, caseFileId))!;
}

export const ALICE: SeedPerson = { clientId: 'CL-ALICE001', givenName: 'Alice', familyName: 'Nguyen', birthDate: '1951-07-03' };
export const SAM: SeedPerson = { clientId: 'CL-SAM00002', givenName: 'Sam', familyName: 'Okafor', birthDate: '1948-02-11' };
export const ROSA: SeedPerson = { clientId: 'CL-ROSA0003', givenName: 'Rosa', familyName: 'Bianchi', birthDate: '1956-12-30' };
