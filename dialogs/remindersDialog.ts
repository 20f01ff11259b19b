import { reminderSettingsCard } from '../cards/reminderCards';
import { z } from 'zod';
import { NoArgs, type Command } from '../src/bot/commands';
import type { CommandId } from '../src/domain/commandIds';
import type { Prompt } from '../src/bot/guidedFlow';
import { describeWeekly, parseWeeklyPreference } from '../src/domain/reminders';
import type { Services } from '../src/services';
import { OneTurnAnswer, type AnswerTurn } from './oneTurnAnswer';

export const REMINDERS_COMMAND = 'reminders' satisfies CommandId;
export const STOP_REMINDERS_COMMAND = 'stopReminders' satisfies CommandId;
export const START_REMINDERS_COMMAND = 'startReminders' satisfies CommandId;
export const REMIND_ON_COMMAND = 'remindOn' satisfies CommandId;

function nowIso(turn: AnswerTurn): string {
  return turn.services.clock().toISO()!;
}

const NOT_REACHABLE: Prompt = {
  text: 'Reminders arrive in your personal chat with DEX Assistant. Send me a message there (not in a group chat or channel) and then ask again.',
};

async function settings(turn: AnswerTurn): Promise<Prompt> {
  const org = turn.user.organisation;
  const recipient = await turn.services.reminders.get(org.organisationId, turn.user.actor.userId);
  return {
    card: reminderSettingsCard({
      optedOut: recipient?.optedOut ?? false,
      weekly: recipient?.weekly ?? org.reminders.weekly,
      daysBeforeDeadline: org.reminders.daysBeforeDeadline,
      reachable: recipient !== null,
    }),
  };
}

async function change(turn: AnswerTurn, optedOut: boolean): Promise<Prompt> {
  const org = turn.user.organisation;
  const done = await turn.services.reminders.setPreferences(org.organisationId, turn.user.actor.userId, { optedOut }, nowIso(turn));
  if (!done) return NOT_REACHABLE;
  return optedOut
    ? { text: 'Done: no more DEX reminders for you. Type **start reminders** if you want them back.' }
    : { text: 'Done: you will get DEX reminders again when a case file you work on has something missing.' };
}

async function remindOn(turn: AnswerTurn, options: Record<string, unknown>): Promise<Prompt> {
  const weekly = parseWeeklyPreference(typeof options.when === 'string' ? options.when : '');
  if (!weekly) return { text: 'Which day and time? For example **remind me on Mondays at 9** or **remind me Thursday 2:30pm**.' };
  const org = turn.user.organisation;
  const done = await turn.services.reminders.setPreferences(org.organisationId, turn.user.actor.userId, { weekly, optedOut: false }, nowIso(turn));
  if (!done) return NOT_REACHABLE;
  return { text: `Done: your weekly DEX reminder is now on ${describeWeekly(weekly)} (${org.timeZone.replace('_', ' ')} time), when something is missing.` };
}

/** Reminder settings by chat: see them, stop or restart them, move the weekly one. */
export function reminderCommands(
  services: Services,
): [Command<typeof REMINDERS_COMMAND>, Command<typeof STOP_REMINDERS_COMMAND>, Command<typeof START_REMINDERS_COMMAND>, Command<typeof REMIND_ON_COMMAND>] {
  return [
    {
      id: REMINDERS_COMMAND,
      title: 'Reminders',
      description: 'When DEX deadline reminders come, and how to change or stop them.',
      example: 'reminders',
      writes: false,
      args: NoArgs,
      dialog: new OneTurnAnswer(REMINDERS_COMMAND, services, (turn) => settings(turn)),
    },
    {
      id: STOP_REMINDERS_COMMAND,
      title: 'Stop reminders',
      description: 'No more DEX deadline reminders for you.',
      example: 'stop reminders',
      listed: false,
      writes: false,
      args: NoArgs,
      dialog: new OneTurnAnswer(STOP_REMINDERS_COMMAND, services, (turn) => change(turn, true)),
    },
    {
      id: START_REMINDERS_COMMAND,
      title: 'Start reminders',
      description: 'DEX deadline reminders again.',
      example: 'start reminders',
      listed: false,
      writes: false,
      args: NoArgs,
      dialog: new OneTurnAnswer(START_REMINDERS_COMMAND, services, (turn) => change(turn, false)),
    },
    {
      id: REMIND_ON_COMMAND,
      title: 'Remind me on…',
      description: 'Moves your weekly DEX reminder to another day and time.',
      example: 'remind me on Mondays at 9',
      listed: false,
      writes: false,
      args: z.object({ when: z.string().max(200).optional() }),
      dialog: new OneTurnAnswer(REMIND_ON_COMMAND, services, remindOn),
    },
  ];
}
