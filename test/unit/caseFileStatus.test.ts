import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseOrganisations } from '../../src/config/organisations';
import type { CaseFile } from '../../src/domain/caseFile';
import { caseFileStatus } from '../../src/domain/caseFileStatus';
import { caseFilesDue, needsResummary, standingInPeriod, summariseCaseFile, type SummarisedCaseFile } from '../../src/domain/caseFileSummary';
import { CaseFileSummarySchema } from '../../src/domain/caseFileSummarySchema';
import { checkReadiness } from '../../src/domain/readiness';
import { reportingPeriod } from '../../src/domain/periods';
import { periodDeadlineText } from '../../cards/statusCards';
import type { CommunityScore, Session } from '../../src/domain/session';
import { sampleOrganisations } from '../support/sampleOrganisations';

const ZONE = 'Australia/Sydney';
const ACTOR = { userId: 'u-1', name: 'Alice Case-Manager' };
const BOB = { userId: 'u-2', name: 'Bob Coordinator' };
const organisation = parseOrganisations(sampleOrganisations(), 'test organisations').byId('harbourside-community')!;
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISO()!;
const sydney = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

function score(ratings: CommunityScore['ratings'], singleRating = false): CommunityScore {
  return { ratings, singleRating, assessedByCode: 'SDPRACTITIONER', recordedAt: at('2025-10-13T12:00'), recordedBy: ACTOR };
}

function session(sessionId: string, startsAt: string, change: Partial<Session> = {}): Session {
  return {
    sessionId,
    startsAt: at(startsAt),
    durationMinutes: 90,
    unidentifiedParticipants: 0,
    details: { serviceTypeId: 352 },
    participants: [
      { clientId: 'C1', participationCode: 'CLIENT', referrals: [] },
      { clientId: 'C2', participationCode: 'CLIENT', referrals: [] },
    ],
    ...change,
  };
}

function caseFile(sessions: Session[], change: Partial<CaseFile> = {}): CaseFile {
  return {
    organisationId: 'harbourside-community',
    caseFileId: 'cf-1',
    caseId: 'CF-2510-ABCDE',
    name: 'Wednesday seniors social group',
    overview: '',
    outletActivityId: 10421,
    clientAttendanceProfileCode: 'PSGROUP',
    totalUnidentifiedClients: 0,
    clients: ['C1', 'C2', 'C3'].map((clientId) => ({
      clientId,
      referralSourceCode: 'SELF',
      reasons: [{ code: 'COMMUNITY', isPrimary: true }],
      addedAt: at('2025-09-01T09:00'),
      addedBy: ACTOR,
    })),
    sessions,
    transfers: [],
    audit: [
      { at: at('2025-09-01T09:00'), by: ACTOR, action: 'caseFile.created', detail: 'Created case file CF-2510-ABCDE' },
      { at: at('2025-10-14T16:20'), by: BOB, action: 'sessionDetails.updated', detail: 'Session S-3: changed serviceTypeId' },
    ],
    createdAt: at('2025-09-01T09:00'),
    createdBy: ACTOR,
    updatedAt: at('2025-10-14T16:20'),
    updatedBy: BOB,
    version: 7,
    ...change,
  };
}

