import type { Activity, TurnContext } from 'botbuilder';
import type { Actor } from '../domain/common';
import type { Organisation, Role } from '../domain/organisation';
import type { OrganisationDirectory } from '../config/organisations';

/** Who is asking, for which organisation, with which rights: resolved once per turn from the activity. */
export type UserContext = { organisation: Organisation; actor: Actor; role: Role; tenantId: string };

const KEY = Symbol('dexUserContext');

export type TenantPolicy = { directory: OrganisationDirectory; allowedTenants: string[] | undefined };

/**
 * The tenant an activity says it comes from. Teams sends it twice, in `conversation.tenantId` and in
 * `channelData.tenant.id`; one alone is enough, but when both are there they must agree.
 */
export function tenantClaim(activity: Partial<Activity>): { tenantId: string } | { refused: 'no tenant' | 'tenants disagree' } {
  const fromConversation = activity.conversation?.tenantId || undefined;
  const fromChannel = (activity.channelData as { tenant?: { id?: string | null } | null } | undefined)?.tenant?.id || undefined;
  if (fromConversation && fromChannel && fromConversation !== fromChannel) return { refused: 'tenants disagree' };
  const tenantId = fromConversation ?? fromChannel;
  return tenantId ? { tenantId } : { refused: 'no tenant' };
}

/** The tenant an activity names, for log lines about a refusal. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  return activity.conversation?.tenantId || (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id || undefined;
}

/** Refuses an activity without a tenant, with two tenants that disagree, or from a tenant that is not served. */
export function resolveUserContext(activity: Partial<Activity>, policy: TenantPolicy): UserContext | { refused: string } {
  const tenant = tenantClaim(activity);
  if ('refused' in tenant) return tenant;
  const { tenantId } = tenant;
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
