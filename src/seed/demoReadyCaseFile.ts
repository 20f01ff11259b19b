import { DateTime } from 'luxon';
import type { CaseFile } from '../domain/caseFile';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, updateSessionDetails, type ChangeContext } from '../domain/caseFileOperations';
import type { Client } from '../domain/client';
import { recordCommunityScore } from '../domain/communityScore';
import { outletActivities, type Organisation } from '../domain/organisation';
import type { Outcome } from '../domain/outcome';
import { currentReportingPeriod } from '../domain/periods';
import type { ReferenceData } from '../domain/referenceData';

export const DEMO_READY_CASE_FILE_ID = 'demo-case-file-walking';

function unwrap<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`demo data breaks a rule: ${o.problems.map((p) => p.message).join('; ')}`);
  return o.value;
}

/**
 * A small walking group with everything DEX needs, so a fresh demo store has a case file that is ready and
 * exports (the seniors' group beside it keeps its gaps for the readiness questions). Its two sessions fall in
 * the current reporting period: a week and a day ago, or on the period's first day when it began since.
 */
export function demoReadyCaseFile(org: Organisation, clients: Client[], ctx: ChangeContext, referenceData: ReferenceData): CaseFile {
  const activity = outletActivities(org)[0]!;
  const members = clients.slice(10, 12);
  const now = ctx.now.setZone(ctx.zone);
  const periodStart = currentReportingPeriod(now, ctx.zone).start.set({ hour: 9 });
  const times = [now.minus({ weeks: 1 }), now.minus({ days: 1 })]
    .map((t) => t.set({ hour: 9, minute: 0, second: 0, millisecond: 0 }))
    .map((t) => DateTime.max(periodStart, t))
    .filter((t, i, all) => t <= now && all.findIndex((o) => o.equals(t)) === i);
  let cf = unwrap(
    createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId: DEMO_READY_CASE_FILE_ID,
        caseId: 'CF-DEMO-0002',
        name: 'Friday walking group',
        overview: 'Weekly walk along the river, ready for DEX.',
        outletActivityId: activity.outletActivityId,
        clientAttendanceProfileCode: 'PSGROUP',
        totalUnidentifiedClients: 1,
      },
      ctx,
    ),
  );
  cf = unwrap(
    addCaseClients(
      cf,
      members.map((c) => ({
        clientId: c.clientId,
        givenName: c.givenName,
        familyName: c.familyName,
        referralSourceCode: 'SELF',
        reasons: [{ code: 'COMMUNITY', isPrimary: true }],
      })),
      ctx,
    ),
  );
  if (times.length === 0) return cf;
  cf = unwrap(
    addSessions(
      cf,
      times.map((startsAt) => ({ startsAt, durationMinutes: 60, unidentifiedParticipants: 1 })),
      ctx,
    ),
  );
  for (const session of cf.sessions) {
    cf = unwrap(
      assignParticipants(
        cf,
        session.sessionId,
        { added: members.map((m) => ({ clientId: m.clientId, participationCode: 'CLIENT', referrals: [] })), removed: [], changed: [] },
        ctx,
      ),
    );
    cf = unwrap(updateSessionDetails(cf, org, session.sessionId, { serviceTypeId: 352, interpreterPresent: false }, ctx));
    cf = unwrap(
      recordCommunityScore(
        cf,
        session.sessionId,
        {
          ratings: [
            { domainCode: 'GROUPSKILLS', pre: 2, post: 3 },
            { domainCode: 'GROUPNETWORKS', pre: 2, post: 4 },
          ],
          singleRating: false,
          assessedByCode: 'SDPRACTITIONER',
        },
        ctx,
        referenceData,
      ),
    );
  }
  return cf;
}
