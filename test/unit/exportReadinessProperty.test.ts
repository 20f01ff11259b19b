/**
 * Readiness and export share one rule set: for case files built through the domain operations the flows use
 * (so only what the domain accepts), a case file readiness calls ready goes into a file the bundled schema
 * accepts, and one it does not call ready is left out, never sent.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { CaseFile } from '../../src/domain/caseFile';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, updateSessionDetails } from '../../src/domain/caseFileOperations';
import type { Client } from '../../src/domain/client';
import { recordCommunityScore } from '../../src/domain/communityScore';
import { reportingPeriodById } from '../../src/domain/periods';
import { checkReadiness } from '../../src/domain/readiness';
import type { Referral } from '../../src/domain/session';
import { dexSchemaInUse } from '../../src/export/dexSchema';
import { exportPeriod } from '../../src/export/exportPeriod';
import { ExportLedger } from '../../src/storage/exportLedger';
import { ACTOR, completeClient, ctx, embeddedStore, memorySink, NOW, ORG_ID, organisation, referenceData, type ExportStore } from '../support/exportFixtures';

const NAMES = ['Alice', "O'Brien", 'Zoë', 'Mary-Anne', 'Lee & Co', 'Te <Rangi>', 'van der Berg', 'Nguyễn', '  Ana  '];
const ADDRESSES = [
  { suburb: 'Darwin', state: 'NT', postcode: '0800' },
  { suburb: 'Parramatta', state: 'NSW', postcode: '2150' },
  { suburb: 'Canberra', state: 'ACT', postcode: '2600' },
  { suburb: 'Fitzroy', state: 'VIC', postcode: '3065' },
] as const;

/** A client with every DEX detail, or with some left unanswered (as records made before they were asked have). */
const clientArb = (index: number) =>
  fc
    .record({
      given: fc.constantFrom(...NAMES),
      family: fc.constantFrom(...NAMES),
      consent: fc.boolean(),
      future: fc.boolean(),
      address: fc.constantFrom(...ADDRESSES),
      disabilities: fc.constantFrom<[boolean, string[] | undefined]>(
        [false, undefined],
        [true, ['PHYSICAL']],
        [true, ['NOTSTATED']],
        [true, ['LEARNING', 'SENSORY']],
      ),
      drop: fc.subarray(['countryOfBirthCode', 'isUsingPseudonym', 'residentialAddress', 'hasDisabilities', 'consentToProvideDetails'] as const, {
        maxLength: 2,
      }),
      complete: fc.boolean(),
    })
    .map((r): Client => {
      const c = completeClient(`CL-P${String(index).padStart(7, '0')}`, r.given, r.family, {
        birthDate: `1950-01-${String((index % 28) + 1).padStart(2, '0')}`,
        consentToProvideDetails: r.consent,
        consentedForFutureContacts: r.future,
        residentialAddress: { ...r.address },
        hasDisabilities: r.disabilities[0],
        ...(r.disabilities[1] ? { disabilityCodes: r.disabilities[1] } : {}),
      });
      if (!r.complete) for (const field of r.drop) delete (c as Partial<Client>)[field];
      return c;
    });

const referralArb: fc.Arbitrary<Referral> = fc.record({
  typeCode: fc.constantFrom('INTERNAL', 'EXTERNAL'),
  purposeCodes: fc.subarray(['COMMUNITY', 'MONEY', 'HOUSING', 'MENTAL'], { minLength: 1 }),
});

const sessionArb = fc.record({
  // Days from 1 December 2025 (closed period) to 10 April 2026 (after "now", 20 March 2026).
  day: fc.integer({ min: 0, max: 130 }),
  unidentified: fc.constantFrom(0, 1, 5, 999),
  serviceTypeId: fc.constantFrom<number | undefined>(undefined, 352, 137, 3),
  interpreter: fc.option(fc.boolean(), { nil: undefined }),
  participants: fc.array(fc.record({ pick: fc.nat(5), support: fc.boolean(), referrals: fc.array(referralArb, { maxLength: 2 }) }), { maxLength: 4 }),
  score: fc.option(
    fc.record({
      single: fc.boolean(),
      ratings: fc
        .subarray(['GROUPSKILLS', 'ORGSKILLS', 'GROUPNETWORKS'], { minLength: 1 })
        .chain((domains) =>
          fc.tuple(...domains.map((d) => fc.record({ domainCode: fc.constant(d), pre: fc.integer({ min: 1, max: 5 }), post: fc.integer({ min: 1, max: 5 }) }))),
        ),
    }),
    { nil: undefined },
  ),
});

const caseFileArb = (n: number) =>
  fc.record({
    clients: fc.tuple(clientArb(n * 10), clientArb(n * 10 + 1), clientArb(n * 10 + 2)).chain((all) => fc.subarray(all, { minLength: 1 })),
    unidentified: fc.constantFrom(0, 3, 999),
    sessions: fc.array(sessionArb, { minLength: 1, maxLength: 4 }),
  });

/** Applies a step the domain accepts; a step it refuses is simply not taken, as a flow would re-ask. */
function step(cf: CaseFile, change: (cf: CaseFile) => { ok: true; value: CaseFile } | { ok: false }): CaseFile {
  const r = change(cf);
  return r.ok ? r.value : cf;
}

type CaseFileSpec = ReturnType<typeof caseFileArb> extends fc.Arbitrary<infer T> ? T : never;

