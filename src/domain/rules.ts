/**
 * DEX validation rules. Each takes plain values and returns null when the rule holds, or one Problem
 * whose message names the field and the rule in plain words. The optional `field` parameter lets a caller
 * attach the problem to its own input name when the same rule guards several fields.
 */
import type { DateTime } from 'luxon';
import { DEFAULT_ORG_ZONE, MINUTES_PER_DAY, toOrgZone } from './calendar';
import { formatAuDate, formatDuration } from './dateFormat';
import { earliestSessionDate, openReportingPeriods, reportingPeriodOf } from './periods';
import type { Problem } from './problem';
import { normaliseName } from './slk';
import { cleanText, uncleanMessage, type TextKind } from './text';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  caseId: 'case ID',
  sessionId: 'session ID',
  clientId: 'client ID',
  id: 'ID',
};

/** 'caseId' → 'case ID', 'overview' → 'overview', so messages can name any field a caller passes. */
function fieldLabel(field: string): string {
  return (
    FIELD_LABELS[field] ??
    field
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/\bid\b/g, 'ID')
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * DEX only accepts session dates of today or earlier. DEX records the date, not the time, so the rule
 * compares calendar dates in the organisation's zone: a session later today is accepted (staff often
 * record a session just before it starts), one dated tomorrow is not.
 */
export function checkSessionDateNotFuture(startsAt: DateTime, now: DateTime, zone: string = DEFAULT_ORG_ZONE, field = 'startsAt'): Problem | null {
  const session = toOrgZone(startsAt, zone);
  const today = toOrgZone(now, zone);
  if (session.startOf('day').toMillis() <= today.startOf('day').toMillis()) {
    return null;
  }
  return {
    code: 'sessionDate.future',
    field,
    message: `The session date, ${formatAuDate(session)}, is in the future. DEX only accepts sessions held today or earlier.`,
  };
}

/**
 * A session date that can be recorded at all: not in the future (see above) and not before
 * `earliestSessionDate` (the start of the last closed reporting period). The message says the window.
 */
export function checkSessionDatePlausible(startsAt: DateTime, now: DateTime, zone: string = DEFAULT_ORG_ZONE, field = 'startsAt'): Problem | null {
  const future = checkSessionDateNotFuture(startsAt, now, zone, field);
  if (future) return future;
  const earliest = earliestSessionDate(now, zone);
  if (toOrgZone(startsAt, zone).toMillis() >= earliest.toMillis()) return null;
  const open = openReportingPeriods(now, zone).map((p) => p.label);
  return {
    code: 'sessionDate.tooEarly',
    field,
    message:
      `The session date, ${formatAuDate(toOrgZone(startsAt, zone))}, is too far back: sessions can be recorded from ${formatAuDate(earliest)} to today. ` +
      `DEX accepts sessions only in its open reporting period${open.length > 1 ? 's' : ''} (${open.join(' and ')}). Check the year.`,
  };
}

/**
 * A session must be reported in its own period, and DSS closes a period at its deadline (and rarely
 * reopens it), so a session dated in a closed period can no longer be reported.
 */
export function checkSessionPeriodOpen(startsAt: DateTime, now: DateTime, zone: string = DEFAULT_ORG_ZONE, field = 'startsAt'): Problem | null {
  const period = reportingPeriodOf(startsAt, zone);
  if (toOrgZone(now, zone).toMillis() < period.deadline.toMillis()) {
    return null;
  }
  return {
    code: 'sessionDate.periodClosed',
    field,
    message:
      `The session date, ${formatAuDate(toOrgZone(startsAt, zone))}, is in the reporting period ${period.label}, ` +
      `which closed at midnight at the end of ${formatAuDate(period.dueDate)}. DSS rarely reopens a closed period.`,
  };
}

/**
 * Unidentified clients of a case file, or unidentified participants of a session (people whose details are
 * impractical to collect): a whole number 0–999. The message names what the field counts.
 */
export function checkUnidentifiedCount(n: number, field: 'totalUnidentifiedClients' | 'unidentifiedParticipants' = 'totalUnidentifiedClients'): Problem | null {
  const what = field === 'unidentifiedParticipants' ? 'unidentified participants' : 'unidentified clients';
  if (!Number.isInteger(n)) {
    return {
      code: 'unidentifiedClients.notWholeNumber',
      field,
      message: `The number of ${what} must be a whole number, from 0 to 999.`,
    };
  }
  if (n < 0 || n > 999) {
    return {
      code: 'unidentifiedClients.outOfRange',
      field,
      message: `The number of ${what} must be from 0 to 999; ${n} is outside that range.`,
    };
  }
  return null;
}

/** Reasons for seeking assistance: each code at most once, and exactly one primary when any are given. */
export function checkReasons(reasons: readonly { code: string; isPrimary: boolean }[], field = 'reasons'): Problem | null {
  const seen = new Set<string>();
  for (const r of reasons) {
    if (seen.has(r.code)) {
      return {
        code: 'reasons.duplicate',
        field,
        message: `The reason ${r.code} is listed more than once. Each reason for seeking assistance can be given only once.`,
      };
    }
    seen.add(r.code);
  }
  if (reasons.length === 0) {
    return null;
  }
  const primaries = reasons.filter((r) => r.isPrimary).length;
  if (primaries === 0) {
    return {
      code: 'reasons.noPrimary',
      field,
      message: 'One reason for seeking assistance must be marked as the main (primary) reason.',
    };
  }
  if (primaries > 1) {
    return {
      code: 'reasons.severalPrimary',
      field,
      message: `Only one reason for seeking assistance can be the main (primary) reason; ${primaries} are marked.`,
    };
  }
  return null;
}