describe('case file status', () => {
  const cf = caseFile([
    session('S-1', '2025-09-29T10:00', { communityScore: score([{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }]) }),
    session('S-3', '2025-10-13T10:00', { details: {}, unidentifiedParticipants: 4, durationMinutes: 120 }),
    session('S-2', '2025-10-06T10:00', {
      participants: [
        { clientId: 'C1', participationCode: 'CLIENT', referrals: [] },
        { clientId: 'C2', participationCode: 'CLIENT', referrals: [] },
        { clientId: 'C3', participationCode: 'SUPPORT', referrals: [] },
      ],
      communityScore: score([{ domainCode: 'SOCIALCOHESION', pre: 2 }]),
    }),
  ]);
  const names = new Map([
    ['C1', { givenName: 'Margaret', familyName: 'Nguyen' }],
    ['C2', { givenName: 'Harold', familyName: 'Fitzgerald' }],
  ]);
  const status = caseFileStatus(cf, { organisation, clientsById: names });

  it('counts clients and sessions, with the first and latest date and the total time', () => {
    assert.equal(status.outletActivity.name, 'Community and Home Support - Seniors social groups');
    assert.equal(status.outletActivity.outletName, 'Parramatta community hub');
    assert.equal(status.clientCount, 3);
    assert.deepEqual(status.clientNames, ['Harold Fitzgerald', 'Margaret Nguyen', 'Client C3'], 'by family name, unknown clients last');
    assert.equal(status.sessionCount, 3);
    assert.equal(status.firstSessionAt?.toISODate(), '2025-09-29');
    assert.equal(status.latestSessionAt?.toISODate(), '2025-10-13');
    assert.equal(status.totalMinutes, 300);
  });

  it('lists who attended each session, newest first, and the spread of attendance', () => {
    assert.deepEqual(
      status.sessions.map((s) => [s.sessionId, s.clients, s.supportPeople, s.unidentified]),
      [
        ['S-3', 2, 0, 4],
        ['S-2', 2, 1, 0],
        ['S-1', 2, 0, 0],
      ],
    );
    assert.deepEqual(status.attendance, { average: 11 / 3, fewest: 2, most: 6 });
  });

  it('names the sessions still missing their service type', () => {
    assert.deepEqual(
      status.sessionsMissingDetails.map((s) => s.sessionId),
      ['S-3'],
    );
  });

  it('counts Community SCORE coverage: PRE and POST, one phase, none', () => {
    assert.deepEqual(status.communityScore, { prePost: 1, onePhase: 1, none: 1 });
  });

  it('reports the last change and who made it, in the organisation’s time zone', () => {
    assert.equal(status.lastChange.by.name, 'Bob Coordinator');
    assert.equal(status.lastChange.detail, 'Session S-3: changed serviceTypeId');
    assert.equal(status.lastChange.at.toFormat('yyyy-MM-dd HH:mm ZZ'), '2025-10-14 16:20 +11:00');
  });

  it('copes with a new case file that has no sessions or audit yet', () => {
    const empty = caseFileStatus(caseFile([], { audit: [], clients: [] }));
    assert.equal(empty.sessionCount, 0);
    assert.equal(empty.firstSessionAt, undefined);
    assert.deepEqual(empty.attendance, { average: 0, fewest: 0, most: 0 });
    assert.equal(empty.lastChange.by.name, 'Bob Coordinator');
    assert.equal(empty.outletActivity.name, undefined, 'without the organisation only the activity id is known');
  });
});

describe('stored case file summary', () => {
  const cf = caseFile([
    session('S-MAY', '2025-05-06T10:00', { details: {} }),
    session('S-JUN', '2025-06-30T23:30'),
    session('S-OCT', '2025-10-13T10:00', { details: {}, communityScore: score([{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }]) }),
    session('S-NOV', '2025-11-03T10:00', { communityScore: score([{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }]) }),
  ]);

  it('counts sessions and problems per period, taking the last change as now', () => {
    const summary = CaseFileSummarySchema.parse(summariseCaseFile(cf));
    assert.equal(summary.computedAt, cf.updatedAt);
    assert.equal(summary.sessionCount, 4);
    assert.equal(summary.clientCount, 3);
    assert.equal(summary.latestSessionAt, at('2025-11-03T10:00'));
    assert.deepEqual(summary.periodIds, ['2025-H1', '2025-H2']);
    const [h1, h2] = summary.periods;
    // Both H1 sessions lack a Community SCORE: one warning for the case file, not one per session.
    assert.deepEqual(h1, {
      periodId: '2025-H1',
      sessionCount: 2,
      latestSessionAt: at('2025-06-30T23:30'),
      errorCount: 1,
      warningCount: 1,
      futureSessionDates: [],
    });
    assert.deepEqual(h2, {
      periodId: '2025-H2',
      sessionCount: 2,
      latestSessionAt: at('2025-11-03T10:00'),
      errorCount: 1,
      warningCount: 0,
      futureSessionDates: ['2025-11-03'],
    });
    assert.equal(summary.errorCount, 3, 'the November session was in the future at the last change');
    assert.equal(summary.caseErrorCount, 0);
  });

  it('stops counting a future date as an error once its day comes', () => {
    const summary = summariseCaseFile(cf);
    assert.equal(standingInPeriod(summary, '2025-H2', sydney('2025-11-02T23:00'))?.errorCount, 2);
    assert.equal(standingInPeriod(summary, '2025-H2', sydney('2025-11-03T08:00'))?.errorCount, 1);
    assert.equal(standingInPeriod(summary, '2024-H2', sydney('2025-11-03T08:00')), undefined);
  });

  it('counts case file and client problems in every period', () => {
    const withClientProblem = caseFile(cf.sessions, {
      clients: [{ ...cf.clients[0]!, referralSourceCode: undefined, reasons: [{ code: 'AGE', isPrimary: false }] }, ...cf.clients.slice(1)],
    });
    const summary = summariseCaseFile(withClientProblem);
    assert.equal(summary.caseErrorCount, 1);
    assert.equal(summary.caseWarningCount, 1);
    assert.equal(standingInPeriod(summary, '2025-H1', sydney('2025-12-01T08:00'))?.warningCount, 2);
  });
});

