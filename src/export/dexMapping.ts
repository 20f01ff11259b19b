/**
 * Where every value in a DEX upload file comes from: the one place that maps the bot's records (clients, case
 * files, sessions, Community SCOREs) to DEX element names. The result is a plain tree keyed by element name;
 * the writer puts it in the order the schema in use gives and leaves out what that schema does not declare,
 * so elements DSS added after 2015 (ServiceSettingCode, TopicCode, ClientAttendanceProfileCode, …) are listed
 * here under their documented names and reach a file only when the schema has a place for them.
 *
 * Values left undefined, empty strings and empty lists mean "not recorded": the writer omits them, as DSS asks
 * ("if element is present in the XML, then a value must be provided").
 */
import type { CaseClient, CaseFile } from '../domain/caseFile';
import type { Client } from '../domain/client';
import type { DomainRating, Session } from '../domain/session';

export type XmlScalar = string | number | boolean;
export type XmlValue = XmlScalar | XmlRecord | readonly XmlValue[] | undefined;
export interface XmlRecord {
  readonly [element: string]: XmlValue;
}

/** Element names of the sections this exporter writes, in the order a data officer expects to read them. */
export const SECTION = {
  clients: { section: 'Clients', item: 'Client' },
  cases: { section: 'Cases', item: 'Case' },
  sessions: { section: 'Sessions', item: 'Session' },
  sessionAssessments: { section: 'SessionAssessments', item: 'SessionAssessment' },
} as const;
export type SectionKey = keyof typeof SECTION;
export const SECTION_ORDER: readonly SectionKey[] = ['clients', 'cases', 'sessions', 'sessionAssessments'];

/**
 * The client fields DEX asks for that the stored client may not carry yet (added to the client record
 * separately); read as optional so a client without them simply lacks the element.
 */
type DexClient = Client &
  Partial<{
    isUsingPseudonym: boolean;
    homelessIndicatorCode: string;
    educationLevelCode: string;
    employmentStatusCode: string;
    isClientACarer: boolean;
    ndisEligibilityCode: string;
  }>;

/** Community SCORE codes the file needs from the reference data. */
export type ScoreCodes = { scoreType: string };

/** `xs:date`: the calendar date alone. */
function isoDate(value: string): string {
  return value.slice(0, 10);
}

function nonEmpty<T>(items: readonly T[] | undefined): readonly T[] | undefined {
  return items && items.length > 0 ? items : undefined;
}

/**
 * A client as DEX's Client element. Names go in only when the client consented to DSS having their details;
 * otherwise DEX identifies them by the statistical linkage key alone.
 */
export function clientRecord(client: DexClient): XmlRecord {
  const named = client.consentToProvideDetails;
  const address = client.residentialAddress;
  return {
    ClientId: client.clientId,
    Slk: client.slk,
    ConsentToProvideDetails: client.consentToProvideDetails,
    ConsentedForFutureContacts: client.consentedForFutureContacts,
    GivenName: named ? client.givenName.trim() : undefined,
    FamilyName: named ? client.familyName.trim() : undefined,
    IsUsingPsuedonym: client.isUsingPseudonym,
    BirthDate: client.birthDate,
    IsBirthDateAnEstimate: client.birthDateEstimated,
    GenderCode: client.gender,
    GenderDetails: client.genderDetails,
    CountryOfBirthCode: client.countryOfBirthCode,
    LanguageSpokenAtHomeCode: client.languageSpokenAtHomeCode,
    AboriginalOrTorresStraitIslanderOriginCode: client.aboriginalOrTorresStraitIslanderOriginCode,
    HasDisabilities: client.hasDisabilities,
    Disabilities: nonEmpty(client.disabilityCodes) ? { DisabilityCode: client.disabilityCodes } : undefined,
    ResidentialAddress: address ? { Suburb: address.suburb.trim(), StateCode: address.state, Postcode: address.postcode } : undefined,
    HomelessIndicatorCode: client.homelessIndicatorCode,
    EducationLevelCode: client.educationLevelCode,
    EmploymentStatusCode: client.employmentStatusCode,
    IsClientACarer: client.isClientACarer,
    NDISEligibilityCode: client.ndisEligibilityCode,
  };
}

function caseClientRecord(c: CaseClient): XmlRecord {
  return {
    ClientId: c.clientId,
    ReferralSourceCode: c.referralSourceCode,
    ReasonsForAssistance: nonEmpty(c.reasons)
      ? { ReasonForAssistance: c.reasons.map((r) => ({ ReasonForAssistanceCode: r.code, IsPrimary: r.isPrimary })) }
      : undefined,
    ExitReasonCode: c.exitReasonCode,
  };
}

export function caseRecord(cf: CaseFile): XmlRecord {
  return {
    CaseId: cf.caseId,
    OutletActivityId: cf.outletActivityId,
    TotalNumberOfUnidentifiedClients: cf.totalUnidentifiedClients,
    ClientAttendanceProfileCode: cf.clientAttendanceProfileCode,
    EndDate: cf.endDate,
    CaseClients: nonEmpty(cf.clients) ? { CaseClient: cf.clients.map(caseClientRecord) } : undefined,
  };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The session's calendar date in the organisation's zone, which decides its reporting period too. ICU's
 * formatter gives YYYY-MM-DD for the en-CA locale, at a fraction of the cost of a time-zone-aware date object.
 */
export function sessionDate(session: Session, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(zone, format);
  }
  const millis = Date.parse(session.startsAt);
  return Number.isNaN(millis) ? isoDate(session.startsAt) : format.format(millis);
}

