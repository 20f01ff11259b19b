import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_FILE_NAMES, type ReferenceData, type ReferenceFileName } from '../domain/referenceData';
import { assembleReferenceData, type ReadReferenceData, type ReadReferenceFile } from '../domain/referenceDataAssembly';
import { EnvSchema } from './env';
import { findPackageRoot } from './packageRoot';

/**
 * Reads the reference data files: the built-in copies in `referenceData/`, a deployment's REFERENCE_DATA_DIR
 * (a file there replaces the built-in file of the same name as a whole) and DEX_REFERENCE_DATA_FILE (a DSS
 * DEXReferenceData.xml whose lists replace every list it holds). The domain validates and assembles what is read.
 */
export const BUILT_IN_REFERENCE_DATA_DIR = path.join(findPackageRoot(), 'referenceData');

export type LoadReferenceDataOptions = {
  /** Defaults to BUILT_IN_REFERENCE_DATA_DIR. */
  builtInDir?: string;
  /** REFERENCE_DATA_DIR: files here replace built-in files of the same name. */
  overrideDir?: string | undefined;
  /** DEX_REFERENCE_DATA_FILE: a DSS DEXReferenceData.xml whose lists replace every list it holds. */
  dexXmlFile?: string | undefined;
};

/** The two variables as src/config/env.ts reads them (trimmed; empty means unset). */
export function referenceDataOptionsFromEnv(env: NodeJS.ProcessEnv): LoadReferenceDataOptions {
  const { REFERENCE_DATA_DIR: dir, DEX_REFERENCE_DATA_FILE: xml } = EnvSchema.pick({
    REFERENCE_DATA_DIR: true,
    DEX_REFERENCE_DATA_FILE: true,
  }).parse(env);
  return { ...(dir ? { overrideDir: dir } : {}), ...(xml ? { dexXmlFile: xml } : {}) };
}

/** Reads every reference file and hands them to the domain, which throws a ReferenceDataError naming every problem. */
export function loadReferenceData(options: LoadReferenceDataOptions = {}): ReferenceData {
  return assembleReferenceData(readReferenceData(options));
}

function readReferenceData(options: LoadReferenceDataOptions): ReadReferenceData {
  const builtInDir = path.resolve(options.builtInDir ?? BUILT_IN_REFERENCE_DATA_DIR);
  const overrideDir = options.overrideDir ? path.resolve(options.overrideDir) : undefined;
  const problems: string[] = [];
  const overrides = overrideDir ? listOverrides(overrideDir, problems) : new Set<string>();
  const files = REFERENCE_FILE_NAMES.map((name) =>
    overrides.has(name) && overrideDir
      ? readJson(name, path.join(overrideDir, `${name}.json`), 'override')
      : readJson(name, path.join(builtInDir, `${name}.json`), 'builtIn'),
  );
  return { files, problems, ...(options.dexXmlFile ? { dssFile: readDssFile(path.resolve(options.dexXmlFile)) } : {}) };
}

function readDssFile(file: string): NonNullable<ReadReferenceData['dssFile']> {
  try {
    return { file, baseName: path.basename(file), xml: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    return { file, unreadable: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

function listOverrides(dir: string, problems: string[]): Set<string> {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    problems.push(`${dir}: the reference data override folder cannot be read (${(err as Error).message})`);
    return new Set();
  }
  const names = new Set<string>();
  for (const entry of entries.filter((e) => e.endsWith('.json')).sort()) {
    const name = entry.slice(0, -'.json'.length);
    if ((REFERENCE_FILE_NAMES as readonly string[]).includes(name)) {
      names.add(name);
    } else {
      // A misspelt file name would otherwise be ignored silently and the stale built-in list used instead.
      problems.push(`${path.join(dir, entry)}: no reference list is called "${name}"`);
    }
  }
  return names;
}

function readJson(name: ReferenceFileName, file: string, origin: 'builtIn' | 'override'): ReadReferenceFile {
  const where = { name, file, origin, shownAs: origin === 'override' ? file : `${name}.json (built-in)` };
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { ...where, unreadable: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  try {
    return { ...where, json: JSON.parse(content) as unknown };
  } catch (err) {
    return { ...where, unreadable: `is not valid JSON (${(err as Error).message})` };
  }
}
