import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import {
  addCaseClients,
  addSessions,
  assignParticipants,
  PARTICIPANTS,
  createCaseFile,
  sessionsNewestFirst,
  updateSessionDetails,
  type ChangeContext,
} from '../../src/domain/caseFileOperations';
import { additions, diffList } from '../../src/domain/listChange';
import type { CaseFile } from '../../src/domain/caseFile';
import type { Outcome } from '../../src/domain/outcome';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx: ChangeContext = { actor: { userId: 'u1', name: 'Una' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };
const at = (iso: string) => DateTime.fromISO(iso, { zone });

function value<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(o.problems.map((p) => p.message).join('; '));
  return o.value;
}
function problemCodes<T>(o: Outcome<T>): string[] {
  assert.equal(o.ok, false);
  return o.ok ? [] : o.problems.map((p) => p.code);
}

function base(): CaseFile {
  return value(
    createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId: 'cf',
        caseId: 'CF-1',
        name: 'Group',
        overview: '',
        outletActivityId: 10421,
        totalUnidentifiedClients: 0,
      },
      ctx,
    ),
  );
}
const twoClients = [
  { clientId: 'A', givenName: 'Ann', familyName: 'Lee', referralSourceCode: 'SELF', reasons: [{ code: 'COMMUNITY', isPrimary: true }] },
  { clientId: 'B', givenName: 'Bob', familyName: 'Tan', reasons: [] },
];

