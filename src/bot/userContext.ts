import type { Activity, TurnContext } from 'botbuilder';
import type { Actor } from '../domain/common';
import type { Organisation, Role } from '../domain/organisation';
import type { OrganisationDirectory } from '../config/organisations';

/** Who is asking, for which organisation, with which rights: resolved once per turn from the activity. */
export type UserContext = { organisation: Organisation; actor: Actor; role: Role; tenantId: string };

/** Tenant used for channels that carry none (emulator, direct HTTP) while authentication is off. */
export const LOCAL_TENANT = 'local-development';

const KEY = Symbol('dexUserContext');

export type TenantPolicy = { directory: OrganisationDirectory; allowedTenants: string[] | undefined; authenticationEnabled: boolean };

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannel = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? fromChannel;
}

export function resolveUserContext(activity: Partial<Activity>, policy: TenantPolicy): UserContext | { refused: string } {
  const tenantId = tenantOf(activity) ?? (policy.authenticationEnabled ? undefined : LOCAL_TENANT);
  if (!tenantId) return { refused: 'no tenant' };
  if (policy.allowedTenants && !policy.allowedTenants.includes(tenantId)) return { refused: 'tenant not allowed' };
  const organisation = policy.directory.byTenant(tenantId);
  if (!organisation) return { refused: 'tenant has no organisation' };
  const userId = activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
  const actor: Actor = { userId, name: activity.from?.name?.trim() || 'Unknown user' };
  const role = organisation.roles[userId] ?? organisation.defaultRole;
  return { organisation, actor, role, tenantId };
}

export function setUserContext(context: TurnContext, user: UserContext): void {
  context.turnState.set(KEY, user);
}

export function getUserContext(context: TurnContext): UserContext {
  const user = context.turnState.get(KEY) as UserContext | undefined;
  if (!user) throw new Error('user context was not resolved for this turn');
  return user;
}
