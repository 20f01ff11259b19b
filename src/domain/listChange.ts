import type { Problem } from './problem';

/**
 * A change one person made to a list (participants of a session, clients of a case file, a score's
 * ratings, the sessions a score is copied to), kept as what they were shown and what they submitted.
 * Applying it to the list as stored now touches only the items this person changed, so a colleague's
 * change saved in between survives; when both changed the same item it is a conflict, never a silent
 * overwrite. Lists are keyed (an item is identified by its key, e.g. a client id); `same` decides whether
 * two values of one item are the same.
 */

export type Keyed<T> = { key: (item: T) => string; same: (a: T, b: T) => boolean };

export type ListChange<T> = {
  /** Not on the list as shown, on it as submitted. */
  added: T[];
  /** On the list as shown, not on it as submitted: the shown value is kept to see if someone changed it since. */
  removed: T[];
  /** On both, with a different value: `from` as shown, `to` as submitted. */
  changed: { from: T; to: T }[];
};

export type ListConflictKind =
  /** You added it; someone else added it meanwhile with a different value. */
  | 'addedDifferently'
  /** You changed or removed it; someone else changed it meanwhile. */
  | 'changedMeanwhile'
  /** You changed it; someone else removed it meanwhile. */
  | 'removedMeanwhile';

export type ListConflict<T> = { key: string; kind: ListConflictKind; stored: T | undefined; yours: T | undefined };

export type AppliedListChange<T> = {
  list: T[];
  added: T[];
  removed: T[];
  changed: T[];
  conflicts: ListConflict<T>[];
};

export function diffList<T>(shown: readonly T[], submitted: readonly T[], k: Keyed<T>): ListChange<T> {
  const before = new Map(shown.map((x) => [k.key(x), x]));
  const after = new Map(submitted.map((x) => [k.key(x), x]));
  const change: ListChange<T> = { added: [], removed: [], changed: [] };
  for (const [key, to] of after) {
    const from = before.get(key);
    if (from === undefined) change.added.push(to);
    else if (!k.same(from, to)) change.changed.push({ from, to });
  }
  for (const [key, from] of before) if (!after.has(key)) change.removed.push(from);
  return change;
}

/**
 * Applies `change` to `stored`. Items nobody in this change touched stay exactly as stored, in their order;
 * additions go at the end. An item whose stored value is already what this person wanted is no change and
 * no conflict (a colleague did the same thing, or this is a retry). A conflicting item is left as stored
 * unless its key is in `overwrite` (the person saw the conflict and chose to save theirs).
 */
export function applyListChange<T>(stored: readonly T[], change: ListChange<T>, k: Keyed<T>, overwrite: ReadonlySet<string> = new Set()): AppliedListChange<T> {
  const list = stored.slice();
  const at = (key: string) => list.findIndex((x) => k.key(x) === key);
  const result: AppliedListChange<T> = { list, added: [], removed: [], changed: [], conflicts: [] };
  const conflict = (key: string, kind: ListConflictKind, current: T | undefined, yours: T | undefined): boolean => {
    if (overwrite.has(key)) return false;
    result.conflicts.push({ key, kind, stored: current, yours });
    return true;
  };

  for (const yours of change.added) {
    const key = k.key(yours);
    const i = at(key);
    if (i < 0) {
      list.push(yours);
      result.added.push(yours);
    } else if (!k.same(list[i]!, yours) && !conflict(key, 'addedDifferently', list[i], yours)) {
      list[i] = yours;
      result.changed.push(yours);
    }
  }
  for (const { from, to } of change.changed) {
    const key = k.key(to);
    const i = at(key);
    if (i < 0) {
      if (!conflict(key, 'removedMeanwhile', undefined, to)) {
        list.push(to);
        result.added.push(to);
      }
    } else if (k.same(list[i]!, to)) {
      // Already the new value (someone made the same change): nothing to apply.
    } else if (k.same(list[i]!, from) || !conflict(key, 'changedMeanwhile', list[i], to)) {
      list[i] = to;
      result.changed.push(to);
    }
  }
  for (const from of change.removed) {
    const key = k.key(from);
    const i = at(key);
    if (i < 0) continue;
    if (k.same(list[i]!, from) || !conflict(key, 'changedMeanwhile', list[i], undefined)) {
      result.removed.push(list[i]!);
      list.splice(i, 1);
    }
  }
  return result;
}

/** Structural equality for plain stored values (JSON shapes), independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([, y]) => y !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );
}

/** Code of the problem for one conflicting item; `item` holds its key so a flow can name it. */
export const LIST_CONFLICT = 'list.conflict';

const CONFLICT_WORDS: Record<ListConflictKind, string> = {
  addedDifferently: 'was added by someone else meanwhile, differently',
  changedMeanwhile: 'was changed by someone else after you opened it',
  removedMeanwhile: 'was removed by someone else after you opened it',
};

export function conflictProblems(field: string, conflicts: readonly ListConflict<unknown>[]): Problem[] {
  return conflicts.map((c) => ({ code: LIST_CONFLICT, field, item: c.key, message: `${c.key} ${CONFLICT_WORDS[c.kind]}.` }));
}

/**
 * After a conflict was shown to the person, what they were shown becomes the stored value of each
 * conflicting item: saving again then replaces exactly what they were told about, and nothing newer.
 */
export function rebaseShown<T>(shown: readonly T[], stored: readonly T[], conflictKeys: readonly string[], k: Keyed<T>): T[] {
  const keys = new Set(conflictKeys);
  return [...shown.filter((x) => !keys.has(k.key(x))), ...stored.filter((x) => keys.has(k.key(x)))];
}

/** A change that only adds (or, for items already there, sets) these items. */
export function additions<T>(items: readonly T[]): ListChange<T> {
  return { added: items.slice(), removed: [], changed: [] };
}
