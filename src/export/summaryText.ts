/**
 * The export summary as plain text, for the command line (and anyone reading its output in a terminal). The
 * chat shows the same facts as a card.
 */
import { plural } from '../domain/wording';
import type { ExportSummary } from './exportTypes';

export function summaryLines(s: ExportSummary, outDir?: string): string[] {
  if (s.refused) return [`Nothing exported: ${s.refused}`];
  const lines: string[] = [];
  const c = s.counts;
  lines.push(`DEX export for ${s.period!.label} (${s.period!.id}), schema ${s.schemaFile}`);
  lines.push(
    `In the file${s.files.length === 1 ? '' : 's'}: ${plural(c.clients, 'client')}, ${plural(c.cases, 'case')}, ${plural(c.sessions, 'session')}, ` +
      `${plural(c.participants, 'participant')}, ${plural(c.communityScores, 'Community SCORE')}.`,
  );
  for (const f of s.files) {
    lines.push(
      `  ${outDir ? `${outDir}/` : ''}${f.name}  ${(f.bytes / 1_000_000).toFixed(2)} MB  sha256 ${f.sha256}  (${plural(f.caseFileIds.length, 'case file')})`,
    );
  }
  if (s.files.length > 1) lines.push('Upload the files in the order of their numbers.');
  if (s.files.length === 0 && s.problems.length === 0) lines.push('No file was written: there was nothing ready to send for this period.');
  if (s.unchanged > 0) lines.push(`${plural(s.unchanged, 'case file')} unchanged since the last export of this period, not sent again.`);
  if (s.withoutSessions > 0) lines.push(`${plural(s.withoutSessions, 'case file')} with no session in this period, nothing to send.`);
  if (s.leftOut.length > 0) {
    lines.push(`Left out, ${plural(s.leftOut.length, 'case file')} not ready for DEX:`);
    for (const l of s.leftOut) {
      lines.push(`  "${l.name}":`);
      for (const r of l.reasons) lines.push(`    - ${r.message}`);
    }
  }
  if (s.notInSchema.length > 0) {
    lines.push('Recorded but not sent, because the DEX schema in use has no place for them (use the current schema from the DEX portal with DEX_SCHEMA_FILE):');
    for (const n of s.notInSchema) lines.push(`  - ${n.field}: ${plural(n.records, 'record')}`);
  }
  if (s.problems.length > 0) {
    lines.push(
      `NOT WRITTEN: the DEX schema rejected ${s.problems.length === 1 ? 'this' : 'these'} (the file holding them was not written; fix them and export again):`,
    );
    for (const p of s.problems) lines.push(`  - ${p.message}`);
  }
  lines.push(`Schema check took ${(s.validationMs / 1000).toFixed(1)} s.`);
  return lines;
}
