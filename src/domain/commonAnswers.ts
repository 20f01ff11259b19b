/**
 * The answers most clients give, offered first in long lists so staff rarely need to search: the most common
 * countries of birth and languages spoken at home in Australia (ABS Census 2021), then DEX's "not stated".
 * Codes are DEX's (SACC countries, ASCL languages); the rest of each list follows in its own order.
 */
import type { CodeEntry, CodeListName, ReferenceData } from './referenceData';

export const COMMON_ANSWERS: Partial<Record<CodeListName, readonly string[]>> = {
  country: ['1101', '2102', '7103', '6101', '1201', '5204', '5105', '3104', '3207', '4208', '0003'],
  language: ['1201', '7104', '4202', '6302', '7101', '5207', '2201', '2401', '5203', '2303', '6511', '0002'],
};

/** A list's active codes with its common answers first, each code once. */
export function commonFirst(referenceData: ReferenceData, list: CodeListName): CodeEntry[] {
  const all = referenceData.codesOf(list);
  const common = (COMMON_ANSWERS[list] ?? []).flatMap((code) => all.filter((c) => c.code === code));
  const chosen = new Set(common.map((c) => c.code));
  return [...common, ...all.filter((c) => !chosen.has(c.code))];
}
