import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseClient, CaseFile } from '../../src/domain/caseFile';
import type { Client } from '../../src/domain/client';
import { COMPLETE_DETAILS } from '../support/fixtures';
import { reportingPeriod } from '../../src/domain/periods';
import { checkReadiness, type Readiness, type ReadinessItem, type ReadinessOptions } from '../../src/domain/readiness';
import { loadReferenceData } from '../../src/config/referenceDataFiles';
import type { CommunityScore, Participant, Session } from '../../src/domain/session';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ZONE = 'Australia/Sydney';
const NOW = DateTime.fromISO('2025-10-20T10:00', { zone: ZONE });
const ACTOR = { userId: 'u-1', name: 'Alice Case-Manager' };
const organisation = parseOrganisations(sampleOrganisations(), 'test organisations').byId('harbourside-community')!;
const referenceData = loadReferenceData();
const clientsById = new Map([
  ['C1', { givenName: 'Margaret', familyName: 'Nguyen' }],
  ['C2', { givenName: 'Harold', familyName: 'Fitzgerald' }],
]);

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISO()!;

const SCORE: CommunityScore = {
  ratings: [{ domainCode: 'SOCIALCOHESION', pre: 2, post: 4 }],
  singleRating: false,
  assessedByCode: 'SDPRACTITIONER',
  recordedAt: at('2025-10-13T12:00'),
  recordedBy: ACTOR,
};

function participant(clientId: string, referrals: Participant['referrals'] = []): Participant {
  return { clientId, participationCode: 'CLIENT', referrals };
}

function session(sessionId: string, change: Partial<Session> = {}): Session {
  return {
    sessionId,
    startsAt: at('2025-10-13T10:00'),
    durationMinutes: 120,
    unidentifiedParticipants: 0,
    details: { serviceTypeId: 352 },
    participants: [participant('C1'), participant('C2')],
    communityScore: SCORE,
    ...change,
  };
}

function client(clientId: string, change: Partial<CaseClient> = {}): CaseClient {
  return {
    clientId,
    referralSourceCode: 'SELF',
    reasons: [{ code: 'COMMUNITY', isPrimary: true }],
    addedAt: at('2025-09-01T09:00'),
    addedBy: ACTOR,
    ...change,
  };
}

/** A case file with nothing missing: every rule below breaks exactly one thing in it. */
function ready(change: Partial<CaseFile> = {}): CaseFile {
  return {
    organisationId: 'harbourside-community',
    caseFileId: 'cf-1',
    caseId: 'CF-2510-ABCDE',
    name: 'Wednesday seniors social group',
    overview: 'Weekly social group',
    outletActivityId: 10421,
    clientAttendanceProfileCode: 'PSGROUP',
    totalUnidentifiedClients: 0,
    clients: [client('C1'), client('C2')],
    sessions: [session('S-1')],
    transfers: [],
    audit: [],
    createdAt: at('2025-09-01T09:00'),
    createdBy: ACTOR,
    updatedAt: at('2025-10-13T12:00'),
    updatedBy: ACTOR,
    version: 3,
    ...change,
  };
}

function check(cf: CaseFile, options: Partial<ReadinessOptions> = {}): Readiness {
  return checkReadiness(cf, { organisation, referenceData, clientsById, now: NOW, ...options });
}

function codes(items: readonly ReadinessItem[]): string[] {
  return items.map((i) => i.code);
}

