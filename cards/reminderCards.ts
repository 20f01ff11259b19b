import type { Reminder } from '../src/domain/reminders';
import { describeWeekly, type WeeklyReminder } from '../src/domain/reminders';
import { card, container, heading, namedButton, text, type AdaptiveCard, type CardElement } from './cardKit';
import { READINESS_COMMAND } from './statusCards';

/** Teams shows at most six actions well; the rest of the list is reached from "my case files". */
const MAX_FIX_BUTTONS = 5;

function daysLeftText(daysLeft: number): string {
  return daysLeft === 1 ? 'Today is the last day to submit' : `${daysLeft} days left to submit`;
}

/** The reminder a case manager gets in their personal chat: what is missing, where, and a button to fix each. */
export function reminderCard(reminder: Reminder): AdaptiveCard {
  const { slot, lines } = reminder;
  const deadline = slot.period.dueDate.toFormat('d LLLL yyyy');
  const body: CardElement[] = [
    heading(`DEX reminder: ${slot.period.label}`),
    text(`${daysLeftText(reminder.daysLeft)} (DEX closes at midnight ${deadline}, eastern time).`, { weight: 'Bolder' }),
    text(`${lines.length === 1 ? 'One case file you work on is' : `${lines.length} case files you work on are`} not ready yet:`),
    ...lines.map((line) =>
      container(
        [text(`**${line.caseFileName}**: ${line.errorCount === 1 ? '1 thing' : `${line.errorCount} things`} to fix`), text(line.firstError, { subtle: true })],
        { separator: true },
      ),
    ),
  ];
  body.push(
    ...lines.slice(0, MAX_FIX_BUTTONS).map((line) =>
      namedButton(`Fix ${line.caseFileName}`, 'Fix this one', {
        command: READINESS_COMMAND,
        args: { caseFileId: line.caseFileId, periodId: slot.period.id },
      }),
    ),
  );
  if (lines.length > MAX_FIX_BUTTONS) body.push(text(`Type **my case files** to see the other ${lines.length - MAX_FIX_BUTTONS}.`, { subtle: true }));
  body.push(text('Type **stop reminders** to turn these off, or **remind me on Mondays at 9** to change the day.', { subtle: true }));
  return card(body);
}

export type ReminderSettingsView = {
  optedOut: boolean;
  weekly: WeeklyReminder | null;
  daysBeforeDeadline: readonly number[];
  /** False when the bot has never been able to reach this user's personal chat. */
  reachable: boolean;
};

export function reminderSettingsCard(view: ReminderSettingsView): AdaptiveCard {
  const days = [...view.daysBeforeDeadline].sort((a, b) => b - a).join(', ');
  const body = view.optedOut
    ? [heading('Reminders are off'), text('You will not get DEX deadline reminders. Type **start reminders** to turn them back on.')]
    : [
        heading('Your DEX reminders'),
        text(`Weekly: ${describeWeekly(view.weekly)}, when a case file you work on has something missing.`),
        text(`Before each deadline: ${days} days before, at the same hour.`),
        text('Type **remind me on Thursdays at 2pm** to change the day, or **stop reminders** to turn them off.', { subtle: true }),
      ];
  if (!view.reachable) body.push(text('Reminders arrive in your personal chat with DEX Assistant: send me a message there once so I can reach you.'));
  return card(body);
}