describe('case file operations', () => {
  it('creates a case file with version 1, the creator and an audit entry', () => {
    const cf = base();
    assert.equal(cf.version, 1);
    assert.equal(cf.createdBy.name, 'Una');
    assert.equal(cf.audit.length, 1);
  });

  it('refuses an outlet activity the organisation does not have, and forbidden characters in the name', () => {
    const codes = problemCodes(
      createCaseFile(
        org,
        {
          organisationId: org.organisationId,
          caseFileId: 'x',
          caseId: 'CF-2',
          name: 'Fish & chips',
          overview: '',
          outletActivityId: 1,
          totalUnidentifiedClients: 0,
        },
        ctx,
      ),
    );
    assert.ok(codes.includes('outletActivity.unknown'));
    assert.equal(codes.length, 2);
  });

  it('reports a name, overview or case id that is too long instead of failing', () => {
    const codes = problemCodes(
      createCaseFile(
        org,
        {
          organisationId: org.organisationId,
          caseFileId: 'x',
          caseId: 'C'.repeat(51),
          name: 'N'.repeat(201),
          overview: 'o'.repeat(2001),
          outletActivityId: 10421,
          totalUnidentifiedClients: 0,
        },
        ctx,
      ),
    );
    assert.deepEqual(codes.sort(), ['caseId.tooLong', 'name.tooLong', 'overview.tooLong']);
  });

  it('adds clients once, and reports a client already on the case file', () => {
    const cf = value(addCaseClients(base(), twoClients, ctx));
    assert.equal(cf.clients.length, 2);
    assert.deepEqual(problemCodes(addCaseClients(cf, [twoClients[0]!], ctx)), ['caseClient.duplicate']);
  });

  it('refuses reasons for assistance without exactly one primary', () => {
    const noPrimary = { ...twoClients[0]!, reasons: [{ code: 'MONEY', isPrimary: false }] };
    assert.equal(addCaseClients(base(), [noPrimary], ctx).ok, false);
  });

  it('generates unique session ids per day and refuses a session in the future', () => {
    const cf = value(
      addSessions(
        base(),
        [
          { startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 },
          { startsAt: at('2025-10-14T14:00'), durationMinutes: 60, unidentifiedParticipants: 0 },
        ],
        ctx,
      ),
    );
    assert.deepEqual(
      cf.sessions.map((s) => s.sessionId),
      ['S-20251014-1', 'S-20251014-2'],
    );
    assert.equal(cf.sessions[0]!.startsAt, '2025-10-14T10:00:00.000+11:00');
    assert.deepEqual(problemCodes(addSessions(cf, [{ startsAt: at('2025-10-21T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx)), [
      'sessionDate.future',
    ]);
  });

  it('refuses a session id already used, out-of-range unidentified counts and a session id holding a client name', () => {
    const cf = value(
      addCaseClients(
        value(addSessions(base(), [{ sessionId: 'WK1', startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx)),
        twoClients,
        ctx,
      ),
    );
    const s = { startsAt: at('2025-10-15T10:00'), durationMinutes: 60 };
    assert.equal(problemCodes(addSessions(cf, [{ ...s, sessionId: 'WK1', unidentifiedParticipants: 0 }], ctx))[0], 'session.idTaken');
    assert.equal(addSessions(cf, [{ ...s, unidentifiedParticipants: 1000 }], ctx).ok, false);
    assert.equal(
      addSessions(cf, [{ ...s, sessionId: 'Ann-Lee-visit', unidentifiedParticipants: 0 }], ctx, [{ givenName: 'Ann', familyName: 'Lee' }]).ok,
      false,
    );
  });

  it('assigns only clients of the case file, replaces a re-assigned participant, and limits referrals', () => {
    let cf = value(
      addCaseClients(
        value(addSessions(base(), [{ sessionId: 'WK1', startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx)),
        twoClients,
        ctx,
      ),
    );
    assert.deepEqual(problemCodes(assignParticipants(cf, 'WK1', additions([{ clientId: 'Z', participationCode: 'CLIENT', referrals: [] }]), ctx)), [
      'participant.notOnCase',
    ]);
    cf = value(assignParticipants(cf, 'WK1', additions([{ clientId: 'A', participationCode: 'CLIENT', referrals: [] }]), ctx));
    const shown = cf.sessions[0]!.participants;
    cf = value(assignParticipants(cf, 'WK1', diffList(shown, [{ clientId: 'A', participationCode: 'SUPPORT', referrals: [] }], PARTICIPANTS), ctx));
    assert.deepEqual(
      cf.sessions[0]!.participants.map((p) => [p.clientId, p.participationCode]),
      [['A', 'SUPPORT']],
    );
    const twoInternal = [
      { typeCode: 'INTERNAL' as const, purposeCodes: ['MONEY'] },
      { typeCode: 'INTERNAL' as const, purposeCodes: ['HOUSING'] },
    ];
    assert.equal(assignParticipants(cf, 'WK1', additions([{ clientId: 'B', participationCode: 'CLIENT', referrals: twoInternal }]), ctx).ok, false);
  });

  it('takes out only the participants named for removal, keeping everyone else', () => {
    let cf = value(
      addCaseClients(
        value(addSessions(base(), [{ sessionId: 'WK1', startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx)),
        twoClients,
        ctx,
      ),
    );
    cf = value(
      assignParticipants(cf, 'WK1', additions(['A', 'B'].map((clientId) => ({ clientId, participationCode: 'CLIENT' as const, referrals: [] }))), ctx),
    );
    const shown = cf.sessions[0]!.participants;
    cf = value(
      assignParticipants(
        cf,
        'WK1',
        diffList(
          shown,
          shown.filter((p) => p.clientId !== 'B'),
          PARTICIPANTS,
        ),
        ctx,
      ),
    );
    assert.deepEqual(
      cf.sessions[0]!.participants.map((p) => p.clientId),
      ['A'],
    );
    assert.match(cf.audit.at(-1)!.detail, /removed B/);
  });

  it('accepts only service types valid for the outlet activity and keeps other details', () => {
    let cf = value(addSessions(base(), [{ sessionId: 'WK1', startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx));
    cf = value(updateSessionDetails(cf, org, 'WK1', { interpreterPresent: true }, ctx));
    cf = value(updateSessionDetails(cf, org, 'WK1', { serviceTypeId: 352 }, ctx));
    assert.deepEqual(cf.sessions[0]!.details, { interpreterPresent: true, serviceTypeId: 352 });
    assert.deepEqual(problemCodes(updateSessionDetails(cf, org, 'WK1', { serviceTypeId: 5 }, ctx)), ['serviceType.notForActivity']);
    assert.deepEqual(problemCodes(updateSessionDetails(cf, org, 'NOPE', {}, ctx)), ['session.unknown']);
  });

  it('lists sessions newest first', () => {
    const cf = value(
      addSessions(
        base(),
        [
          { startsAt: at('2025-10-01T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 },
          { startsAt: at('2025-10-14T10:00'), durationMinutes: 60, unidentifiedParticipants: 0 },
        ],
        ctx,
      ),
    );
    assert.deepEqual(
      sessionsNewestFirst(cf).map((s) => s.sessionId),
      ['S-20251014-1', 'S-20251001-1'],
    );
  });
});
