import 'dotenv/config';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env';
import { describeFailure } from './startupFailure';
import { currentReportingPeriod } from '../src/domain/periods';
import { dexSchemaInUse } from '../src/export/dexSchema';
import { exportPeriod } from '../src/export/exportPeriod';
import { folderSink } from '../src/export/folderSink';
import { summaryLines } from '../src/export/summaryText';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';

const USAGE = `Usage: npm run export:dex -- --organisation <id> --period <2026-H1> [--outlet <id>] [--changed-since-last] [--out <dir>]

  --organisation <id>    the organisation to export (its id in the organisations file)
  --period <id>          the reporting period: 2026-H1 is January to June, 2026-H2 July to December
                         (default: the current one)
  --outlet <id>          only case files of this outlet's activities
  --changed-since-last   only case files that changed since this period's last export
  --out <dir>            where to write the files (default: ./exports); files are readable by you only

The files are DEX bulk-upload XML, checked against the DEX schema in use (DEX_SCHEMA_FILE, or the bundled
2015 schema) before they are written. Exits with 1 when a file failed that check, 2 for wrong arguments.`;

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.values.organisation) {
    process.stderr.write(`--organisation is required.\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const schema = dexSchemaInUse();
  const services = await createServices(config, createLogger(config.logLevel));
  try {
    const organisation = services.organisations.byId(args.values.organisation);
    if (!organisation) {
      const known = services.organisations.organisations.map((o) => o.organisationId).join(', ');
      process.stderr.write(`There is no organisation "${args.values.organisation}". Configured: ${known}.\n`);
      return 2;
    }
    const now = services.clock().setZone(organisation.timeZone);
    const outDir = path.resolve(args.values.out ?? 'exports');
    const summary = await exportPeriod(
      {
        organisation,
        periodId: args.values.period ?? currentReportingPeriod(now, organisation.timeZone).id,
        outletId: args.values.outlet,
        changedSinceLast: args.values['changed-since-last'] ?? false,
        actor: { userId: `cli:${process.env.USER ?? 'unknown'}`, name: process.env.USER ?? 'command line' },
        now,
      },
      {
        caseFiles: services.caseFiles,
        clients: services.clients,
        ledger: services.exports,
        referenceData: services.referenceData,
        schema,
        sink: folderSink(outDir),
      },
    );
    const text = `${summaryLines(summary, path.relative(process.cwd(), outDir) || '.').join('\n')}\n`;
    (summary.ok && !summary.refused ? process.stdout : process.stderr).write(text);
    // Counts and file names only: the log never carries the files' content.
    services.logger.info('dexExport.done', {
      organisation: organisation.organisationId,
      period: summary.period?.id ?? args.values.period,
      files: summary.files.length,
      leftOut: summary.leftOut.length,
      problems: summary.problems.length,
    });
    if (summary.refused) return 1;
    return summary.ok ? 0 : 1;
  } finally {
    await services.db.close();
  }
}

function parse() {
  return parseArgs({
    options: {
      organisation: { type: 'string', short: 'o' },
      period: { type: 'string', short: 'p' },
      outlet: { type: 'string' },
      'changed-since-last': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${describeFailure(err)}\n`);
    process.exitCode = 1;
  },
);
