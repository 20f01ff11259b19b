import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Activity } from '../domain/activity';
import type { CaseFile } from '../domain/caseFile';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, updateSessionDetails, type ChangeContext } from '../domain/caseFileOperations';
import type { Client, Gender } from '../domain/client';
import type { Organisation } from '../domain/organisation';
import { outletActivities } from '../domain/organisation';
import { computeSlk } from '../domain/slk';
import { additions } from '../domain/listChange';

/** Invented people: any likeness to a real person is accidental. */
const PEOPLE: [string, string, string, Gender][] = [
  ['Margaret', 'Nguyen', '1948-03-12', 'FEMALE'],
  ['Harold', 'Fitzgerald', '1944-11-02', 'MALE'],
  ['Joan', 'Papadopoulos', '1951-07-03', 'FEMALE'],
  ['Wei', 'Li', '1956-01-01', 'MALE'],
  ['Beryl', "O'Connor", '1940-05-27', 'FEMALE'],
  ['Stan', 'Kowalski', '1949-09-15', 'MALE'],
  ['Aroha', 'Walker', '1962-02-20', 'FEMALE'],
  ['Giuseppe', 'Romano', '1946-12-08', 'MALE'],
  ['Fatima', 'Haddad', '1958-04-30', 'FEMALE'],
  ['Doug', 'Smith-Jones', '1953-08-19', 'MALE'],
  ['Priya', 'Sharma', '1960-10-10', 'FEMALE'],
  ['Alex', 'Taylor', '1970-06-06', 'OTHER'],
];

export const DEMO_ACTIVITY_ID = 'SP-ACT-TUESDAY-SENIORS';

export function demoClients(org: Organisation, ctx: ChangeContext): Client[] {
  return PEOPLE.map(([givenName, familyName, birthDate, gender], i) => ({
    organisationId: org.organisationId,
    clientId: `CL-DEMO${String(i + 1).padStart(3, '0')}`,
    givenName,
    familyName,
    birthDate,
    birthDateEstimated: birthDate.endsWith('-01-01'),
    gender,
    slk: computeSlk({ familyName, givenName, birthDate, sex: gender }),
    consentToProvideDetails: true,
    consentedForFutureContacts: i % 3 !== 0,
    createdAt: ctx.now.toISO()!,
    createdBy: ctx.actor,
  }));
}

/** A seniors' group case file with three weekly sessions, the first two filled in, the last missing details. */
export function demoCaseFile(org: Organisation, clients: Client[], ctx: ChangeContext): CaseFile {
  const activity = outletActivities(org)[0]!;
  const unwrap = <T>(o: { ok: true; value: T } | { ok: false; problems: { message: string }[] }): T => {
    if (!o.ok) throw new Error(`demo data breaks a rule: ${o.problems.map((p) => p.message).join('; ')}`);
    return o.value;
  };
  let cf = unwrap(
    createCaseFile(
      org,
      {
        organisationId: org.organisationId,
        caseFileId: 'demo-case-file-seniors',
        caseId: 'CF-DEMO-0001',
        name: 'Wednesday seniors social group',
        overview: 'Weekly social group at the Parramatta hub.',
        outletActivityId: activity.outletActivityId,
        clientAttendanceProfileCode: 'PSGROUP',
        totalUnidentifiedClients: 0,
      },
      ctx,
    ),
  );
  const members = clients.slice(0, 4);
  cf = unwrap(
    addCaseClients(
      cf,
      members.map((c, i) => ({
        clientId: c.clientId,
        givenName: c.givenName,
        familyName: c.familyName,
        referralSourceCode: i === 3 ? undefined : 'SELF',
        reasons: [{ code: 'COMMUNITY', isPrimary: true }],
      })),
      ctx,
    ),
  );
  const weeks = [3, 2, 1].map((w) => ctx.now.setZone(ctx.zone).minus({ weeks: w }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }));
  // Seeded in the three weeks after a DEX deadline, the oldest sessions fall in the period just closed: they are
  // demo history kept for the organisation's own records, so the seed never stops on that rule.
  cf = unwrap(addSessions(cf, weeks.map((startsAt) => ({ startsAt, durationMinutes: 120, unidentifiedParticipants: 2, ownRecordsConfirmed: true })), ctx));
  for (const session of cf.sessions) {
    cf = unwrap(assignParticipants(cf, session.sessionId, additions(members.map((m) => ({ clientId: m.clientId, participationCode: 'CLIENT' as const, referrals: [] }))), ctx));
  }
  for (const session of cf.sessions.slice(0, 2)) {
    cf = unwrap(updateSessionDetails(cf, org, session.sessionId, { serviceTypeId: 352, interpreterPresent: false }, ctx));
  }
  return cf;
}

/** An activity as the activity-management system exports it: eight weekly sessions and their roll. */
export function demoActivity(org: Organisation, clients: Client[], now: DateTime): Activity {
  const roll = clients.slice(4, 10);
  const sessions = Array.from({ length: 8 }, (_, i) => {
    const startsAt = now.setZone(org.timeZone).minus({ weeks: 8 - i }).set({ weekday: 2, hour: 13, minute: 30, second: 0, millisecond: 0 });
    return {
      sessionKey: `TSG-${startsAt.toFormat('yyyyMMdd')}`,
      startsAt: startsAt.toISO()!,
      durationMinutes: 90,
      roll: roll.map((c, j) => ({
        clientId: c.clientId,
        givenName: c.givenName,
        familyName: c.familyName,
        birthDate: c.birthDate,
        gender: c.gender,
        booked: true,
        attended: (i + j) % 5 !== 0,
      })),
    };
  });
  const body = { name: 'Tuesday seniors group', outletId: org.outlets[0]!.outletId, sessions };
  return {
    organisationId: org.organisationId,
    activityId: DEMO_ACTIVITY_ID,
    ...body,
    importedAt: now.toISO()!,
    contentHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
  };
}
