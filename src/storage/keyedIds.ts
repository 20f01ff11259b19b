/**
 * Business keys as `_id`s, for collections that declare a key (`CollectionOptions.key`). A document's `_id`
 * becomes the JSON array of its key's values (unambiguous whatever characters the values hold), so a server
 * that uses no index but `_id`'s for a query (FerretDB 1.x) can still fetch one document by its key without
 * reading the rest. Documents written before this, or copied with other `_id`s, are still found by their
 * fields: every shortcut here falls back to the plain filter when it finds nothing.
 */
import type { Filter } from './database';

export function keyedId(key: readonly string[], doc: Readonly<Record<string, unknown>>): string | undefined {
  const values = key.map((field) => doc[field]);
  return values.every((value) => typeof value === 'string') ? JSON.stringify(values) : undefined;
}

/** The `_id` a filter names through plain equality on every key field, and the conditions left over. */
export function splitKeyFilter(key: readonly string[], filter: Filter): { id: string; rest: Record<string, unknown> } | undefined {
  const id = keyedId(key, filter);
  if (id === undefined || '_id' in filter) return undefined;
  const rest = Object.fromEntries(Object.entries(filter).filter(([field]) => !key.includes(field)));
  return { id, rest };
}

const COMPARISONS: Record<string, (a: number | string, b: number | string) => boolean> = {
  $eq: (a, b) => a === b,
  $ne: (a, b) => a !== b,
  $lt: (a, b) => a < b,
  $lte: (a, b) => a <= b,
  $gt: (a, b) => a > b,
  $gte: (a, b) => a >= b,
};

function isScalar(value: unknown): value is number | string {
  return typeof value === 'number' || typeof value === 'string';
}

/**
 * Whether `doc` meets `conditions`, for the few shapes a version check uses: top-level fields compared with a
 * number or string by equality or `$eq $ne $lt $lte $gt $gte`. Anything else returns undefined (not judged
 * here), and the caller leaves the whole filter to the server.
 */
export function meetsSimpleConditions(doc: Readonly<Record<string, unknown>>, conditions: Readonly<Record<string, unknown>>): boolean | undefined {
  let met = true;
  for (const [field, condition] of Object.entries(conditions)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    const value = doc[field];
    if (isScalar(condition)) {
      met &&= value === condition;
      continue;
    }
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return undefined;
    for (const [operator, operand] of Object.entries(condition)) {
      const compare = COMPARISONS[operator];
      if (compare === undefined || !isScalar(operand)) return undefined;
      // MongoDB compares only values of the same type ($ne aside, which a missing or other-typed value meets).
      if (!isScalar(value) || typeof value !== typeof operand) met &&= operator === '$ne';
      else met &&= compare(value, operand);
    }
  }
  return met;
}
