import type { RollEntry } from '../domain/activity';
import { attendeeKey } from '../domain/activityTransfer';
import type { Client } from '../domain/client';
import { computeSlk } from '../domain/slk';
import type { ClientRepository } from '../storage/clientRepository';

export type AttendeeMatches = {
  /** Keyed by `attendeeKey(entry)`, so a transfer can look each roll entry up. */
  matched: Map<string, Client>;
  /** SLKs shared by several existing clients: the import cannot tell which one is meant. */
  ambiguous: Map<string, Client[]>;
  /** Roll entries with no client record, grouped by SLK so one person is created once however often they appear. */
  unmatched: Map<string, RollEntry[]>;
};

export function slkOf(entry: Pick<RollEntry, 'givenName' | 'familyName' | 'birthDate' | 'gender'>): string {
  return computeSlk({ familyName: entry.familyName, givenName: entry.givenName, birthDate: entry.birthDate, sex: entry.gender });
}

/**
 * Finds each roll entry's client: by client id when the entry has one that exists, otherwise by SLK when
 * exactly one client has it. Only reads; creating the clients that are missing is the caller's decision.
 */
export async function matchAttendees(clients: ClientRepository, organisationId: string, entries: readonly RollEntry[]): Promise<AttendeeMatches> {
  const result: AttendeeMatches = { matched: new Map(), ambiguous: new Map(), unmatched: new Map() };
  const ids = [...new Set(entries.map((e) => e.clientId).filter((id): id is string => Boolean(id)))];
  const byId = new Map((await clients.getMany(organisationId, ids)).map((c) => [c.clientId, c]));
  const bySlk = new Map<string, RollEntry[]>();
  for (const entry of entries) {
    const key = attendeeKey(entry);
    if (result.matched.has(key)) continue;
    const known = entry.clientId ? byId.get(entry.clientId) : undefined;
    if (known) {
      result.matched.set(key, known);
      continue;
    }
    const slk = slkOf(entry);
    bySlk.set(slk, [...(bySlk.get(slk) ?? []), entry]);
  }
  for (const [slk, group] of bySlk) {
    const found = await clients.findBySlk(organisationId, slk);
    if (found.length === 1) {
      for (const entry of group) result.matched.set(attendeeKey(entry), found[0]!);
    } else if (found.length > 1) {
      result.ambiguous.set(slk, found);
    } else {
      result.unmatched.set(slk, group);
    }
  }
  return result;
}
