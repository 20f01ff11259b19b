/**
 * Regenerates the XML-derived files in referenceData/ from a DSS reference data file (DEXReferenceData.xml).
 *
 *   tsx scripts/buildReferenceData.ts <DEXReferenceData.xml> [--version <v>] [--source <citation>]
 *                                     [--out <dir>] [--prefer-xml] [--dry-run]
 *
 * A development tool only: the app and the tests read the committed JSON files.
 *
 * Merge rules, so that regeneration never loses hand-curated work:
 * - a code carrying its own "source" in the existing file is curated and is kept as it is, unless --prefer-xml is
 *   given and the XML now has that code too (use it once DSS publishes the codes the curation anticipated);
 * - every other code is replaced by the XML's version; one the XML no longer lists is kept with "retired": true
 *   so stored records can still show its label;
 * - codes new in the XML are added; "confidence", "confirmed" and "note" of the existing file are kept.
 * Files not derived from the XML (communityScore, serviceType, serviceSetting, ...) are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CodeListFileSchema, formatPath, type CodeEntry, type CodeListFile } from '../src/domain/referenceData';
import { BUILT_IN_REFERENCE_DATA_DIR } from '../src/config/referenceDataFiles';
import { freshLists, parseDexReferenceXml, type Fresh } from '../src/domain/referenceDataXml';

function readExisting(file: string): CodeListFile | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = CodeListFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    // Regenerating over a broken file would silently drop whatever curated codes it holds.
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new Error(`${file} is invalid; fix it before regenerating:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

function merge(fresh: Fresh, existing: CodeListFile | undefined, preferXml: boolean, log: (line: string) => void): { codes: CodeEntry[]; curated: number } {
  const fromXml = new Map(fresh.codes.map((c) => [c.code, c]));
  const merged: CodeEntry[] = [];
  const seen = new Set<string>();
  let curated = 0;
  for (const old of existing?.codes ?? []) {
    seen.add(old.code);
    const xmlVersion = fromXml.get(old.code);
    if (old.source !== undefined && !(preferXml && xmlVersion)) {
      merged.push(old);
      curated += 1;
    } else if (xmlVersion) {
      if (old.source !== undefined) log(`${fresh.list}: ${old.code} now taken from the XML instead of "${old.source}"`);
      merged.push(xmlVersion);
    } else {
      if (!old.retired) log(`${fresh.list}: ${old.code} is no longer in the XML; kept as retired`);
      merged.push({ ...old, retired: true });
    }
  }
  for (const code of fresh.codes) {
    if (!seen.has(code.code)) merged.push(code);
  }
  return { codes: merged.sort((a, b) => a.order - b.order), curated };
}

/** One code per line keeps diffs of regenerated lists readable. */
function formatCodeListFile(file: CodeListFile): string {
  const header: Record<string, unknown> = { list: file.list, version: file.version, source: file.source };
  if (file.confidence !== undefined) header['confidence'] = file.confidence;
  if (file.confirmed !== undefined) header['confirmed'] = file.confirmed;
  if (file.note !== undefined) header['note'] = file.note;
  const lines = Object.entries(header).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const codes = file.codes.map((c) => {
    const entry: Record<string, unknown> = { code: c.code, label: c.label, order: c.order };
    if (c.retired !== undefined) entry['retired'] = c.retired;
    if (c.source !== undefined) entry['source'] = c.source;
    if (c.confirmed !== undefined) entry['confirmed'] = c.confirmed;
    return `    { ${Object.entries(entry)
      .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(', ')} }`;
  });
  return ['{', ...lines, '  "codes": [', codes.join(',\n'), '  ]', '}', ''].join('\n');
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      version: { type: 'string' },
      source: { type: 'string' },
      out: { type: 'string' },
      'prefer-xml': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const xmlPath = positionals[0];
  if (positionals.length !== 1 || !xmlPath) {
    console.error(
      'usage: tsx scripts/buildReferenceData.ts <DEXReferenceData.xml> [--version <v>] [--source <citation>] [--out <dir>] [--prefer-xml] [--dry-run]',
    );
    return 2;
  }
  const base = path.basename(xmlPath);
  const version = values.version ?? base.match(/(19|20)\d\d/)?.[0] ?? new Date().toISOString().slice(0, 10);
  const source = values.source ?? `DSS ${base}`;
  const outDir = path.resolve(values.out ?? BUILT_IN_REFERENCE_DATA_DIR);
  const log = (line: string): void => console.log(line);

  const lists = freshLists(parseDexReferenceXml(fs.readFileSync(xmlPath, 'utf8'), xmlPath), log);
  const outputs: { file: string; content: string; summary: string }[] = [];
  const problems: string[] = [];
  for (const fresh of lists) {
    const target = path.join(outDir, `${fresh.list}.json`);
    const existing = readExisting(target);
    const { codes, curated } = merge(fresh, existing, values['prefer-xml'], log);
    const candidate: CodeListFile = {
      list: fresh.list,
      version: curated > 0 ? `${version}+curated` : version,
      source: `${source}, ${fresh.origin}`,
      confidence: existing?.confidence ?? 'dss',
      ...(existing?.confirmed !== undefined ? { confirmed: existing.confirmed } : {}),
      ...(existing?.note !== undefined ? { note: existing.note } : {}),
      codes,
    };
    const checked = CodeListFileSchema.safeParse(candidate);
    if (!checked.success) {
      problems.push(...checked.error.issues.map((i) => `${fresh.list}.json: ${formatPath(i.path)}: ${i.message}`));
      continue;
    }
    outputs.push({
      file: target,
      content: formatCodeListFile(checked.data),
      summary: `${fresh.list}: ${codes.length} codes (${curated} curated, ${codes.filter((c) => c.retired).length} retired)`,
    });
  }
  if (problems.length > 0) {
    console.error(`Nothing written; the generated lists would be invalid:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  if (!values['dry-run']) fs.mkdirSync(outDir, { recursive: true });
  for (const output of outputs) {
    if (!values['dry-run']) fs.writeFileSync(output.file, output.content);
    log(output.summary);
  }
  log(values['dry-run'] ? 'dry run: nothing written' : `wrote ${outputs.length} files to ${outDir}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
