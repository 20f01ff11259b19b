import type { Client } from '../../src/domain/client';
import { applyClientDetails, type ClientDetailsChange } from '../../src/domain/clientDetails';
import type { Actor } from '../../src/domain/common';
import type { Outcome } from '../../src/domain/outcome';
import { fail, ok } from '../../src/domain/outcome';
import type { Services } from '../../src/services';

const ATTEMPTS = 10;

/**
 * Applies a change to a client's details and writes only the fields it sets, against the record as it is
 * now: when a colleague changed the client in between, the change is applied again to their version, so
 * neither loses anything. A retried save writes the same values again, which changes nothing.
 */
export async function saveClientDetails(
  services: Services,
  organisationId: string,
  clientId: string,
  change: ClientDetailsChange,
  ctx: { now: string; actor: Actor },
): Promise<Outcome<Client>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await services.clients.get(organisationId, clientId);
    if (!current) return fail({ code: 'client.notFound', field: 'clientId', message: 'That client is no longer in your organisation’s client list.' });
    const applied = applyClientDetails(current, change, ctx, services.referenceData);
    if (!applied.ok) return applied;
    const next = applied.value;
    const set: Partial<Client> = { updatedAt: next.updatedAt!, updatedBy: next.updatedBy! };
    for (const key of Object.keys(change) as (keyof ClientDetailsChange)[]) {
      if (next[key] !== undefined) (set as Record<string, unknown>)[key] = next[key];
    }
    const unset: (keyof Client)[] = current.disabilityCodes !== undefined && next.disabilityCodes === undefined ? ['disabilityCodes'] : [];
    if (await services.clients.setDetails(organisationId, clientId, set, unset, { updatedAt: current.updatedAt })) return ok(next);
  }
  return fail({ code: 'client.busy', field: 'clientId', message: 'Colleagues kept changing this client while saving. Press Save again.' });
}
