/**
 * Deadline reminders: when a case manager is due one, and what it says. Pure, so the scheduler, the
 * `npm run remind` command and the tests share one set of rules.
 *
 * A reminder belongs to a slot: the weekly one (a day and time in the organisation's zone, which a user may
 * move or turn off) or one of the "N days before the deadline" ones (14, 7, 3 and 1 by default; "1 day
 * before" is the last day data is accepted, when DEX says 1 day is left). A slot is due from its instant for
 * one day, so a scheduler that was down for a few hours still sends it, but a bot started a week later does
 * not send last week's reminders.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CaseFile } from './caseFile';
import { toOrgZone } from './calendar';
import { daysUntilDeadline, openReportingPeriods, type ReportingPeriod } from './periods';
import type { Readiness } from './readiness';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);

/** 24-hour clock time in the organisation's zone, '09:00'. */
export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 09:00');

export const WeeklyReminderSchema = z.object({ day: WeekdaySchema, time: ClockTimeSchema });
export type WeeklyReminder = z.infer<typeof WeeklyReminderSchema>;

/** An organisation's reminder settings, from the organisations file; every field has a sensible default. */
export const ReminderSettingsSchema = z.object({
  /** `null` turns the weekly reminder off for the whole organisation. */
  weekly: WeeklyReminderSchema.nullable().default({ day: 'monday', time: '09:00' }),
  daysBeforeDeadline: z.array(z.number().int().min(1).max(60)).default([14, 7, 3, 1]),
  /** When the "days before the deadline" reminders go out, in the organisation's zone. */
  deadlineTime: ClockTimeSchema.default('09:00'),
});
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>;

/** A user's own choices, set by chatting ("stop reminders", "remind me on Mondays at 9"). */
export type ReminderPreferences = {
  optedOut: boolean;
  /** Replaces the organisation's weekly day and time for this user. */
  weekly?: WeeklyReminder;
};

export type ReminderSlot = {
  /** Stable id of the slot: 'weekly:2026-11-30' or 'deadline-7:2026-H2'. */
  id: string;
  kind: 'weekly' | 'deadline';
  /** The period the reminder is about: the open period whose deadline comes first. */
  period: ReportingPeriod;
  at: DateTime<true>;
};

/**
 * DEX closes every period at the end of its due date in Australian eastern time, wherever the organisation is:
 * at 10:30 pm on 30 July in Perth it is already 31 July in Sydney, and nothing can be submitted.
 */
export function dexClosesAt(period: ReportingPeriod): DateTime<true> {
  // periods.ts builds every deadline in eastern time, so this is the period's own deadline.
  return period.deadline;
}

/** How long after its instant a slot may still be sent. */
const SLOT_WINDOW = { days: 1 } as const;

function atClock(day: DateTime<true>, time: string): DateTime<true> {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return day.set({ hour, minute, second: 0, millisecond: 0 }) as DateTime<true>;
}

function isDue(at: DateTime, now: DateTime): boolean {
  return now.toMillis() >= at.toMillis() && now.toMillis() < at.plus(SLOT_WINDOW).toMillis();
}

/** The most recent weekly instant at or before `now`, in the zone. */
function lastWeeklyInstant(weekly: WeeklyReminder, now: DateTime<true>): DateTime<true> {
  const isoWeekday = WEEKDAYS.indexOf(weekly.day) + 1;
  const back = (now.weekday - isoWeekday + 7) % 7;
  const candidate = atClock(now.minus({ days: back }).startOf('day') as DateTime<true>, weekly.time);
  return candidate.toMillis() > now.toMillis() ? (candidate.minus({ weeks: 1 }) as DateTime<true>) : candidate;
}

/**
 * The slots due at `now` for one user. Deadline slots are about the period whose deadline they count down
 * to; the weekly one is about the open period that closes first (in July and January that is the period just
 * ended, which is the one at risk).
 */
