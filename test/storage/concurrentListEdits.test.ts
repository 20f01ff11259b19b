import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseClient, CaseFile } from '../../src/domain/caseFile';
import {
  addCaseClients,
  addSessions,
  assignParticipants,
  CASE_CLIENTS,
  changeCaseClients,
  createCaseFile,
  PARTICIPANTS,
  type ChangeContext,
} from '../../src/domain/caseFileOperations';
import { recordCommunityScore } from '../../src/domain/communityScore';
import { additions, diffList, LIST_CONFLICT } from '../../src/domain/listChange';
import type { Outcome } from '../../src/domain/outcome';
import { loadReferenceData } from '../../src/config/referenceDataFiles';
import type { Participant } from '../../src/domain/session';
import { CaseFileRepository } from '../../src/storage/caseFileRepository';
import { describeOnEachDriver } from '../support/ferretdb';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const ORG = org.organisationId;
const zone = 'Australia/Sydney';
const reference = loadReferenceData();
const USERS = 10;
const PAIRS = USERS / 2;
const SHARED = ['S0', 'S1', 'S2'];

const ctx = (name: string): ChangeContext => ({ actor: { userId: name, name }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone });
const at = (iso: string) => DateTime.fromISO(iso, { zone });
const client = (id: string): { clientId: string; givenName: string; familyName: string; reasons: [] } => ({
  clientId: id,
  givenName: 'Given',
  familyName: id,
  reasons: [],
});
const participant = (clientId: string, participationCode: 'CLIENT' | 'SUPPORT' = 'CLIENT'): Participant => ({ clientId, participationCode, referrals: [] });

/** Small seeded generator, so a failing run can be repeated with the seed in its message. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unwrap<T>(o: Outcome<T>): T {
  assert.ok(o.ok, o.ok ? '' : JSON.stringify(o.problems));
  return o.value;
}

/**
 * Ten people, on two bot instances, edit one case file at once, each reading it (what their card shows), pausing 0–300 ms as a
 * person would, then saving only what they changed: participants (one ticked in, one unticked out),
 * a new client, a new session and its score. Pairs of them also change the same participant from the same
 * card, so exactly one of each pair must be told of a conflict.
 */
