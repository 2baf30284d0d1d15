import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { apiScopeName, type Grant, type ProviderShape } from './mock-provider-shapes.js';

// What a real provider remembers and oauth2-mock-server does not: which codes it issued (each
// redeemable once, with the same redirect_uri, with a verifier when a challenge was sent), which
// refresh tokens are live (spent at rotation, dead after revocation), and what each login granted.

export type MockGrant = Grant & Readonly<{ opaque: boolean }>;
export type TokenContext = Readonly<{ grantType: 'authorization_code' | 'refresh_token'; grant: MockGrant }>;

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access', 'address', 'phone']);

type Settings = Readonly<{
  shape: ProviderShape;
  audience: string;
  userScopes: readonly string[];
  organization: Grant['organization'];
  refreshRotation: boolean;
}>;

export function createMockGrants(settings: Settings) {
  const codes = new Map<string, { redirectUri: string | null; pkce: boolean; grant: MockGrant }>();
  const refreshTokens = new Map<string, { grant: MockGrant; live: boolean }>();

  function issueRefreshToken(grant: MockGrant): string {
    const token = randomBytes(32).toString('base64url');
    refreshTokens.set(token, { grant, live: true });
    return token;
  }

  return {
    authorized(code: string, query: URLSearchParams, clientId: string): void {
      const requested = (query.get('scope') ?? '').split(' ').filter(Boolean);
      const apiScopes = requested.filter((scope) => !OIDC_SCOPES.has(scope)).map((scope) => apiScopeName(settings.shape, scope))
        .filter((scope) => settings.userScopes.includes(scope));
      const grant: MockGrant = {
        clientId,
        audience: settings.audience,
        oidcScopes: requested.filter((scope) => OIDC_SCOPES.has(scope)),
        apiScopes,
        userScopes: settings.userScopes,
        nonce: query.get('nonce') ?? undefined,
        sid: randomUUID(),
        organization: settings.organization,
        // Auth0 without the `audience` parameter issues an opaque token, good for /userinfo only.
        opaque: settings.shape === 'auth0' && !query.get('audience'),
      };
      codes.set(code, { redirectUri: query.get('redirect_uri'), pkce: query.has('code_challenge'), grant });
    },

    redeem(body: Readonly<Record<string, string>>): TokenContext | { error: string; description: string } {
      if (body.grant_type === 'authorization_code') {
        const pending = codes.get(body.code ?? '');
        codes.delete(body.code ?? '');
        if (!pending) return { error: 'invalid_grant', description: 'unknown, expired or already used code' };
        if (pending.redirectUri !== body.redirect_uri) return { error: 'invalid_grant', description: 'redirect_uri differs from the authorization request' };
        if (pending.pkce && !body.code_verifier) return { error: 'invalid_grant', description: 'code_verifier required' };
        return { grantType: 'authorization_code', grant: pending.grant };
      }
      if (body.grant_type === 'refresh_token') {
        const entry = refreshTokens.get(body.refresh_token ?? '');
        if (!entry?.live) return { error: 'invalid_grant', description: 'unknown, rotated or revoked refresh token' };
        if (settings.refreshRotation) entry.live = false;
        return { grantType: 'refresh_token', grant: entry.grant };
      }
      return { error: 'unsupported_grant_type', description: `grant_type ${body.grant_type ?? '(none)'} is not supported` };
    },

    /** The refresh token of a successful token response, if any. */
    nextRefreshToken(context: TokenContext, enabled: boolean): string | undefined {
      if (!enabled) return undefined;
      if (context.grantType === 'refresh_token') return settings.refreshRotation ? issueRefreshToken(context.grant) : undefined;
      const offline = context.grant.oidcScopes.includes('offline_access') || settings.shape === 'keycloak';
      return offline ? issueRefreshToken(context.grant) : undefined;
    },

    /** Revoking a refresh token ends every refresh token of its login (as Auth0 and Keycloak do). */
    revoke(token: string): void {
      const grant = refreshTokens.get(token)?.grant;
      if (!grant) return;
      for (const entry of refreshTokens.values()) if (entry.grant.sid === grant.sid) entry.live = false;
    },

    authorizationRequest(clientId: string, audience: string, options: Readonly<{ scope?: string; audience?: string | null; redirectUri?: string }>) {
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const nonce = randomBytes(16).toString('base64url');
      const params = new URLSearchParams({
        client_id: clientId,
        redirect_uri: options.redirectUri ?? 'http://127.0.0.1:9/callback',
        response_type: 'code',
        scope: options.scope ?? 'openid profile email offline_access read:messages',
        state,
        nonce,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      });
      if (options.audience !== null) params.set('audience', options.audience ?? audience);
      return { verifier, params, nonce, state };
    },
  };
}
