import 'dotenv/config';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env';
import { describeFailure } from './startupFailure';
import { formatProblem } from '../src/importing/activityFileReading';
import { importActivityFiles } from '../src/importing/activityImport';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';

const USAGE = `Usage: npm run import:activities -- <file.json|file.csv> [more files] [--organisation <id>] [--check]

  --organisation <id>  the organisation a CSV attendance roll belongs to (needed when several are configured)
  --check              check the files and show what would change, without writing anything

Formats: docs/activity-import.md. Samples: examples/activity.json, examples/attendance-roll.csv.`;

const MAX_PROBLEMS_SHOWN = 200;

/** Imports activities into the configured store (embedded, or MONGODB_URI); all files or nothing. */
async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help || args.positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return args.values.help ? 0 : 2;
  }
  const files: { file: string; text: string }[] = [];
  for (const file of args.positionals) {
    try {
      files.push({ file, text: readFileSync(file, 'utf8') });
    } catch (err) {
      process.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const config = loadConfig(process.env);
  const services = await createServices(config, createLogger(config.logLevel));
  try {
    const report = await importActivityFiles(services, files, {
      ...(args.values.organisation ? { organisationId: args.values.organisation } : {}),
      dryRun: args.values.check ?? false,
    });
    if (report.problems.length) {
      for (const p of report.problems.slice(0, MAX_PROBLEMS_SHOWN)) process.stderr.write(`${formatProblem(p)}\n`);
      if (report.problems.length > MAX_PROBLEMS_SHOWN) process.stderr.write(`… and ${report.problems.length - MAX_PROBLEMS_SHOWN} more.\n`);
      process.stderr.write(
        `\nNothing was imported: fix the ${report.problems.length === 1 ? 'problem' : `${report.problems.length} problems`} above and run the import again.\n`,
      );
      return 1;
    }
    const verb = report.written ? '' : ' (check only, nothing written)';
    process.stdout.write(`Imported into ${services.db.description}${verb}:\n`);
    for (const a of report.activities) process.stdout.write(`  ${a.activityId} "${a.name}": ${a.sessions} session(s), ${a.outcome}\n`);
    process.stdout.write(
      `Clients: ${report.clientsMatched} matched to existing records, ${report.clientsCreated} ${report.written ? 'created' : 'to create'}.\n`,
    );
    if (report.clientsCreated > 0) {
      process.stdout.write('New clients have consent recorded as not given; record their consent with the client before reporting.\n');
    }
    return 0;
  } finally {
    await services.db.close();
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { organisation: { type: 'string', short: 'o' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
