import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Activity } from '../domain/activity';
import type { CaseFile } from '../domain/caseFile';
import { addCaseClients, addSessions, assignParticipants, createCaseFile, updateSessionDetails, type ChangeContext } from '../domain/caseFileOperations';
import type { Client, Gender, StateCode } from '../domain/client';
import type { ClientDetailsChange } from '../domain/clientDetails';
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

/**
 * DEX details of each demo person, in PEOPLE order. Joan Papadopoulos keeps the typical gaps of a client first
 * met at a group (no country, language or address yet), so the demo case file shows the "complete client
 * details" fix; everyone else is DEX-complete.
 */
type DemoDetails = Omit<ClientDetailsChange, 'residentialAddress'> & { lives?: [string, StateCode, string] };
const NO_DISABILITY = { hasDisabilities: false } as const;
const DETAILS: DemoDetails[] = [
  {
    countryOfBirthCode: '5105',
    languageSpokenAtHomeCode: '6302',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Parramatta', 'NSW', '2150'],
  },
  {
    countryOfBirthCode: '2201',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    hasDisabilities: true,
    disabilityCodes: ['PHYSICAL'],
    lives: ['Westmead', 'NSW', '2145'],
  },
  { aboriginalOrTorresStraitIslanderOriginCode: 'NO', ...NO_DISABILITY },
  {
    countryOfBirthCode: '6101',
    languageSpokenAtHomeCode: '7101',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Harris Park', 'NSW', '2150'],
  },
  {
    countryOfBirthCode: '2201',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    hasDisabilities: true,
    disabilityCodes: ['SENSORY'],
    lives: ['North Parramatta', 'NSW', '2151'],
  },
  {
    countryOfBirthCode: '3307',
    languageSpokenAtHomeCode: '3602',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Granville', 'NSW', '2142'],
  },
  {
    countryOfBirthCode: '1201',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Merrylands', 'NSW', '2160'],
  },
  {
    countryOfBirthCode: '3104',
    languageSpokenAtHomeCode: '2401',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Parramatta', 'NSW', '2150'],
  },
  {
    countryOfBirthCode: '4208',
    languageSpokenAtHomeCode: '4202',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Guildford', 'NSW', '2161'],
  },
  {
    countryOfBirthCode: '1101',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'ABORIGINAL',
    ...NO_DISABILITY,
    lives: ['Darwin', 'NT', '0800'],
  },
  {
    countryOfBirthCode: '7103',
    languageSpokenAtHomeCode: '5203',
    aboriginalOrTorresStraitIslanderOriginCode: 'NO',
    ...NO_DISABILITY,
    lives: ['Wentworthville', 'NSW', '2145'],
  },
  {
    countryOfBirthCode: '1101',
    languageSpokenAtHomeCode: '1201',
    aboriginalOrTorresStraitIslanderOriginCode: 'NOTSTATED',
    hasDisabilities: true,
    disabilityCodes: ['NOTSTATED'],
    lives: ['Parramatta', 'NSW', '2150'],
  },
];

/** The demo person's DEX details as a change: everything known about them, nothing invented for Joan's gaps. */
export function demoClientDetails(index: number): ClientDetailsChange {
  const { lives, ...rest } = DETAILS[index]!;
  return {
    consentToProvideDetails: true,
    consentedForFutureContacts: index % 3 !== 0,
    isUsingPseudonym: false,
    ...rest,
    ...(lives ? { residentialAddress: { suburb: lives[0], state: lives[1], postcode: lives[2] } } : {}),
  };
}

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
    ...demoClientDetails(i),
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
  cf = unwrap(
    addSessions(
      cf,
      weeks.map((startsAt) => ({ startsAt, durationMinutes: 120, unidentifiedParticipants: 2, ownRecordsConfirmed: true })),
      ctx,
    ),
  );
  for (const session of cf.sessions) {
    cf = unwrap(
      assignParticipants(
        cf,
        session.sessionId,
        additions(members.map((m) => ({ clientId: m.clientId, participationCode: 'CLIENT' as const, referrals: [] }))),
        ctx,
      ),
    );
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
    const startsAt = now
      .setZone(org.timeZone)
      .minus({ weeks: 8 - i })
      .set({ weekday: 2, hour: 13, minute: 30, second: 0, millisecond: 0 });
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
