import type { Problem } from './problem';

/** What a domain operation returns: the new value, or every rule it broke in words a user can act on. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(...problems: Problem[]): Outcome<T> => ({ ok: false, problems });