export function dueReminderSlots(settings: ReminderSettings, preferences: ReminderPreferences, now: DateTime, zone: string): ReminderSlot[] {
  if (preferences.optedOut) return [];
  const local = toOrgZone(now, zone);
  const open = openReportingPeriods(local, zone).filter((p) => local.toMillis() < dexClosesAt(p).toMillis());
  if (open.length === 0) return [];
  const slots: ReminderSlot[] = [];
  const weekly = preferences.weekly ?? settings.weekly;
  if (weekly) {
    const at = lastWeeklyInstant(weekly, local);
    if (isDue(at, local)) slots.push({ id: `weekly:${at.toISODate()}`, kind: 'weekly', period: open[0]!, at });
  }
  for (const period of open) {
    for (const days of new Set(settings.daysBeforeDeadline)) {
      // "1 day before" is the due date itself, the last day DEX accepts data for the period; the reminder goes
      // out at the set time on that calendar day in the organisation's own zone.
      const { year, month, day: dueDay } = period.dueDate;
      const day = DateTime.fromObject({ year, month, day: dueDay }, { zone }).minus({ days: days - 1 }) as DateTime<true>;
      const at = atClock(day, settings.deadlineTime);
      if (isDue(at, local)) slots.push({ id: `deadline-${days}:${period.id}`, kind: 'deadline', period, at });
    }
  }
  // One message per tick is enough: a deadline slot says more than the weekly one, and the nearest deadline most.
  slots.sort((a, b) => (a.kind === b.kind ? a.period.deadline.toMillis() - b.period.deadline.toMillis() : a.kind === 'deadline' ? -1 : 1));
  return slots.slice(0, 1);
}

/**
 * Whether a case file is one this user works on: they created it, changed it (the audit trail names them)
 * or transferred an activity into it, or the organisations file assigns it to them (by case file id or DEX
 * case id).
 */
export function worksOn(userId: string, cf: CaseFile, assigned: readonly string[]): boolean {
  if (assigned.includes(cf.caseFileId) || assigned.includes(cf.caseId)) return true;
  if (cf.createdBy.userId === userId || cf.updatedBy.userId === userId) return true;
  return cf.audit.some((a) => a.by.userId === userId) || cf.transfers.some((t) => t.by.userId === userId);
}

export type ReminderLine = {
  caseFileId: string;
  caseFileName: string;
  errorCount: number;
  /** The first thing to fix, in the readiness check's own words. */
  firstError: string;
};

export type Reminder = {
  slot: ReminderSlot;
  daysLeft: number;
  lines: ReminderLine[];
};

/** What a user is reminded of: case files with DEX errors for the slot's period; null when nothing is missing. */
export function composeReminder(slot: ReminderSlot, now: DateTime, caseFiles: readonly { caseFile: CaseFile; readiness: Readiness }[]): Reminder | null {
  const lines = caseFiles
    .filter((c) => c.readiness.errors.length > 0)
    .map((c) => ({
      caseFileId: c.caseFile.caseFileId,
      caseFileName: c.caseFile.name,
      errorCount: c.readiness.errors.length,
      firstError: c.readiness.errors[0]!.message,
    }))
    .sort((a, b) => b.errorCount - a.errorCount || a.caseFileName.localeCompare(b.caseFileName));
  if (lines.length === 0) return null;
  return { slot, daysLeft: daysUntilDeadline(slot.period, now), lines };
}

/**
 * "remind me on Mondays at 9", "remind me thursday 2:30pm", "remind me on fridays at 16:00": the weekly day
 * and time, or undefined when the sentence names no day. A time without am/pm from 1 to 6 is read as
 * afternoon, since nobody asks for a 3 am reminder.
 */
export function parseWeeklyPreference(text: string): WeeklyReminder | undefined {
  const lower = text.toLowerCase();
  const day = WEEKDAYS.find((d) => new RegExp(`\\b${d.slice(0, 3)}(${d.slice(3)})?s?\\b`).test(lower));
  if (!day) return undefined;
  const m = /\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\b(?!\s*(?:st|nd|rd|th))/.exec(lower.replace(/\bnoon\b/, '12pm'));
  if (!m) return { day, time: '09:00' };
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  if (hour > 23 || minute > 59) return undefined;
  if (m[3] === 'pm' && hour < 12) hour += 12;
  else if (m[3] === 'am' && hour === 12) hour = 0;
  else if (!m[3] && hour >= 1 && hour <= 6) hour += 12;
  return { day, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

export function describeWeekly(weekly: WeeklyReminder | null): string {
  if (!weekly) return 'no weekly reminder';
  const [h, m] = weekly.time.split(':').map(Number) as [number, number];
  const clock = DateTime.fromObject({ hour: h, minute: m })
    .toFormat(m === 0 ? 'h a' : 'h:mm a')
    .toLowerCase();
  return `${weekly.day[0]!.toUpperCase()}${weekly.day.slice(1)}s at ${clock}`;
}