/**
 * One participant's referrals out of one session: at most one internal (to another service of the same
 * organisation) and one external (to another organisation), each with at least one purpose.
 */
export function checkReferrals(
  referrals: readonly { typeCode: 'INTERNAL' | 'EXTERNAL'; purposeCodes: readonly string[] }[],
  field = 'referrals',
): Problem | null {
  for (const typeCode of ['INTERNAL', 'EXTERNAL'] as const) {
    if (referrals.filter((r) => r.typeCode === typeCode).length > 1) {
      const kind = typeCode === 'INTERNAL' ? 'internal' : 'external';
      return {
        code: `referrals.tooMany${capitalise(kind)}`,
        field,
        message: `A participant can have only one ${kind} referral per session. Put all its purposes on that one referral.`,
      };
    }
  }
  const withoutPurpose = referrals.find((r) => r.purposeCodes.every((c) => c.trim() === ''));
  if (withoutPurpose) {
    const kind = withoutPurpose.typeCode === 'INTERNAL' ? 'internal' : 'external';
    return {
      code: 'referrals.noPurpose',
      field,
      message: `The ${kind} referral needs at least one purpose (for example MONEY or HOUSING).`,
    };
  }
  return null;
}

/** Characters DEX asks to keep out of free text. */
export const FORBIDDEN_FREE_TEXT_CHARACTERS = ['*', '&', '%', '#', '@'] as const;

/** The forbidden characters present in `text`, each once, in the order they first appear. */
export function findForbiddenCharacters(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    if ((FORBIDDEN_FREE_TEXT_CHARACTERS as readonly string[]).includes(ch) && !found.includes(ch)) {
      found.push(ch);
    }
  }
  return found;
}

/**
 * Free text and names: no control, invisible or text-direction characters (see `text.ts`), and none of the
 * characters DEX refuses. Multi-line fields (an overview, a note) may hold line breaks.
 */
export function checkFreeText(field: string, text: string | null | undefined, kind: TextKind = 'line'): Problem | null {
  const cleaned = cleanText(text ?? '', kind);
  if (!cleaned.ok) return { code: 'text.invisibleCharacters', field, message: uncleanMessage(capitalise(fieldLabel(field)), cleaned) };
  const found = findForbiddenCharacters(text ?? '');
  if (found.length === 0) {
    return null;
  }
  const which = found.length === 1 ? `the character ${found[0]}` : `the characters ${listInWords(found)}`;
  return {
    code: 'freeText.forbiddenCharacters',
    field,
    message: `${capitalise(fieldLabel(field))} contains ${which}. DEX does not accept * & % # @ in text; use words instead, for example "and" for &.`,
  };
}

/** Name parts shorter than this are skipped, so ids are not rejected for containing "Li" or "Jo". */
const MIN_NAME_PART = 3;

/**
 * Case and session ids are visible to DSS and must not identify anyone. Each part of each client's given
 * and family name (split at spaces and hyphens, reduced to letters) of at least three letters is looked
 * for in the id's letters, ignoring case, accents and separators, so "OBRIEN-01", "o'brien" and
 * "O.BRIEN" all count as containing "O'Brien". The message deliberately does not repeat the name, as
 * problems may be logged.
 */
export function checkIdentifierHasNoPersonalInfo(id: string, people: readonly { givenName: string; familyName: string }[], field = 'id'): Problem | null {
  const idLetters = normaliseName(id);
  const containsName = people.some((p) =>
    `${p.givenName} ${p.familyName}`
      .split(/[\s-]+/)
      .map(normaliseName)
      .some((part) => part.length >= MIN_NAME_PART && idLetters.includes(part)),
  );
  if (!containsName) {
    return null;
  }
  const label = fieldLabel(field);
  return {
    code: 'identifier.containsName',
    field,
    message: `The ${label} contains a client's name. DSS can see this ${label}, so it must not include names or other personal details; choose another, or leave it blank to have one made.`,
  };
}

/** A session's length: whole minutes, more than 0 and at most 24 hours. */
export function checkDuration(minutes: number, field = 'durationMinutes'): Problem | null {
  if (!Number.isInteger(minutes)) {
    return {
      code: 'duration.notWholeNumber',
      field,
      message: 'The session length must be a whole number of minutes.',
    };
  }
  if (minutes <= 0 || minutes > MINUTES_PER_DAY) {
    return {
      code: 'duration.outOfRange',
      field,
      message: `The session length must be more than 0 and at most 24 hours; ${minutes <= 0 ? `${minutes} minutes` : formatDuration(minutes)} is outside that range.`,
    };
  }
  return null;
}

/**
 * The Money Business community education workshop code belongs to Money Business activities of the Financial
 * Wellbeing and Capability program; the organisation's configuration says which outlet activities they are.
 */
export function collectsMoneyBusinessWorkshop(activity: { moneyBusinessWorkshop: boolean }): boolean {
  return activity.moneyBusinessWorkshop;
}

/** A workshop code on a session of an activity that does not collect one would be rejected by DEX. */
export function checkMoneyBusinessWorkshopApplies(
  activity: { name: string; moneyBusinessWorkshop: boolean },
  code: string | undefined,
  field = 'moneyBusinessWorkshopCode',
): Problem | null {
  if (code === undefined || collectsMoneyBusinessWorkshop(activity)) {
    return null;
  }
  return {
    code: 'moneyBusinessWorkshop.notForActivity',
    field,
    message: `A Money Business workshop code is recorded only for Money Business activities, and ${activity.name} is not set up as one.`,
  };
}

/**
 * A typed count such as "12". Only plain digits count: `Number()` would also accept "0x10", "1e2" or " ",
 * which nobody means as a number of people. Returns NaN for anything else, which the count checks then refuse.
 */
export function parseCount(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
