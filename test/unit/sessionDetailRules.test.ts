import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import {
  addSessions,
  addSessionWithParticipants,
  addCaseClients,
  createCaseFile,
  updateSessionDetails,
  type ChangeContext,
} from '../../src/domain/caseFileOperations';
import type { CaseFile } from '../../src/domain/caseFile';
import type { Outcome } from '../../src/domain/outcome';
import type { Session } from '../../src/domain/session';
import { detailEdits } from '../../src/domain/sessionDetailEdits';
import { proposalFromPreviousSession } from '../../src/domain/sessionListing';
import { sampleOrganisations } from '../support/sampleOrganisations';

const org = parseOrganisations(sampleOrganisations(), 'sample').organisations[0]!;
const zone = 'Australia/Sydney';
const ctx: ChangeContext = { actor: { userId: 'u1', name: 'Una' }, now: DateTime.fromISO('2025-10-20T10:00:00', { zone }), zone };

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(JSON.stringify(o.problems));
  return o.value;
}

function caseFile(outletActivityId: number): CaseFile {
  const cf = value(
    createCaseFile(
      org,
      { organisationId: org.organisationId, caseFileId: 'cf', caseId: 'CF-1', name: 'Group', overview: '', outletActivityId, totalUnidentifiedClients: 0 },
      ctx,
    ),
  );
  return value(
    addSessions(cf, [{ sessionId: 'WK1', startsAt: DateTime.fromISO('2025-10-07T10:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 }], ctx),
  );
}

const session = (sessionId: string, startsAt: string, details: Session['details'] = {}): Session =>
  ({ sessionId, startsAt, durationMinutes: 60, unidentifiedParticipants: 0, participants: [], details }) as Session;

describe('session detail rules in the domain', () => {
  it('refuses a Money Business workshop code on an activity that does not collect one, whoever calls it', () => {
    const seniors = caseFile(10421);
    const refused = updateSessionDetails(seniors, org, 'WK1', { moneyBusinessWorkshopCode: 'WRK01' }, ctx);
    assert.equal(refused.ok, false);
    assert.deepEqual(!refused.ok && refused.problems.map((p) => p.code), ['moneyBusinessWorkshop.notForActivity']);
    const money = caseFile(10587);
    assert.equal(
      value(updateSessionDetails(money, org, 'WK1', { moneyBusinessWorkshopCode: 'WRK01' }, ctx)).sessions[0]!.details.moneyBusinessWorkshopCode,
      'WRK01',
    );
  });

  it('keeps only changed fields, and never takes a recorded interpreter answer back to "not recorded"', () => {
    assert.deepEqual(
      value(detailEdits({ interpreterPresent: false, topicCode: 'FINANCES', serviceTypeId: 137 }, { interpreterPresent: false, serviceTypeId: 137 })),
      { topicCode: 'FINANCES' },
    );
    assert.deepEqual(value(detailEdits({ interpreterPresent: 'unrecorded' }, {})), {});
    const refused = detailEdits({ interpreterPresent: 'unrecorded' }, { interpreterPresent: true });
    assert.deepEqual(!refused.ok && refused.problems.map((p) => [p.code, p.field]), [['interpreterPresent.cannotRemove', 'interpreterPresent']]);
  });

  it('proposes the usually-repeated details of the latest earlier session, only for fields not yet recorded', () => {
    const sessions = [
      session('A', '2025-10-01T10:00:00+10:00', { serviceTypeId: 1, serviceSettingCode: 'HOME', topicCode: 'OLD', interpreterPresent: true }),
      session('B', '2025-10-08T10:00:00+11:00', { serviceTypeId: 352, serviceSettingCode: 'COMMVENUE', topicCode: 'FINANCES', interpreterPresent: true }),
      session('C', '2025-10-15T10:00:00+11:00', { topicCode: 'OWN' }),
      session('D', '2025-10-22T10:00:00+11:00'),
    ];
    const proposal = proposalFromPreviousSession(sessions, 'C');
    assert.equal(proposal?.from.sessionId, 'B');
    assert.deepEqual(proposal?.details, { serviceTypeId: 352, serviceSettingCode: 'COMMVENUE' }, 'the topic C has is kept; the interpreter is never proposed');
    assert.equal(proposalFromPreviousSession(sessions, 'A'), undefined, 'nothing before the first session');
    assert.equal(proposalFromPreviousSession(sessions, 'D')?.from.sessionId, 'C', 'the latest earlier session with any of them');
  });

  it('adds a session with its participants as one change, refusing a participant who is not on the case file', () => {
    let cf = caseFile(10421);
    cf = value(addCaseClients(cf, [{ clientId: 'CL-1', givenName: 'Ann', familyName: 'Lee', reasons: [] }], ctx));
    const start = { startsAt: DateTime.fromISO('2025-10-14T10:00', { zone }), durationMinutes: 60, unidentifiedParticipants: 0 };
    const both = value(addSessionWithParticipants(cf, start, [{ clientId: 'CL-1', participationCode: 'CLIENT', referrals: [] }], ctx));
    assert.deepEqual(
      both.sessions.at(-1)!.participants.map((p) => p.clientId),
      ['CL-1'],
    );
    assert.deepEqual(
      both.audit.slice(-2).map((e) => e.action),
      ['sessions.added', 'participants.assigned'],
    );
    const refused = addSessionWithParticipants(cf, start, [{ clientId: 'CL-X', participationCode: 'CLIENT', referrals: [] }], ctx);
    assert.deepEqual(!refused.ok && refused.problems.map((p) => p.code), ['participant.notOnCase']);
  });
});
