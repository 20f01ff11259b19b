import type { CaseFile } from '../../src/domain/caseFile';
import { clientDisplayName } from '../../src/domain/client';
import type { Services } from '../../src/services';
import { clientNamed, type CaseClientListing } from './answers';

/** The case file's clients with their names, in the order they were added. */
export async function caseClients(services: Services, organisationId: string, cf: CaseFile): Promise<CaseClientListing[]> {
  const people = new Map(
    (
      await services.clients.getMany(
        organisationId,
        cf.clients.map((c) => c.clientId),
      )
    ).map((p) => [p.clientId, p]),
  );
  return cf.clients.map((c) => {
    const p = people.get(c.clientId);
    return {
      clientId: c.clientId,
      name: p ? clientDisplayName(p) : c.clientId,
      birthYear: p ? p.birthDate.slice(0, 4) : '',
    };
  });
}

/**
 * The clients a sentence named ("Joan and Margaret"), each matched to one client of the case file the way
 * the participants question matches them; a name that fits nobody, or several, is left unclear for the user
 * to resolve, never guessed.
 */
export function namedCaseClients(names: readonly string[], clients: CaseClientListing[]): { found: CaseClientListing[]; unclear: string[] } {
  const found: CaseClientListing[] = [];
  const unclear: string[] = [];
  for (const name of names) {
    const client = clientNamed(name, clients);
    if (!client) unclear.push(name);
    else if (!found.includes(client)) found.push(client);
  }
  return { found, unclear };
}