function build(n: number, spec: CaseFileSpec): { cf: CaseFile; clients: Client[] } {
  const c = ctx();
  const created = createCaseFile(
    organisation,
    {
      organisationId: ORG_ID,
      caseFileId: `cf-${n}`,
      caseId: `CF-PROP-${n}`,
      name: `Group ${n}`,
      overview: '',
      outletActivityId: 10421,
      clientAttendanceProfileCode: 'PSGROUP',
      totalUnidentifiedClients: spec.unidentified,
    },
    c,
  );
  assert.ok(created.ok);
  let cf = created.value;
  cf = step(cf, (x) =>
    addCaseClients(
      x,
      spec.clients.map((p) => ({
        clientId: p.clientId,
        givenName: p.givenName,
        familyName: p.familyName,
        referralSourceCode: 'SELF',
        reasons: [{ code: 'COMMUNITY', isPrimary: true }],
      })),
      c,
    ),
  );
  const start = DateTime.fromISO('2025-12-01T10:00', { zone: organisation.timeZone });
  for (const s of spec.sessions) {
    const before = new Set(cf.sessions.map((x) => x.sessionId));
    cf = step(cf, (x) => addSessions(x, [{ startsAt: start.plus({ days: s.day }), durationMinutes: 60, unidentifiedParticipants: s.unidentified }], c));
    const added = cf.sessions.find((x) => !before.has(x.sessionId));
    if (!added) continue;
    const people = [...new Map(s.participants.map((p) => [spec.clients[p.pick % spec.clients.length]!.clientId, p])).entries()];
    cf = step(cf, (x) =>
      assignParticipants(
        x,
        added.sessionId,
        {
          added: people.map(([clientId, p]) => ({
            clientId,
            participationCode: p.support ? ('SUPPORT' as const) : ('CLIENT' as const),
            referrals: p.referrals,
          })),
          removed: [],
          changed: [],
        },
        c,
      ),
    );
    if (s.serviceTypeId !== undefined || s.interpreter !== undefined) {
      cf = step(cf, (x) =>
        updateSessionDetails(
          x,
          organisation,
          added.sessionId,
          {
            ...(s.serviceTypeId !== undefined ? { serviceTypeId: s.serviceTypeId } : {}),
            ...(s.interpreter !== undefined ? { interpreterPresent: s.interpreter } : {}),
          },
          c,
        ),
      );
    }
    if (s.score) {
      const ratings = s.score.ratings.map((r) => (s.score!.single ? { domainCode: r.domainCode, post: r.post } : r));
      cf = step(cf, (x) =>
        recordCommunityScore(x, added.sessionId, { ratings, singleRating: s.score!.single, assessedByCode: 'SDPRACTITIONER' }, c, referenceData),
      );
    }
  }
  return { cf, clients: spec.clients };
}

describe('readiness and export agree (property)', function () {
  this.timeout(10 * 60_000);
  let s: ExportStore;
  const schema = dexSchemaInUse({});
  const period = reportingPeriodById('2026-H1', organisation.timeZone)!;

  before(async () => {
    s = await embeddedStore();
  });
  after(() => s.close());

  it('ready ⇒ exported in a file the bundled schema accepts; not ready ⇒ left out', async () => {
    let readySeen = 0;
    let notReadySeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.tuple(caseFileArb(1), caseFileArb(2), caseFileArb(3)), async (specs) => {
        for (const name of ['caseFiles', 'caseFileListings', 'clients', 'dexExports', 'dexExportMarks']) await s.db.collection(name).deleteMany({});
        const built = specs.map((spec, i) => build(i + 1, spec));
        for (const { cf, clients } of built) {
          for (const client of clients) assert.ok(await s.clients.insert(client));
          assert.ok((await s.caseFiles.insert(cf)).ok);
        }
        const sink = memorySink();
        const summary = await exportPeriod(
          { organisation, periodId: period.id, actor: ACTOR, now: NOW },
          { caseFiles: s.caseFiles, clients: s.clients, ledger: new ExportLedger(s.db), referenceData, schema, sink },
        );
        assert.deepEqual(
          summary.problems.map((p) => p.message),
          [],
          'a file failed the schema',
        );
        const exported = new Set(summary.files.flatMap((f) => f.caseFileIds));
        const leftOut = new Set(summary.leftOut.map((l) => l.caseFileId));
        for (const { cf, clients } of built) {
          const byId = new Map(clients.map((c) => [c.clientId, c]));
          const readiness = checkReadiness(cf, {
            organisation,
            referenceData,
            clientsById: byId,
            clientRecords: byId,
            sameSlk: await s.clients.othersWithSameSlk(ORG_ID, clients),
            now: NOW,
            periods: [period],
          });
          const inPeriod =
            readiness.sessionsChecked > 0 &&
            cf.sessions.some(
              (x) => reportingPeriodById('2026-H1')!.start.toMillis() <= Date.parse(x.startsAt) && Date.parse(x.startsAt) < period.end.toMillis(),
            );
          if (!inPeriod) continue;
          if (readiness.errors.length === 0) {
            readySeen += 1;
            assert.ok(exported.has(cf.caseFileId), `ready case file ${cf.caseFileId} was not exported`);
          } else {
            notReadySeen += 1;
            assert.ok(leftOut.has(cf.caseFileId) && !exported.has(cf.caseFileId), `not-ready case file ${cf.caseFileId} was not left out`);
          }
        }
      }),
      {
        numRuns: Number(process.env.DEX_PROPERTY_RUNS ?? 25),
        endOnFailure: true,
        seed: process.env.DEX_PROPERTY_SEED ? Number(process.env.DEX_PROPERTY_SEED) : undefined,
      },
    );
    // The generators must reach both sides, or the property says nothing.
    assert.ok(readySeen > 0 && notReadySeen > 0, `ready ${readySeen}, not ready ${notReadySeen}`);
  });
});
