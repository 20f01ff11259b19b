import type { Problem } from './problem';

export type NamedCaseFile = { caseFileId: string; name: string };

/**
 * Names compared the way people read them: "Tuesday Seniors  Group" and "tuesday seniors group" are the same
 * name to a colleague picking from a list, whatever the case, spacing or kind of dash.
 */
function readAs(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐-―-]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The other case file already called `name`, if any (`selfId` is the case file being named, when it exists). */
export function caseFileWithSameName(name: string, others: readonly NamedCaseFile[], selfId?: string): NamedCaseFile | undefined {
  const wanted = readAs(name);
  return others.find((o) => o.caseFileId !== selfId && readAs(o.name) === wanted);
}

/**
 * A warning, not a refusal: DEX accepts two case files with the same name, but staff pick case files by name,
 * so a second one with the same name is usually a mistake (the group already has a case file) or a future mix-up.
 */
export function checkCaseFileNameUnique(name: string, others: readonly NamedCaseFile[], selfId?: string): Problem | null {
  const same = caseFileWithSameName(name, others, selfId);
  if (!same) return null;
  return {
    code: 'caseFile.nameTaken',
    field: 'name',
    message: `Another case file is already called "${same.name}". Saving makes two case files with that name, which colleagues will find hard to tell apart; go back and change the name unless that is what you want.`,
  };
}

/** `base`, or `base (2)`, `base (3)`… the first that no other case file is called, within `max` characters. */
export function unusedCaseFileName(base: string, others: readonly NamedCaseFile[], max: number): string {
  const fitted = (suffix: string) => `${base.slice(0, Math.max(1, max - suffix.length)).trim()}${suffix}`;
  for (let n = 1; ; n++) {
    const candidate = fitted(n === 1 ? '' : ` (${n})`);
    if (!caseFileWithSameName(candidate, others)) return candidate;
  }
}