describe('case files due', () => {
  function listing(name: string, sessions: Session[]): SummarisedCaseFile {
    const cf = caseFile(sessions, { caseFileId: `cf-${name}`, caseId: `CF-${name}`, name, updatedAt: at('2025-10-15T09:00') });
    return { caseFileId: cf.caseFileId, caseId: cf.caseId, name: cf.name, summary: summariseCaseFile(cf) };
  }
  const scored = score([{ domainCode: 'SOCIALCOHESION', pre: 2, post: 3 }]);
  const all = [
    listing('Ready group', [session('S-1', '2025-10-01T10:00', { communityScore: scored })]),
    listing('Two errors', [
      session('S-1', '2025-10-01T10:00', { details: {}, communityScore: scored }),
      session('S-2', '2025-10-08T10:00', { details: {}, communityScore: scored }),
    ]),
    listing('One error', [session('S-1', '2025-10-01T10:00', { details: {} })]),
    listing('Warnings only', [session('S-1', '2025-10-01T10:00')]),
    listing('Last period', [session('S-1', '2025-03-01T10:00', { details: {} })]),
  ];

  it('lists case files with sessions in the open period, most to fix first, with the days left', () => {
    const [due, ...others] = caseFilesDue(all, sydney('2025-10-20T10:00'), ZONE);
    assert.equal(others.length, 0);
    assert.equal(due!.period.id, '2025-H2');
    assert.equal(due!.daysLeft, 103);
    assert.deepEqual(
      due!.caseFiles.map((c) => [c.name, c.errorCount, c.warningCount]),
      [
        ['Two errors', 2, 0],
        ['One error', 1, 1],
        ['Warnings only', 0, 1],
        ['Ready group', 0, 0],
      ],
    );
  });

  it('in July lists the closing January–June period first, then the new one', () => {
    const due = caseFilesDue(all, sydney('2025-07-28T10:00'), ZONE);
    assert.deepEqual(
      due.map((d) => [d.period.id, d.daysLeft, d.caseFiles.map((c) => c.name)]),
      [
        ['2025-H1', 3, ['Last period']],
        ['2025-H2', 187, ['Two errors', 'One error', 'Warnings only', 'Ready group']],
      ],
    );
  });
});

