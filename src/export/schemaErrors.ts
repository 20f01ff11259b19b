/**
 * Turns libxml2's schema errors into sentences a data officer can act on: which case file, session or client,
 * and which field, in words. Values from the file are never repeated (they may be personal details, and these
 * messages can end up in logs); the field and the rule are enough to find and fix the record.
 */
import { fieldWords } from './dexMapping';
import type { AssembledFile, RecordOwner } from './fileAssembly';
import type { SchemaError } from './validateFile';

export type ExportProblem = {
  readonly caseFileId: string | undefined;
  readonly caseFileName: string | undefined;
  readonly message: string;
};

function firstQuoted(text: string, after: string): string | undefined {
  const at = text.indexOf(after);
  if (at === -1) return undefined;
  return /'([^']+)'/.exec(text.slice(at + after.length))?.[1];
}

/** The rule broken, without the value that broke it. */
export function describeSchemaError(message: string): string {
  const element = /Element '([^']+)'/.exec(message)?.[1];
  const field = element ? fieldWords(element) : 'a field';
  const missing = /Missing child element\(s\)\. Expected is(?: one of)? \( ([^)]+) \)/.exec(message);
  if (missing) {
    const names = missing[1]!.split(',').map((n) => fieldWords(n.trim()));
    return `the ${names.join(' or ')} is missing`;
  }
  if (message.includes('This element is not expected')) {
    // libxml2 names what it wanted instead: usually a required field that is missing before this one.
    const wanted = /Expected is(?: one of)? \( ([^)]+) \)/
      .exec(message)?.[1]
      ?.split(',')
      .map((n) => fieldWords(n.trim()));
    return wanted
      ? `the ${wanted.join(' or ')} is missing (the DEX schema in use wants it before the ${field})`
      : `the ${field} is not allowed there by the DEX schema in use`;
  }
  if (/\[facet '(?:pattern|minLength|maxLength|length)'\]/.test(message)) return `the ${field} is not in a form DEX accepts`;
  if (/\[facet '(?:minInclusive|maxInclusive|minExclusive|maxExclusive)'\]/.test(message)) return `the ${field} is outside the range DEX accepts`;
  if (message.includes("[facet 'enumeration']")) return `the ${field} is not one of the values DEX accepts`;
  const atomic = firstQuoted(message, 'atomic type');
  if (atomic) {
    const kind =
      atomic === 'xs:date' ? 'a date (YYYY-MM-DD)' : atomic === 'xs:boolean' ? 'true or false' : /int|decimal|integer/.test(atomic) ? 'a number' : atomic;
    return `the ${field} is not ${kind}`;
  }
  return `the ${field} does not meet the DEX schema`;
}

function where(owner: RecordOwner | undefined): string {
  return owner ? `Case file "${owner.caseFileName}", ${owner.what}` : 'The file as a whole';
}

/** One problem per distinct (record, rule): libxml2 reports some faults twice (the facet, then the type). */
export function explainSchemaErrors(file: AssembledFile, errors: readonly SchemaError[]): ExportProblem[] {
  const seen = new Set<string>();
  const problems: ExportProblem[] = [];
  for (const e of errors) {
    const owner = e.line === undefined ? undefined : file.ownerOfLine(e.line);
    const message = `${where(owner)}: ${describeSchemaError(e.message)}.`;
    if (seen.has(message)) continue;
    seen.add(message);
    problems.push({ caseFileId: owner?.caseFileId, caseFileName: owner?.caseFileName, message });
  }
  return problems;
}
