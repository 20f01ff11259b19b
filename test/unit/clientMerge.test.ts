import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { CaseClient, CaseFile } from '../../src/domain/caseFile';
import { mergeClientInCaseFile } from '../../src/domain/clientMerge';
import type { Participant, Session } from '../../src/domain/session';

const ZONE = 'Australia/Sydney';
const ACTOR = { userId: 'u-1', name: 'Alice Case-Manager' };
const ctx = { actor: ACTOR, now: DateTime.fromISO('2025-10-20T10:00', { zone: ZONE }), zone: ZONE };
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISO()!;

const caseClient = (clientId: string, change: Partial<CaseClient> = {}): CaseClient => ({
  clientId,
  reasons: [{ code: 'COMMUNITY', isPrimary: true }],
  addedAt: at('2025-09-01T09:00'),
  addedBy: ACTOR,
  ...change,
});
const person = (clientId: string, change: Partial<Participant> = {}): Participant => ({ clientId, participationCode: 'CLIENT', referrals: [], ...change });
const session = (sessionId: string, participants: Participant[]): Session => ({
  sessionId,
  startsAt: at('2025-10-13T10:00'),
  durationMinutes: 60,
  unidentifiedParticipants: 0,
  details: {},
  participants,
});

function caseFile(clients: CaseClient[], sessions: Session[]): CaseFile {
  return {
    organisationId: 'harbourside-community',
    caseFileId: 'cf-1',
    caseId: 'CF-1',
    name: 'Group',
    overview: '',
    outletActivityId: 10421,
    totalUnidentifiedClients: 0,
    clients,
    sessions,
    transfers: [],
    audit: [],
    createdAt: at('2025-09-01T09:00'),
    createdBy: ACTOR,
    updatedAt: at('2025-09-01T09:00'),
    updatedBy: ACTOR,
    version: 1,
  };
}

describe('merging two records of one client', () => {
  it('moves the case file entry and every session of the record given up when the kept one is not on the case', () => {
    const cf = caseFile(
      [caseClient('OLD', { referralSourceCode: 'GP' }), caseClient('X')],
      [session('S-1', [person('OLD'), person('X')]), session('S-2', [person('X')])],
    );
    const r = mergeClientInCaseFile(cf, 'OLD', 'KEEP', ctx);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.clients.map((c) => [c.clientId, c.referralSourceCode]),
      [
        ['KEEP', 'GP'],
        ['X', undefined],
      ],
    );
    assert.deepEqual(
      r.value.sessions.map((s) => s.participants.map((p) => p.clientId)),
      [['KEEP', 'X'], ['X']],
    );
    assert.equal(r.value.audit.at(-1)!.action, 'clients.merged');
  });

  it('keeps one entry and one participant when both records are on the case, losing no reason or referral', () => {
    const cf = caseFile(
      [
        caseClient('KEEP'),
        caseClient('OLD', {
          referralSourceCode: 'SELF',
          reasons: [
            { code: 'MONEY', isPrimary: true },
            { code: 'COMMUNITY', isPrimary: false },
          ],
        }),
      ],
      [
        session('S-1', [person('KEEP', { participationCode: 'SUPPORT' }), person('OLD', { referrals: [{ typeCode: 'EXTERNAL', purposeCodes: ['HOUSING'] }] })]),
        session('S-2', [person('OLD')]),
      ],
    );
    const r = mergeClientInCaseFile(cf, 'OLD', 'KEEP', ctx);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.clients.map((c) => c.clientId),
      ['KEEP'],
    );
    assert.equal(r.value.clients[0]!.referralSourceCode, 'SELF', 'what the kept entry lacked comes from the other');
    assert.deepEqual(
      r.value.clients[0]!.reasons,
      [
        { code: 'COMMUNITY', isPrimary: true },
        { code: 'MONEY', isPrimary: false },
      ],
      'one primary reason, every reason kept',
    );
    const [s1, s2] = r.value.sessions;
    assert.deepEqual(s1!.participants, [{ clientId: 'KEEP', participationCode: 'CLIENT', referrals: [{ typeCode: 'EXTERNAL', purposeCodes: ['HOUSING'] }] }]);
    assert.deepEqual(
      s2!.participants.map((p) => p.clientId),
      ['KEEP'],
      'a session only the other record attended is kept',
    );
    assert.equal(r.value.sessions.length, 2);
  });

  it('refuses a merge into the same record, and says when there is nothing left to move (a retried merge)', () => {
    const cf = caseFile([caseClient('KEEP')], [session('S-1', [person('KEEP')])]);
    assert.equal(mergeClientInCaseFile(cf, 'KEEP', 'KEEP', ctx).ok, false);
    const again = mergeClientInCaseFile(cf, 'OLD', 'KEEP', ctx);
    assert.ok(!again.ok);
    assert.equal(again.problems[0]!.code, 'merge.nothingToMove');
  });
});