export function sessionRecord(cf: CaseFile, session: Session, zone: string): XmlRecord {
  const d = session.details;
  return {
    SessionId: session.sessionId,
    CaseId: cf.caseId,
    SessionDate: sessionDate(session, zone),
    ServiceTypeId: d.serviceTypeId,
    TotalNumberOfUnidentifiedClients: session.unidentifiedParticipants,
    MoneyBusinessCommunityEducationWorkshopCode: d.moneyBusinessWorkshopCode,
    InterpreterPresent: d.interpreterPresent,
    ServiceSettingCode: d.serviceSettingCode,
    TopicCode: d.topicCode,
    HardshipTypeCode: d.hardshipTypeCode,
    ExternalReferralDestinationCode: d.referralDestinationCode,
    SessionClients: nonEmpty(session.participants)
      ? {
          SessionClient: session.participants.map((p) => ({
            ClientId: p.clientId,
            ParticipationCode: p.participationCode,
            ClientReferralOutWithPurpose: nonEmpty(p.referrals)
              ? { Referral: p.referrals.map((r) => ({ TypeCode: r.typeCode, PurposeCodes: { PurposeCode: r.purposeCodes } })) }
              : undefined,
          })),
        }
      : undefined,
  };
}

/**
 * The session's Community SCORE as a SessionAssessment: a PRE and a POST assessment, each scoring the domains
 * rated in that phase as `<DOMAIN><1-5>`; domains marked not applicable carry no rating and are left out. A
 * single end-of-session rating is stored as POST. Undefined when nothing was rated.
 */
export function sessionAssessmentRecord(cf: CaseFile, session: Session, codes: ScoreCodes): XmlRecord | undefined {
  const score = session.communityScore;
  if (!score) return undefined;
  const phase = (phaseCode: 'PRE' | 'POST', pick: (r: DomainRating) => number | undefined): XmlRecord | undefined => {
    const scores = score.ratings.flatMap((r) => {
      const rating = pick(r);
      return rating === undefined ? [] : [`${r.domainCode}${rating}`];
    });
    return scores.length === 0
      ? undefined
      : { ScoreTypeCode: codes.scoreType, AssessmentPhaseCode: phaseCode, AssessedByCode: score.assessedByCode, Scores: { ScoreCode: scores } };
  };
  const assessments = [phase('PRE', (r) => r.pre), phase('POST', (r) => r.post)].filter((a): a is XmlRecord => a !== undefined);
  if (assessments.length === 0) return undefined;
  return { CaseId: cf.caseId, SessionId: session.sessionId, Assessments: { Assessment: assessments } };
}

/** Plain words for element names, for messages a data officer reads. Unlisted names are split into words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  ClientId: 'client id',
  Slk: 'statistical linkage key (SLK)',
  ConsentToProvideDetails: 'consent to give DSS their details',
  ConsentedForFutureContacts: 'consent to be contacted in future',
  GivenName: 'given name',
  FamilyName: 'family name',
  IsUsingPsuedonym: 'whether the name is a pseudonym',
  BirthDate: 'date of birth',
  IsBirthDateAnEstimate: 'whether the date of birth is an estimate',
  GenderCode: 'gender',
  CountryOfBirthCode: 'country of birth',
  LanguageSpokenAtHomeCode: 'main language spoken at home',
  AboriginalOrTorresStraitIslanderOriginCode: 'Aboriginal or Torres Strait Islander origin',
  HasDisabilities: 'whether they have a disability',
  DisabilityCode: 'disability',
  ResidentialAddress: 'residential address',
  Suburb: 'suburb',
  StateCode: 'state',
  Postcode: 'postcode',
  CaseId: 'case id',
  OutletActivityId: 'outlet activity',
  TotalNumberOfUnidentifiedClients: 'number of unidentified clients',
  ReferralSourceCode: 'referral source',
  ReasonForAssistanceCode: 'reason for seeking assistance',
  IsPrimary: 'primary reason',
  ExitReasonCode: 'exit reason',
  SessionId: 'session id',
  SessionDate: 'session date',
  ServiceTypeId: 'service type',
  InterpreterPresent: 'interpreter present',
  ServiceSettingCode: 'service setting',
  TopicCode: 'topic',
  HardshipTypeCode: 'hardship type',
  ExternalReferralDestinationCode: 'referral destination',
  MoneyBusinessCommunityEducationWorkshopCode: 'Money Business workshop',
  ParticipationCode: 'client or support person',
  TypeCode: 'referral type',
  PurposeCode: 'referral purpose',
  ScoreTypeCode: 'Community SCORE type',
  AssessmentPhaseCode: 'Community SCORE phase (PRE or POST)',
  AssessedByCode: 'who assessed the Community SCORE',
  ScoreCode: 'Community SCORE rating',
  ClientAttendanceProfileCode: 'attendance profile',
  EndDate: 'end date',
};

export function fieldWords(element: string): string {
  return (
    FIELD_WORDS[element] ??
    element
      .replace(/Code$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}
