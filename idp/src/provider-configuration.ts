import { errors, type Configuration, type KoaContextWithOIDC, type ResourceServerInfo } from 'oidc-provider';

import type { IdpConfig } from './config.js';
import { DEV_COOKIE_KEYS } from './dev-defaults.js';
import { API_SCOPES, OIDC_CLAIMS } from './scopes.js';
import type { SigningJwk } from './signing-key.js';
import { claimsOf, findUserById } from './users.js';
import { logoutPage, messagePage, PAGE_HEADERS } from './views.js';

/** oidc-provider settings for the one first-party client of this project (docs/contract.md). */
export function providerConfiguration(config: IdpConfig, signingKey: SigningJwk, adapter: Configuration['adapter']): Configuration {
  const { client, audience } = config;
  const authMethod = client.authMethod ?? 'client_secret_basic';
  const resourceServer: ResourceServerInfo = {
    scope: API_SCOPES.join(' '),
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: config.accessTokenTtlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  };

  return {
    // In memory, copied to <dataDir>/grants.json (memory-adapter.ts); the signing key has its own file.
    adapter,
    jwks: { keys: [signingKey] },
    clients: [{
      client_id: client.clientId,
      // With private_key_jwt the client has no secret: a leaked one must not authenticate it.
      ...(authMethod === 'private_key_jwt' ? { jwks: { keys: [...(client.jwks?.keys ?? [])] } } : { client_secret: client.clientSecret }),
      redirect_uris: [...client.redirectUris],
      post_logout_redirect_uris: [...client.postLogoutRedirectUris],
      backchannel_logout_uri: client.backchannelLogoutUri,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // Also the revocation and introspection method (oidc-provider's default). oidc-provider takes
      // basic and post for each other; require-client-auth-method.ts tells them apart.
      token_endpoint_auth_method: authMethod,
    }],
    responseTypes: ['code'],
    // What discovery advertises; the client above is held to its one method.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    pkce: { methods: ['S256'], required: () => true },
    claims: Object.fromEntries(Object.entries(OIDC_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
    scopes: ['openid', 'offline_access'],
    // Auth0 clients name the API with `audience`; oidc-provider speaks RFC 8707 `resource`.
    extraParams: ['audience'],
    routes: { jwks: '/.well-known/jwks.json' }, // Auth0's path: the API's default JWKS URI fits both
    features: {
      devInteractions: { enabled: false }, // it accepts any password and 500s on odd input
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => sendHtml(ctx, logoutPage(ctx.host, form)),
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => sendHtml(ctx, messagePage('Signed out', 'You are signed out of the development IdP.')),
      },
      backchannelLogout: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      introspection: {
        enabled: true,
        // A client may introspect only its own tokens.
        allowedPolicy: (_ctx: KoaContextWithOIDC, caller: { clientId: string }, token: { clientId?: string }) => token.clientId === caller.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: KoaContextWithOIDC, _client: unknown, oneOf?: string[]) => {
          if (oneOf) return oneOf.includes(audience) ? audience : oneOf;
          const requested = ctx.oidc.params.audience;
          return typeof requested === 'string' && requested !== '' ? requested : audience;
        },
        // Without this the token endpoint issues an opaque userinfo token, also on refresh (PITFALLS.md).
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resource: string) => {
          if (resource !== audience) throw new errors.InvalidTarget(`unknown resource or audience "${resource}"; this IdP only issues tokens for "${audience}"`);
          return resourceServer;
        },
      },
    },
    // oidc-provider drops offline_access without prompt=consent; the BFF needs a refresh token anyway.
    issueRefreshToken: (_ctx, forClient) => forClient.grantTypeAllowed('refresh_token'),
    // Every use returns a new refresh token; reuse of a consumed one revokes the whole grant.
    rotateRefreshToken: true,
    // Tokens end with the IdP session: RP-initiated logout revokes them, offline_access or not.
    expiresWithSession: () => true,
    findAccount: async (_ctx, sub) => {
      const user = findUserById(sub);
      return user && { accountId: user.id, claims: () => claimsOf(user) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The BFF calls the token endpoint server to server; no browser origin needs CORS.
    clientBasedCORS: () => false,
    cookies: {
      keys: [...(config.cookieKeys ?? DEV_COOKIE_KEYS)],
      // Lax, not oidc-provider's None: the IdP runs on plain http, where browsers drop SameSite=None.
      long: { signed: true, sameSite: 'lax' },
      short: { signed: true, sameSite: 'lax' },
    },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 10 * 60,
      RefreshToken: config.refreshTokenTtlSeconds,
      // The IdP login lives as long as a refresh token may: rotation never outlives it.
      Session: config.refreshTokenTtlSeconds,
      Grant: config.refreshTokenTtlSeconds,
    },
    renderError: (ctx, out) => {
      const text = out.error_description ? `${out.error}: ${out.error_description}` : out.error;
      sendHtml(ctx, messagePage('Cannot continue', text));
    },
  };
}

function sendHtml(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  for (const [name, value] of Object.entries(PAGE_HEADERS)) ctx.set(name, value);
  ctx.body = html;
}