describeOnEachDriver('ten people editing one case file at once', (driver) => {
  // Two repositories on one database stand for two bot instances: within one, changes to a case file take
  // turns; between them only the version check keeps them apart, so both paths are exercised.
  let instances: CaseFileRepository[];
  before(async () => {
    instances = [new CaseFileRepository(driver.db), new CaseFileRepository(driver.db)];
    await instances[0]!.ensureIndexes();
  });

  it('loses nothing, duplicates nothing, and reports each conflict', async function () {
    this.timeout(120_000);
    const seed = Number(process.env.CONCURRENCY_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(rnd() * 300)));
    const why = `(seed ${seed}; repeat with CONCURRENCY_SEED=${seed})`;

    const setup = ctx('Setup');
    let cf: CaseFile = unwrap(
      createCaseFile(
        org,
        {
          organisationId: ORG,
          caseFileId: 'cf-ten',
          caseId: 'CF-TEN',
          name: 'Ten editors',
          overview: '',
          outletActivityId: 10421,
          totalUnidentifiedClients: 0,
        },
        setup,
      ),
    );
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    cf = unwrap(addCaseClients(cf, [...ids('C', USERS), ...ids('D', USERS), ...ids('X', PAIRS)].map(client), setup));
    cf = unwrap(
      addSessions(
        cf,
        SHARED.map((sessionId, i) => ({ sessionId, startsAt: at(`2025-10-0${i + 1}T10:00`), durationMinutes: 60, unidentifiedParticipants: 0 })),
        setup,
      ),
    );
    for (let u = 0; u < USERS; u++) cf = unwrap(assignParticipants(cf, SHARED[u % 3]!, additions([participant(`D${u}`)]), setup));
    cf = unwrap(assignParticipants(cf, 'S0', additions(ids('X', PAIRS).map((x) => participant(x))), setup));
    const repo = instances[0]!;
    assert.ok((await repo.insert(cf)).ok);
    const startVersion = (await repo.get(ORG, 'cf-ten'))!.version;

    /** Both people of a pair read the contested participant before either saves. */
    const pairRead = Array.from({ length: PAIRS }, () => {
      let arrive!: () => void;
      let count = 0;
      const all = new Promise<void>((resolve) => (arrive = resolve));
      return { all, arrived: () => ++count === 2 && arrive() };
    });
    const contested: { user: number; ok: boolean; conflict: boolean; wanted: Participant }[] = [];
    let writes = 0;

    async function person(u: number): Promise<void> {
      const me = ctx(`user-${u}`);
      const mine = instances[u % instances.length]!;
      const read = async () => (await mine.get(ORG, 'cf-ten'))!;
      const save = async (change: (c: CaseFile) => Outcome<CaseFile>) => {
        const r = await mine.update(ORG, 'cf-ten', change, `op-${u}-${writes}-${rnd()}`);
        if (r.ok) writes++;
        return r;
      };

      // Participants: tick C<u>, untick D<u>, from the card as shown.
      const session = SHARED[u % 3]!;
      const shown = (await read()).sessions.find((s) => s.sessionId === session)!.participants;
      await pause();
      const submitted = [...shown.filter((p) => p.clientId !== `D${u}`), participant(`C${u}`)];
      unwrap(await save((c) => assignParticipants(c, session, diffList(shown, submitted, PARTICIPANTS), me)));

      // Clients: add a new one to the case file as shown.
      const shownClients = (await read()).clients;
      await pause();
      const added: CaseClient = {
        clientId: `N${u}`,
        referralSourceCode: 'SELF',
        reasons: [{ code: 'MONEY', isPrimary: true }],
        addedAt: me.now.toISO()!,
        addedBy: me.actor,
      };
      unwrap(await save((c) => changeCaseClients(c, diffList(shownClients, [...shownClients, added], CASE_CLIENTS), me)));

      // A session of their own, then its score.
      await pause();
      unwrap(
        await save((c) =>
          addSessions(c, [{ sessionId: `U${u}`, startsAt: at(`2025-10-${10 + u}T09:00`), durationMinutes: 45, unidentifiedParticipants: u }], me),
        ),
      );
      await pause();
      const entry = {
        ratings: [{ domainCode: 'SOCIALCOHESION', pre: 1 + (u % 3), post: 2 + (u % 3) }],
        singleRating: false,
        note: `by user ${u}`,
        assessedByCode: 'SDPRACTITIONER',
      };
      unwrap(await save((c) => recordCommunityScore(c, `U${u}`, entry, me, reference, { shown: [] })));

      // The contested participant X<k>: both of the pair change it from the same card.
      const k = Math.floor(u / 2);
      const shownX = (await read()).sessions.find((s) => s.sessionId === 'S0')!.participants.filter((p) => p.clientId === `X${k}`);
      pairRead[k]!.arrived();
      await pairRead[k]!.all;
      await pause();
      const wanted: Participant =
        u % 2 === 0 ? participant(`X${k}`, 'SUPPORT') : { ...participant(`X${k}`), referrals: [{ typeCode: 'INTERNAL', purposeCodes: ['MONEY'] }] };
      const r = await save((c) => assignParticipants(c, 'S0', diffList(shownX, [wanted], PARTICIPANTS), me));
      contested.push({ user: u, ok: r.ok, conflict: !r.ok && r.problems.every((p) => p.code === LIST_CONFLICT && p.item === `X${k}`), wanted });
    }

    await Promise.all(Array.from({ length: USERS }, (_, u) => person(u)));
    const final = (await repo.get(ORG, 'cf-ten'))!;

    for (const [i, sessionId] of SHARED.entries()) {
      const got = final.sessions.find((s) => s.sessionId === sessionId)!.participants.map((p) => p.clientId);
      const expected = [...ids('C', USERS).filter((_, u) => u % 3 === i), ...(sessionId === 'S0' ? ids('X', PAIRS) : [])];
      assert.deepEqual([...got].sort(), [...expected].sort(), `session ${sessionId}: every tick kept, every untick applied, nobody else touched ${why}`);
    }
    const clientIds = final.clients.map((c) => c.clientId);
    assert.equal(new Set(clientIds).size, clientIds.length, `no client twice ${why}`);
    assert.deepEqual(clientIds.filter((id) => id.startsWith('N')).sort(), ids('N', USERS).sort(), `every new client kept ${why}`);
    const sessionIds = final.sessions.map((s) => s.sessionId);
    assert.equal(new Set(sessionIds).size, sessionIds.length, `no session twice ${why}`);
    for (let u = 0; u < USERS; u++) {
      const s = final.sessions.find((x) => x.sessionId === `U${u}`);
      assert.ok(s, `session U${u} kept ${why}`);
      assert.equal(s.communityScore?.note, `by user ${u}`, `score of U${u} kept ${why}`);
    }

    for (let k = 0; k < PAIRS; k++) {
      const pair = contested.filter((c) => Math.floor(c.user / 2) === k);
      assert.equal(pair.filter((c) => c.ok).length, 1, `X${k}: exactly one of the pair saved ${why}`);
      assert.equal(pair.filter((c) => c.conflict).length, 1, `X${k}: the other was told of the conflict ${why}`);
      const stored = final.sessions.find((s) => s.sessionId === 'S0')!.participants.find((p) => p.clientId === `X${k}`);
      assert.deepEqual(stored, pair.find((c) => c.ok)!.wanted, `X${k} holds the saved value ${why}`);
    }

    assert.equal(final.version, startVersion + writes, `one version per successful save, none lost ${why}`);
    assert.equal(writes, USERS * 4 + PAIRS);
    const assigned = final.audit.filter((a) => a.action === 'participants.assigned' && a.by.userId.startsWith('user-'));
    assert.equal(assigned.length, USERS + PAIRS, `one audit entry per saved participants change ${why}`);
    assert.equal(assigned.filter((a) => /removed D\d/.test(a.detail)).length, USERS, `each removal audited once, by whoever made it ${why}`);
  });
});
