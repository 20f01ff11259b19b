import assert from 'node:assert/strict';
import type { CaseFile } from '../../src/domain/caseFile';
import type { Session } from '../../src/domain/session';
import { caseRecord, clientRecord, sessionAssessmentRecord, sessionDate, sessionRecord } from '../../src/export/dexMapping';
import { ACTOR, completeClient, groupCaseFile, NOW, ZONE } from '../support/exportFixtures';

const cf: CaseFile = groupCaseFile({
  caseFileId: 'cf-m',
  caseId: 'CF-MAP',
  name: 'Mapping',
  clients: [completeClient('CL-M1', 'Ada', 'King')],
  sessionTimes: ['2026-02-10T10:00'],
  serviceTypeId: 352,
});
const session = (over: Partial<Session>): Session => ({ ...cf.sessions[0]!, ...over });

describe('DEX mapping', () => {
  it('sends names only with consent to provide details, and the SLK always', () => {
    const consenting = clientRecord(completeClient('CL-1', 'Ada', 'King'));
    assert.equal(consenting.GivenName, 'Ada');
    const withheld = clientRecord(completeClient('CL-2', 'Bo', 'Lee', { consentToProvideDetails: false }));
    assert.equal(withheld.GivenName, undefined);
    assert.equal(withheld.FamilyName, undefined);
    assert.match(String(withheld.Slk), /^[A-Z29]{5}\d{8}[1239]$/);
    assert.equal(withheld.ConsentToProvideDetails, false);
  });

  it('dates a session by its calendar day in the organisation’s zone, around midnight and daylight saving', () => {
    // 23:30 on 30 June in Sydney is 13:30 UTC: still June, so still January–June.
    assert.equal(sessionDate(session({ startsAt: '2026-06-30T23:30:00.000+10:00' }), ZONE), '2026-06-30');
    assert.equal(sessionDate(session({ startsAt: '2026-06-30T14:30:00.000Z' }), ZONE), '2026-07-01');
    assert.equal(sessionDate(session({ startsAt: '2026-04-05T02:30:00.000+10:00' }), ZONE), '2026-04-05');
    assert.equal(sessionRecord(cf, session({ startsAt: '2026-02-10T09:00:00.000+11:00' }), ZONE).SessionDate, '2026-02-10');
  });

  it('writes PRE and POST assessments, leaves out domains not rated, and sends a single rating as POST', () => {
    const scored = (ratings: { domainCode: string; pre?: number; post?: number }[], singleRating = false) =>
      sessionAssessmentRecord(
        cf,
        session({ communityScore: { ratings, singleRating, assessedByCode: 'SDJOINT', recordedAt: NOW.toISO()!, recordedBy: ACTOR } }),
        { scoreType: 'GROUP' },
      );
    const both = scored([
      { domainCode: 'GROUPSKILLS', pre: 2, post: 5 },
      { domainCode: 'ORGSKILLS', pre: 3 },
    ]) as { Assessments: { Assessment: { AssessmentPhaseCode: string; Scores: { ScoreCode: string[] } }[] } };
    assert.deepEqual(
      both.Assessments.Assessment.map((a) => [a.AssessmentPhaseCode, a.Scores.ScoreCode]),
      [
        ['PRE', ['GROUPSKILLS2', 'ORGSKILLS3']],
        ['POST', ['GROUPSKILLS5']],
      ],
    );
    const single = scored([{ domainCode: 'GROUPNETWORKS', post: 4 }], true) as typeof both;
    assert.deepEqual(
      single.Assessments.Assessment.map((a) => a.AssessmentPhaseCode),
      ['POST'],
    );
    assert.equal(sessionAssessmentRecord(cf, session({ communityScore: undefined }), { scoreType: 'GROUP' }), undefined);
  });

  it('marks the primary reason and leaves optional parts out when nothing was recorded', () => {
    const record = caseRecord(cf) as {
      CaseClients: { CaseClient: { ReasonsForAssistance: { ReasonForAssistance: { IsPrimary: boolean }[] }; ExitReasonCode?: string }[] };
    };
    assert.equal(record.CaseClients.CaseClient[0]!.ReasonsForAssistance.ReasonForAssistance[0]!.IsPrimary, true);
    assert.equal(record.CaseClients.CaseClient[0]!.ExitReasonCode, undefined);
    assert.equal(caseRecord({ ...cf, clients: [] }).CaseClients, undefined);
    assert.equal(sessionRecord(cf, session({ participants: [] }), ZONE).SessionClients, undefined);
  });
});
