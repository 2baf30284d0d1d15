// The scopes the session's access token carries, for display only: the app words its API cards
// from them ("you have admin:messages"). The API enforces scopes on the verified token; nothing
// here is a security decision, so the payload is decoded without checking the signature.

// A compact JWS is three base64url parts; anything else (an opaque token) has no readable scopes.
const COMPACT_JWS = /^[\w-]+\.([\w-]+)\.[\w-]*$/;
// A payload far beyond any real token is not worth parsing for a label.
const MAX_TOKEN_LENGTH = 16_384;

/**
 * The scopes of `accessToken`: its `scope` (space-separated, RFC 9068 / oidc-provider), `scp`
 * (array or string, Azure AD / Okta) and `permissions` (array, Auth0 RBAC), de-duplicated and
 * sorted. When the token is not a JWT, or names no scope, the requested `fallbackScope`.
 */
export function grantedScopes(accessToken: string | undefined, fallbackScope: string): string[] {
  const fromToken = accessToken === undefined ? undefined : scopesOf(payloadOf(accessToken));
  return fromToken ?? splitScope(fallbackScope);
}

function payloadOf(token: string): Record<string, unknown> | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const part = COMPACT_JWS.exec(token)?.[1];
  if (part === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function scopesOf(payload: Record<string, unknown> | undefined): string[] | undefined {
  // A JWT without any scope claim tells us nothing: the requested scope is the better guess.
  if (!payload || !('scope' in payload || 'scp' in payload || 'permissions' in payload)) return undefined;
  const found = [...fromClaim(payload.scope), ...fromClaim(payload.scp), ...fromClaim(payload.permissions)];
  return [...new Set(found)].sort();
}

function fromClaim(value: unknown): string[] {
  if (typeof value === 'string') return splitScope(value);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

function splitScope(scope: string): string[] {
  return [...new Set(scope.split(' ').filter(Boolean))].sort();
}
