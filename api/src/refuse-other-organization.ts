import { invalidToken } from './auth-errors.js';
import type { HttpError } from './http-error.js';

// Auth0 Organizations: one tenant serves several customer organizations, and a token says which
// one the user signed in to (`org_id`, and `org_name` when the tenant is set to include it). An API
// that belongs to one organization must refuse the others' tokens, which are otherwise valid for
// the same audience. The rule is the one of Auth0's own SDKs (auth0-spa-js, nextjs-auth0): a value
// starting with `org_` is an id, compared exactly with `org_id`; anything else is a name, compared
// with `org_name`, which Auth0 issues in lower case.

export function refuseOtherOrganization(claims: Readonly<Record<string, unknown>>, organization: string): HttpError | undefined {
  const matches = organization.startsWith('org_')
    ? claims.org_id === organization
    : typeof claims.org_name === 'string' && claims.org_name.toLowerCase() === organization.toLowerCase();
  return matches ? undefined : invalidToken('The access token was not issued for this API\'s organization');
}