describe('an organisation outside eastern time', () => {
  const PERTH = 'Australia/Perth';
  const perthOrg = { ...organisation, timeZone: PERTH };
  // 11 pm on 31 December in Perth: already 1 January in Sydney.
  const newYearsEve = DateTime.fromISO('2025-12-31T23:00', { zone: PERTH }).toISO()!;
  const cf = caseFile([{ ...session('S-1', '2025-12-01T10:00'), startsAt: newYearsEve }], {
    updatedAt: DateTime.fromISO('2026-01-02T09:00', { zone: PERTH }).toISO()!,
  });

  it('places a late-evening session in the same period in readiness and in the "what is due" list', () => {
    const now = DateTime.fromISO('2026-01-15T09:00', { zone: PERTH });
    const readiness = checkReadiness(cf, { organisation: perthOrg, now });
    assert.deepEqual(
      readiness.periods.map((p) => p.id),
      ['2025-H2', '2026-H1'],
    );
    assert.equal(readiness.sessionsChecked, 1);
    assert.ok(!readiness.warnings.some((w) => w.code === 'period.noSessions' && /1 Jul – 31 Dec 2025/.test(w.message)));
    const summary = summariseCaseFile(cf, PERTH);
    assert.deepEqual(summary.periodIds, ['2025-H2']);
    const due = caseFilesDue([{ caseFileId: cf.caseFileId, caseId: cf.caseId, name: cf.name, summary }], now, PERTH);
    assert.deepEqual(
      due.map((d) => [d.period.id, d.caseFiles.length]),
      [
        ['2025-H2', 1],
        ['2026-H1', 0],
      ],
    );
  });

  it('drops the closed period from the "what is due" list at 9 pm Perth time on 30 January', () => {
    const summary = summariseCaseFile(cf, PERTH);
    const listing = [{ caseFileId: cf.caseFileId, caseId: cf.caseId, name: cf.name, summary }];
    const justBefore = caseFilesDue(listing, DateTime.fromISO('2026-01-30T20:59', { zone: PERTH }), PERTH);
    assert.deepEqual(
      justBefore.map((d) => [d.period.id, d.daysLeft]),
      [
        ['2025-H2', 1],
        ['2026-H1', 182],
      ],
    );
    const after = caseFilesDue(listing, DateTime.fromISO('2026-01-30T22:30', { zone: PERTH }), PERTH);
    assert.deepEqual(
      after.map((d) => d.period.id),
      ['2026-H1'],
    );
  });

  it('adds the errors of its clients’ records to a case file in the "what is due" list, and redoes summaries that do not name their clients', () => {
    const summary = summariseCaseFile(cf, PERTH);
    assert.deepEqual(
      summary.clientIds,
      cf.clients.map((c) => c.clientId),
    );
    assert.ok(summary.clientIds!.length > 0);
    const listing = [{ caseFileId: cf.caseFileId, caseId: cf.caseId, name: cf.name, summary }];
    const now = DateTime.fromISO('2026-01-15T09:00', { zone: PERTH });
    const [without] = caseFilesDue(listing, now, PERTH);
    const [withClients] = caseFilesDue(
      listing,
      now,
      PERTH,
      new Map([
        [summary.clientIds![0]!, 2],
        ['someone-elsewhere', 5],
      ]),
    );
    assert.equal(withClients!.caseFiles[0]!.errorCount, without!.caseFiles[0]!.errorCount + 2);
    const { clientIds: _ids, ...storedBefore } = summary;
    assert.equal(needsResummary(storedBefore, PERTH), true);
  });

  it('knows a summary placed in eastern time must be redone for Perth', () => {
    const eastern = summariseCaseFile(cf);
    assert.deepEqual(eastern.periodIds, ['2026-H1'], 'the old eastern placement, which the fix replaces');
    assert.equal(needsResummary(eastern, PERTH), true);
    assert.equal(needsResummary(summariseCaseFile(cf, PERTH), PERTH), false);
    const { zone: _zone, ...beforeZonesWereRecorded } = eastern;
    assert.equal(needsResummary(beforeZonesWereRecorded, ZONE), false);
    assert.equal(needsResummary(beforeZonesWereRecorded, PERTH), true);
  });
});

describe('deadline in words', () => {
  it('gives an organisation outside eastern time its own closing time', () => {
    assert.equal(
      periodDeadlineText(reportingPeriod(2025, 2, 'Australia/Perth'), 2),
      '1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026 eastern time (9:00 pm on 30 Jan 2026 in Perth), 2 days left',
    );
    assert.equal(
      periodDeadlineText(reportingPeriod(2025, 1, 'Australia/Darwin'), 0),
      '1 Jan – 30 Jun 2025: closed at the end of 30 Jul 2025 eastern time (11:30 pm on 30 Jul 2025 in Darwin)',
    );
    assert.equal(periodDeadlineText(reportingPeriod(2025, 2), 1), '1 Jul – 31 Dec 2025: due by the end of 30 Jan 2026, today is the last day');
  });
});