function only(items: readonly ReadinessItem[], code: string): ReadinessItem {
  const found = items.filter((i) => i.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(codes(items))}`);
  return found[0]!;
}

describe('DEX readiness', () => {
  it('finds nothing wrong with a complete case file', () => {
    const r = check(ready());
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.sessionsChecked, 1);
    assert.deepEqual(
      r.periods.map((p) => p.id),
      ['2025-H2'],
    );
  });

  describe('client records', () => {
    const stored = (clientId: string, change: Partial<Client> = {}): Client => ({
      organisationId: 'harbourside-community',
      clientId,
      givenName: clientId === 'C1' ? 'Margaret' : 'Harold',
      familyName: clientId === 'C1' ? 'Nguyen' : 'Fitzgerald',
      birthDate: '1948-03-12',
      birthDateEstimated: false,
      gender: 'FEMALE',
      slk: clientId === 'C1' ? 'GUYAR120319482' : 'ITZAR120319482',
      createdAt: at('2025-09-01T09:00'),
      createdBy: ACTOR,
      ...COMPLETE_DETAILS,
      residentialAddress: { ...COMPLETE_DETAILS.residentialAddress },
      ...change,
    });

    it('reports each DEX detail a client lacks as an error whose button opens that field', () => {
      const { countryOfBirthCode: _c, residentialAddress: _r, ...lacking } = stored('C1');
      const r = check(ready(), {
        clientRecords: new Map([
          ['C1', lacking as Client],
          ['C2', stored('C2')],
        ]),
      });
      assert.deepEqual(codes(r.errors), ['clientDetails.missing.countryOfBirthCode', 'clientDetails.missing.residentialAddress']);
      assert.match(r.errors[0]!.message, /Margaret Nguyen has no country of birth recorded/);
      assert.deepEqual(r.errors[1]!.fix, { command: 'completeClientDetails', args: { clientId: 'C1', field: 'residentialAddress', caseFileId: 'cf-1' } });
      assert.deepEqual(
        check(ready(), {
          clientRecords: new Map([
            ['C1', stored('C1')],
            ['C2', stored('C2')],
          ]),
        }).errors,
        [],
      );
    });

    it('reports another client of the organisation with the same SLK as an error with a review', () => {
      const r = check(ready(), { sameSlk: new Map([['C2', [{ clientId: 'C9', givenName: 'Harold', familyName: 'Fitzgerald', birthDate: '1944-11-02' }]]]) });
      const item = only(r.errors, 'client.duplicateSlk');
      assert.match(item.message, /Harold Fitzgerald has the same SLK as Harold Fitzgerald \(born 2 Nov 1944, client C9\)/);
      assert.deepEqual(item.fix, { command: 'reviewDuplicateClients', args: { clientId: 'C2', otherClientId: 'C9' } });
    });

    it('warns about a reason or referral purpose that no DSS source confirms', () => {
      const r = check(ready({ clients: [client('C1', { reasons: [{ code: 'EMPLOYMENT', isPrimary: true }] }), client('C2')] }));
      assert.deepEqual(r.errors, []);
      assert.match(only(r.warnings, 'reasons.unconfirmedCode').message, /Margaret Nguyen: the reason EMPLOYMENT is on no list DSS has published/);
      const referred = check(
        ready({ sessions: [session('S-1', { participants: [participant('C1', [{ typeCode: 'EXTERNAL', purposeCodes: ['TRAINING'] }]), participant('C2')] })] }),
      );
      assert.equal(only(referred.warnings, 'referrals.unconfirmedPurpose').clientId, 'C1');
    });
  });

  describe('errors', () => {
    it('a session without a service type names the session and points at session details', () => {
      const item = only(check(ready({ sessions: [session('S-1', { details: {} })] })).errors, 'serviceType.missing');
      assert.match(item.message, /Session S-1 \(13 Oct 2025\) has no service type/);
      assert.deepEqual(item.fix, { command: 'sessionDetails', args: { caseFileId: 'cf-1', sessionId: 'S-1' } });
      assert.equal(item.sessionId, 'S-1');
      assert.equal(item.periodId, '2025-H2');
      assert.deepEqual(check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 353 } })] })).errors, []);
    });

    it('a service type the outlet activity does not offer, or one DEX does not know', () => {
      const item = only(check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 15 } })] })).errors, 'serviceType.notForActivity');
      assert.match(item.message, /service type 15, which is not valid for Community and Home Support - Seniors social groups/);
      const unknown = only(
        check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 987654 } })] }), { organisation: undefined }).errors,
        'serviceType.unknown',
      );
      assert.match(unknown.message, /not on the current DEX list/);
      assert.deepEqual(check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 1 } })] })).errors, []);
    });

    it('a session dated in the future, even in a period that has not started', () => {
      const tomorrow = only(check(ready({ sessions: [session('S-1', { startsAt: at('2025-10-21T09:00') })] })).errors, 'sessionDate.future');
      assert.match(tomorrow.message, /Session S-1 \(21 Oct 2025\): the session date, 21 Oct 2025, is in the future/);
      assert.equal(tomorrow.fix?.command, 'editSession');
      const nextYear = check(ready({ sessions: [session('S-1'), session('S-2', { startsAt: at('2026-02-03T09:00') })] }));
      assert.deepEqual(codes(nextYear.errors), ['sessionDate.future']);
      assert.equal(nextYear.sessionsChecked, 2);
      assert.deepEqual(check(ready({ sessions: [session('S-1', { startsAt: at('2025-10-20T18:00') })] })).errors, [], 'later today is not the future');
    });

    it('an unidentified count outside 0 to 999, on a session or on the case file', () => {
      const onSession = only(check(ready({ sessions: [session('S-1', { unidentifiedParticipants: 1000 })] })).errors, 'unidentifiedClients.outOfRange');
      assert.match(onSession.message, /Session S-1 .*0 to 999; 1000 is outside/);
      const onCase = only(check(ready({ totalUnidentifiedClients: 1200 })).errors, 'unidentifiedClients.outOfRange');
      assert.match(onCase.message, /^This case file: /);
      assert.deepEqual(check(ready({ totalUnidentifiedClients: 999, sessions: [session('S-1', { unidentifiedParticipants: 999 })] })).errors, []);
    });

    it('a session with no participants and no unidentified clients', () => {
      const item = only(check(ready({ sessions: [session('S-1', { participants: [] })] })).errors, 'session.noParticipants');
      assert.match(item.message, /Session S-1 \(13 Oct 2025\) has no participants and no unidentified clients/);
      assert.deepEqual(item.fix, { command: 'assignParticipants', args: { caseFileId: 'cf-1', sessionId: 'S-1' } });
      assert.deepEqual(check(ready({ sessions: [session('S-1', { participants: [], unidentifiedParticipants: 12 })] })).errors, []);
    });

    it('a participant who is not a client of the case file', () => {
      const item = only(check(ready({ sessions: [session('S-1', { participants: [participant('C1'), participant('C9')] })] })).errors, 'participant.notOnCase');
      assert.match(item.message, /lists Client C9, who is not a client of this case file/);
      assert.equal(item.fix?.command, 'addClients');
    });

    it('reasons for assistance without a primary, naming the client', () => {
      const noPrimary = check(
        ready({
          clients: [
            client('C1', {
              reasons: [
                { code: 'COMMUNITY', isPrimary: false },
                { code: 'AGE', isPrimary: false },
              ],
            }),
            client('C2'),
          ],
        }),
      );
      const item = only(noPrimary.errors, 'reasons.noPrimary');
      assert.match(item.message, /^Margaret Nguyen: one reason for seeking assistance must be marked as the main/);
      assert.deepEqual(item.fix, { command: 'editCaseClient', args: { caseFileId: 'cf-1', clientId: 'C1' } });
      assert.deepEqual(
        check(
          ready({
            clients: [
              client('C1', {
                reasons: [
                  { code: 'COMMUNITY', isPrimary: true },
                  { code: 'AGE', isPrimary: false },
                ],
              }),
              client('C2'),
            ],
          }),
        ).errors,
        [],
      );
    });

    it('more than one internal or more than one external referral for a participant in a session', () => {
      const twoInternal = [
        { typeCode: 'INTERNAL' as const, purposeCodes: ['MONEY'] },
        { typeCode: 'INTERNAL' as const, purposeCodes: ['HOUSING'] },
      ];
      const item = only(
        check(ready({ sessions: [session('S-1', { participants: [participant('C1', twoInternal), participant('C2')] })] })).errors,
        'referrals.tooManyInternal',
      );
      assert.match(item.message, /Session S-1 \(13 Oct 2025\), Margaret Nguyen: a participant can have only one internal referral/);
      assert.deepEqual(item.fix?.args, { caseFileId: 'cf-1', sessionId: 'S-1', clientId: 'C1' });
      const twoExternal = twoInternal.map((r) => ({ ...r, typeCode: 'EXTERNAL' as const }));
      only(
        check(ready({ sessions: [session('S-1', { participants: [participant('C2', twoExternal), participant('C1')] })] })).errors,
        'referrals.tooManyExternal',
      );
      const oneOfEach = [
        { typeCode: 'INTERNAL' as const, purposeCodes: ['MONEY'] },
        { typeCode: 'EXTERNAL' as const, purposeCodes: ['HOUSING', 'MENTAL'] },
      ];
      assert.deepEqual(check(ready({ sessions: [session('S-1', { participants: [participant('C1', oneOfEach), participant('C2')] })] })).errors, []);
    });

    it('characters DEX does not accept in the case id, name, overview or session id', () => {
      const r = check(ready({ caseId: 'CF&1', name: 'Seniors #1', overview: 'Tea @ 10', sessions: [session('S*1')] }));
      assert.deepEqual(codes(r.errors), [
        'freeText.forbiddenCharacters',
        'freeText.forbiddenCharacters',
        'freeText.forbiddenCharacters',
        'freeText.forbiddenCharacters',
      ]);
      assert.match(r.errors[0]!.message, /^This case file: case ID contains the character &/);
      assert.match(r.errors[3]!.message, /^Session S\*1 \(13 Oct 2025\): session ID contains the character \*/);
      assert.deepEqual(check(ready({ caseId: 'CF-1', name: 'Seniors no. 1', overview: 'Tea at 10 and a chat' })).errors, []);
    });

    it('codes that are not on the current DEX lists, and only against lists confirmed with DSS', () => {
      const r = check(
        ready({
          clients: [client('C1', { referralSourceCode: 'NOPE' }), client('C2', { reasons: [{ code: 'NOTAREASON', isPrimary: true }] })],
          sessions: [session('S-1', { details: { serviceTypeId: 352, serviceSettingCode: 'NOWHERE' } })],
        }),
      );
      assert.deepEqual(codes(r.errors), ['referralSource.unknownCode', 'reasons.unknownCode', 'sessionDetails.unknownCode']);
      const unconfirmedTopic = check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 352, topicCode: 'SOMETHINGNEW' } })] }));
      assert.deepEqual(unconfirmedTopic.errors, [], 'the topic list is not confirmed, so an unlisted topic is not called wrong');
      assert.deepEqual(check(ready({ clients: [client('C1', { referralSourceCode: 'GP' }), client('C2')] })).errors, []);
    });

    it('a Money Business workshop code on an activity that does not collect one', () => {
      const item = only(
        check(ready({ sessions: [session('S-1', { details: { serviceTypeId: 352, moneyBusinessWorkshopCode: 'WRK01' } })] })).errors,
        'moneyBusinessWorkshop.notForActivity',
      );
      assert.match(item.message, /Session S-1 .*Money Business workshop code is recorded only for Money Business activities/);
      assert.deepEqual(
        check(ready({ outletActivityId: 10587, sessions: [session('S-1', { details: { serviceTypeId: 137, moneyBusinessWorkshopCode: 'WRK01' } })] })).errors,
        [],
      );
    });

    it('an outlet activity the organisation does not have, checked only when the organisation is known', () => {
      only(check(ready({ outletActivityId: 99999 })).errors, 'outletActivity.unknown');
      assert.deepEqual(check(ready({ outletActivityId: 99999 }), { organisation: undefined }).errors, []);
    });
  });

  describe('warnings', () => {
    it('a group session without Community SCORE', () => {
      const item = only(check(ready({ sessions: [session('S-1', { communityScore: undefined })] })).warnings, 'communityScore.missing');
      assert.match(item.message, /Session S-1 \(13 Oct 2025\) has no Community SCORE/);
      assert.deepEqual(item.fix, { command: 'communityScore', args: { caseFileId: 'cf-1', sessionId: 'S-1' } });
      const individual = ready({
        clientAttendanceProfileCode: undefined,
        clients: [client('C1')],
        sessions: [session('S-1', { communityScore: undefined, participants: [participant('C1')] })],
      });
      assert.deepEqual(check(individual).warnings, [], 'one client on a case that is not group work is not scored with Community SCORE');
    });

    it('Community SCORE once per case file, naming the sessions, only where the profile or the outlet activity calls for it', () => {
      const sessions = ['S-1', 'S-2', 'S-3', 'S-4', 'S-5'].map((id) => session(id, { communityScore: undefined }));
      const item = only(check(ready({ sessions })).warnings, 'communityScore.missing');
      assert.match(item.message, /^5 sessions \(S-1 \(13 Oct 2025\), S-2 \(13 Oct 2025\), S-3 \(13 Oct 2025\) and 2 more\) have no Community SCORE/);
      // A couple seen together is two clients, but not group work: no Community SCORE is asked for.
      assert.deepEqual(check(ready({ clientAttendanceProfileCode: 'COUPLE', sessions })).warnings, []);
      // An outlet activity set up for group outcomes asks for it whatever the profile.
      const org = structuredClone(organisation);
      org.outlets[0]!.activities.find((a) => a.outletActivityId === 10587)!.communityScore = true;
      only(
        check(
          ready({
            outletActivityId: 10587,
            clientAttendanceProfileCode: undefined,
            sessions: sessions.map((x) => ({ ...x, details: { serviceTypeId: 137 } })),
          }),
          { organisation: org },
        ).warnings,
        'communityScore.missing',
      );
    });

    it('a PRE Community SCORE without a POST, naming the domains', () => {
      const preOnly = {
        ...SCORE,
        ratings: [
          { domainCode: 'SOCIALCOHESION', pre: 2 },
          { domainCode: 'GROUPSKILLS', pre: 3, post: 3 },
        ],
      };
      const item = only(check(ready({ sessions: [session('S-1', { communityScore: preOnly })] })).warnings, 'communityScore.preWithoutPost');
      assert.match(item.message, /PRE Community SCORE without a POST for Social cohesion/);
      const single = { ...SCORE, singleRating: true, ratings: [{ domainCode: 'SOCIALCOHESION', post: 4 }] };
      assert.deepEqual(check(ready({ sessions: [session('S-1', { communityScore: single })] })).warnings, [], 'a single end-of-session rating is allowed');
    });

    it('a client without a referral source', () => {
      const item = only(check(ready({ clients: [client('C1'), client('C2', { referralSourceCode: undefined })] })).warnings, 'referralSource.missing');
      assert.match(item.message, /^Harold Fitzgerald has no referral source/);
      assert.equal(item.clientId, 'C2');
      assert.match(
        only(
          check(ready({ clients: [client('C1'), client('C2', { referralSourceCode: undefined })] }), { clientsById: undefined }).warnings,
          'referralSource.missing',
        ).message,
        /^Client C2 /,
      );
    });

    it('no sessions in the period, so the case file would not count', () => {
      const item = only(check(ready({ sessions: [session('S-1', { startsAt: at('2025-05-06T10:00'), details: {} })] })).warnings, 'period.noSessions');
      assert.match(item.message, /no sessions in 1 Jul – 31 Dec 2025/);
      assert.equal(item.fix?.command, 'addSession');
    });
  });

  describe('which sessions are checked', () => {
    const mayAndOctober = ready({ sessions: [session('S-MAY', { startsAt: at('2025-05-06T10:00'), details: {} }), session('S-OCT', { details: {} })] });

    it('leaves sessions of closed periods alone', () => {
      const r = check(mayAndOctober);
      assert.deepEqual(
        r.errors.map((e) => e.sessionId),
        ['S-OCT'],
      );
      assert.equal(r.sessionsChecked, 1);
    });

    it('checks both open periods in July, while the January–June period is still open', () => {
      const mayAndJuly = ready({
        sessions: [session('S-MAY', { startsAt: at('2025-05-06T10:00'), details: {} }), session('S-JUL', { startsAt: at('2025-07-03T10:00'), details: {} })],
      });
      const r = check(mayAndJuly, { now: DateTime.fromISO('2025-07-10T10:00', { zone: ZONE }) });
      assert.deepEqual(
        r.periods.map((p) => p.id),
        ['2025-H1', '2025-H2'],
      );
      assert.deepEqual(
        r.errors.map((e) => `${e.sessionId} ${e.periodId}`),
        ['S-MAY 2025-H1', 'S-JUL 2025-H2'],
      );
    });

    it('checks only the periods asked for', () => {
      const r = check(mayAndOctober, { periods: [reportingPeriod(2025, 1, ZONE)] });
      assert.deepEqual(
        r.errors.map((e) => `${e.sessionId} ${e.periodId}`),
        ['S-MAY 2025-H1'],
      );
    });
  });
});
