/**
 * A small summary stored on each case file document and recomputed on every write, so questions across all
 * of an organisation's case files ("which are due?") read these few numbers instead of every session.
 *
 * The stored counts come from the readiness rules that need nothing but the case file, with sessions placed
 * in periods by their date in the organisation's zone (the same rule readiness uses; see periods.ts); the
 * checks that depend on the organisation's set-up or the current code lists run when one case file is
 * looked at. A session dated in the future stops being an error once its day comes, so those dates are kept
 * rather than counted, and counted against the day the summary is read.
 */
import { DateTime } from 'luxon';
import type { CaseFile } from './caseFile';
import type { PeriodSummary, StoredCaseFileSummary } from './caseFileSummarySchema';
import { DEFAULT_ORG_ZONE, toOrgZone } from './calendar';
import { daysUntilDeadline, openReportingPeriods, type ReportingPeriod } from './periods';
import { findReadinessItems } from './readiness';
import { atInZone, millisOf, periodIdLookup } from './sessionTime';

/**
 * Summarises a case file as at `now`, by default the moment of its last change (the time every write
 * stamps), so the stored summary never depends on the clock of whoever reads it.
 */
export function summariseCaseFile(
  cf: CaseFile,
  zone: string = DEFAULT_ORG_ZONE,
  now: DateTime = DateTime.fromISO(cf.updatedAt, { setZone: true }),
): StoredCaseFileSummary {
  const periodIdOf = periodIdLookup(zone);
  const byPeriod = new Map<string, PeriodSummary>();
  const latestMillis = new Map<string, number>();
  let latest: { millis: number; iso: string } | undefined;
  for (const session of cf.sessions) {
    const millis = millisOf(session.startsAt);
    if (!latest || millis > latest.millis) latest = { millis, iso: session.startsAt };
    const periodId = periodIdOf(millis);
    const p = byPeriod.get(periodId) ?? {
      periodId,
      sessionCount: 0,
      latestSessionAt: session.startsAt,
      errorCount: 0,
      warningCount: 0,
      futureSessionDates: [],
    };
    p.sessionCount += 1;
    if (millis > (latestMillis.get(periodId) ?? -Infinity)) {
      latestMillis.set(periodId, millis);
      p.latestSessionAt = session.startsAt;
    }
    byPeriod.set(periodId, p);
  }
  const startsAt = new Map(cf.sessions.map((s) => [s.sessionId, s.startsAt]));
  const items = findReadinessItems(cf, { now, zone });
  let caseErrorCount = 0;
  let caseWarningCount = 0;
  for (const item of items) {
    const p = item.periodId === undefined ? undefined : byPeriod.get(item.periodId);
    if (!p) {
      if (item.severity === 'error') caseErrorCount += 1;
      else caseWarningCount += 1;
    } else if (item.code === 'sessionDate.future') {
      p.futureSessionDates.push(atInZone(startsAt.get(item.sessionId!)!, zone).toISODate());
    } else if (item.severity === 'error') {
      p.errorCount += 1;
    } else {
      p.warningCount += 1;
    }
  }
  const periods = [...byPeriod.values()].sort((a, b) => a.periodId.localeCompare(b.periodId));
  return {
    computedAt: now.toISO()!,
    zone,
    sessionCount: cf.sessions.length,
    clientCount: cf.clients.length,
    ...(latest ? { latestSessionAt: latest.iso } : {}),
    errorCount: items.filter((i) => i.severity === 'error').length,
    warningCount: items.filter((i) => i.severity === 'warning').length,
    caseErrorCount,
    caseWarningCount,
    clientIds: cf.clients.map((c) => c.clientId),
    periodIds: periods.map((p) => p.periodId),
    periods,
  };
}

/** Where a case file stands in one period, read from its summary alone. */
export type PeriodStanding = { sessionCount: number; errorCount: number; warningCount: number; latestSessionAt: string };

export function standingInPeriod(
  summary: StoredCaseFileSummary,
  periodId: string,
  now: DateTime,
  clientErrors: ClientErrorCounts = new Map(),
): PeriodStanding | undefined {
  return standingOn(summary, periodId, localDate(now, summary.zone ?? DEFAULT_ORG_ZONE), clientErrors);
}

function localDate(now: DateTime, zone: string): string {
  return toOrgZone(now, zone).toISODate();
}

/**
 * Whether a stored summary must be redone from the case file: it placed its sessions in another zone than the
 * organisation's, or it was stored before summaries named the case file's clients.
 */
export function needsResummary(summary: StoredCaseFileSummary, zone: string): boolean {
  return (summary.zone ?? DEFAULT_ORG_ZONE) !== zone || summary.clientIds === undefined;
}

/** Errors of client records, by client id (clientRecordErrorCount), for the clients that have any. */
export type ClientErrorCounts = ReadonlyMap<string, number>;

function standingOn(summary: StoredCaseFileSummary, periodId: string, today: string, clientErrors: ClientErrorCounts): PeriodStanding | undefined {
  const p = summary.periods.find((x) => x.periodId === periodId);
  if (!p) return undefined;
  const stillFuture = p.futureSessionDates.filter((d) => d > today).length;
  const ofClients = (summary.clientIds ?? []).reduce((n, id) => n + (clientErrors.get(id) ?? 0), 0);
  return {
    sessionCount: p.sessionCount,
    errorCount: summary.caseErrorCount + ofClients + p.errorCount + stillFuture,
    warningCount: summary.caseWarningCount + p.warningCount,
    latestSessionAt: p.latestSessionAt,
  };
}

/** One collator for the whole sort: `localeCompare` builds one per call, which is slow over thousands of names. */
const byName = new Intl.Collator('en-AU', { sensitivity: 'base', numeric: true }).compare;

/** The few fields of a case file the "what is due" list reads; never its sessions, clients or audit. */
export type SummarisedCaseFile = { caseFileId: string; caseId: string; name: string; summary: StoredCaseFileSummary };

export type DueCaseFile = PeriodStanding & { caseFileId: string; caseId: string; name: string };

export type DuePeriod = {
  period: ReportingPeriod;
  /** Calendar days left to submit, counting today (see daysUntilDeadline). */
  daysLeft: number;
  /** Case files with sessions in the period, most to fix first. */
  caseFiles: DueCaseFile[];
};

/**
 * For each period still accepting data (the one closing soonest first), the case files with sessions in it,
 * sorted by how much is missing: errors first, then warnings, then name. A case file's errors include those of
 * its clients' records (`clientErrors`), as the readiness check of one case file counts them.
 */
export function caseFilesDue(
  caseFiles: readonly SummarisedCaseFile[],
  now: DateTime,
  zone: string = DEFAULT_ORG_ZONE,
  clientErrors: ClientErrorCounts = new Map(),
): DuePeriod[] {
  const today = localDate(now, zone);
  return openReportingPeriods(now, zone).map((period) => {
    const due: DueCaseFile[] = [];
    for (const cf of caseFiles) {
      const standing = standingOn(cf.summary, period.id, today, clientErrors);
      if (standing) due.push({ caseFileId: cf.caseFileId, caseId: cf.caseId, name: cf.name, ...standing });
    }
    due.sort((a, b) => b.errorCount - a.errorCount || b.warningCount - a.warningCount || byName(a.name, b.name));
    return { period, daysLeft: daysUntilDeadline(period, now), caseFiles: due };
  });
}
