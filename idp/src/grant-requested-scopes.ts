import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';

import { API_SCOPES, OIDC_SCOPES } from './scopes.js';
import type { User } from './users.js';

/**
 * Stands in for a consent screen, which a first-party client does not show: grants the requested
 * OIDC scopes and, for the API, the requested scopes the user is allowed. The rest is recorded as
 * rejected, so oidc-provider's consent checks are satisfied and the token simply lacks them
 * (alice asking for admin:messages gets an access token with read:messages only).
 * Returns the id of the saved Grant for the interaction result `consent.grantId`.
 */
export async function grantRequestedScopes(
  provider: Provider, interaction: Interaction, user: User, audience: string,
): Promise<string> {
  const { params } = interaction;
  const clientId = String(params.client_id);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  // A grant of the session's previous user must never be extended to the one signing in now.
  const grant = existing && existing.accountId === user.id && existing.clientId === clientId
    ? existing
    : new provider.Grant({ accountId: user.id, clientId });

  const requested = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
  const oidcScopes = requested.filter((scope) => OIDC_SCOPES.has(scope));
  if (oidcScopes.length > 0) grant.addOIDCScope(oidcScopes.join(' '));

  for (const resource of requestedResources(params.resource)) {
    // getResourceServerInfo already refused any resource but the audience; skip anything else anyway.
    if (resource !== audience) continue;
    const apiScopes = requested.filter((scope) => API_SCOPES.includes(scope));
    const allowed = apiScopes.filter((scope) => user.scopes.includes(scope));
    const denied = apiScopes.filter((scope) => !user.scopes.includes(scope));
    if (allowed.length > 0) grant.addResourceScope(resource, allowed.join(' '));
    if (denied.length > 0) grant.rejectResourceScope(resource, denied.join(' '));
  }

  return grant.save();
}

function requestedResources(resource: unknown): string[] {
  if (typeof resource === 'string') return [resource];
  if (Array.isArray(resource)) return resource.filter((value): value is string => typeof value === 'string');
  return [];
}
