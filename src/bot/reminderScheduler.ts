import { Cron } from 'croner';
import type { Services } from '../services';
import { runReminderTick, type ReminderSender } from './reminderDelivery';

/**
 * Every quarter hour, sends the reminders that are due. Every slot stays due for a day and each send is
 * claimed in the database first, so a tick missed while the bot was down is made up by the next one, and
 * several instances ticking at once send each reminder once.
 */
export const REMINDER_TICK_PATTERN = '*/15 * * * *';

export type ReminderScheduler = { stop(): void };

export function startReminderScheduler(services: Services, send: ReminderSender): ReminderScheduler {
  const job = new Cron(REMINDER_TICK_PATTERN, { protect: true, name: 'dex-reminders', unref: true }, async () => {
    try {
      await runReminderTick(services, send, { now: services.clock(), dryRun: false });
    } catch (error) {
      // The next tick retries; nothing was marked sent, so nothing is lost.
      services.logger.error('reminders.tickFailed', { error: (error as Error).name });
    }
  });
  return { stop: () => job.stop() };
}
