import 'dotenv/config';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createAdapter } from '../src/bot/adapter';
import { connectorSender, runReminderTick } from '../src/bot/reminderDelivery';
import { ConfigError, loadConfig } from '../src/config/env';
import { describeFailure } from './startupFailure';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';
import { plural } from '../src/domain/wording';

const USAGE = 'usage: npm run remind -- [--dry-run] [--organisation <id>] [--now <ISO date-time>]';

/**
 * One reminder pass, as the scheduler runs it every quarter hour: `--dry-run` prints who would get which case
 * files and sends nothing; `--now` pretends it is another moment (to try a deadline reminder today).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, organisation: { type: 'string' }, now: { type: 'string' } },
    strict: true,
  });
  const now = values.now ? DateTime.fromISO(values.now, { setZone: true }) : DateTime.now();
  if (!now.isValid) throw new ConfigError(`--now "${values.now}" is not an ISO date-time such as 2026-07-23T09:30+10:00\n${USAGE}`);
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const services = await createServices(config, logger);
  try {
    if (values.organisation && !services.organisations.byId(values.organisation)) {
      throw new ConfigError(`No organisation "${values.organisation}" in ${services.organisations.source}.`);
    }
    const send = connectorSender(createAdapter(config, logger), config.appId);
    const report = await runReminderTick(services, send, {
      now,
      dryRun: values['dry-run'],
      ...(values.organisation ? { organisationId: values.organisation } : {}),
    });
    for (const line of report.wouldSend) {
      process.stdout.write(`would remind ${line.userId} (${line.organisationId}, ${line.slot}): ${line.caseFiles.join('; ')}\n`);
    }
    process.stdout.write(
      `${values['dry-run'] ? 'Dry run' : 'Reminders'} at ${now.toISO()}: ${plural(report.recipients, 'person', 'people')} reachable, ${plural(report.due, 'reminder')} due, ` +
        `${values['dry-run'] ? `${report.wouldSend.length} would be sent` : `${report.sent} sent`}, ${report.nothingToDo} with nothing missing, ` +
        `${report.alreadyHandled} already sent or in progress, ${report.failed} failed (retried on the next pass), ${report.gone} removed the app.\n`,
    );
    if (report.failed > 0) process.exitCode = 1;
  } finally {
    await services.db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${describeFailure(err)}\n`);
  process.exit(1);
});
