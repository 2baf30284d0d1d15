// How each provider lays out its endpoints and shapes its tokens, for tests/helpers/mock-provider.ts.
// Written from each provider's public documentation and token samples (current versions); the
// quirks a relying party or resource server trips over are noted where they are modelled.

export type ProviderShape = 'auth0' | 'entra' | 'keycloak' | 'okta' | 'lemonldap';

/** What the mock knows about one authorization (a code, then the refresh tokens of the same login). */
export type Grant = Readonly<{
  clientId: string;
  audience: string;
  /** Scopes granted: the requested OpenID scopes plus the requested API scopes the user has. */
  oidcScopes: readonly string[];
  apiScopes: readonly string[];
  /** Every API scope the user has, requested or not (Auth0 RBAC puts them all into `permissions`). */
  userScopes: readonly string[];
  nonce: string | undefined;
  sid: string;
  organization: Readonly<{ id: string; name?: string }> | undefined;
}>;

export type Paths = Readonly<{
  /** The issuer's path, '' for an origin: the discovery document is at <issuer>/.well-known/openid-configuration. */
  issuerPath: string;
  /** Auth0 keeps the trailing slash in `iss`; the others do not. */
  issuerTrailingSlash: boolean;
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
  revocation: string | undefined;
}>;

export const ENTRA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

export const PATHS: Readonly<Record<ProviderShape, Paths>> = {
  // Auth0: issuer https://<tenant>.auth0.com/ WITH the slash, and `iss` carries it. RP-initiated
  // logout is Auth0's own /v2/logout?client_id=…&returnTo=… (end_session_endpoint /oidc/logout only
  // appears when the tenant turns on "RP-Initiated Logout End Session Endpoint Discovery").
  // express-openid-connect recognises Auth0 by a *.auth0.com host only: custom domains miss it.
  auth0: {
    issuerPath: '', issuerTrailingSlash: true, authorize: '/authorize', token: '/oauth/token', userinfo: '/userinfo',
    jwks: '/.well-known/jwks.json', endSession: '/oidc/logout', revocation: '/oauth/revoke',
  },
  // Entra ID v2: issuer https://login.microsoftonline.com/<tenant>/v2.0, but the endpoints live
  // outside the issuer's path and the keys under /discovery/v2.0/keys: <issuer>/.well-known/jwks.json
  // does not exist. No revocation endpoint (refresh tokens are revoked through Graph).
  entra: {
    issuerPath: `/${ENTRA_TENANT}/v2.0`, issuerTrailingSlash: false,
    authorize: `/${ENTRA_TENANT}/oauth2/v2.0/authorize`, token: `/${ENTRA_TENANT}/oauth2/v2.0/token`,
    userinfo: '/oidc/userinfo', jwks: `/${ENTRA_TENANT}/discovery/v2.0/keys`,
    endSession: `/${ENTRA_TENANT}/oauth2/v2.0/logout`, revocation: undefined,
  },
  // Keycloak: one issuer per realm, everything under /realms/<realm>/protocol/openid-connect/.
  keycloak: {
    issuerPath: '/realms/demo', issuerTrailingSlash: false,
    authorize: '/realms/demo/protocol/openid-connect/auth', token: '/realms/demo/protocol/openid-connect/token',
    userinfo: '/realms/demo/protocol/openid-connect/userinfo', jwks: '/realms/demo/protocol/openid-connect/certs',
    endSession: '/realms/demo/protocol/openid-connect/logout', revocation: '/realms/demo/protocol/openid-connect/revoke',
  },
  // Okta: a custom authorization server (…/oauth2/default) issues access tokens an API can verify;
  // the org server (issuer without /oauth2/…) issues ones only Okta can.
  okta: {
    issuerPath: '/oauth2/default', issuerTrailingSlash: false,
    authorize: '/oauth2/default/v1/authorize', token: '/oauth2/default/v1/token', userinfo: '/oauth2/default/v1/userinfo',
    jwks: '/oauth2/default/v1/keys', endSession: '/oauth2/default/v1/logout', revocation: '/oauth2/default/v1/revoke',
  },
  // LemonLDAP::NG 2.16: the portal is the issuer, endpoints under /oauth2/, keys at /oauth2/jwks
  // while /.well-known/jwks.json answers the portal's HTML page (measured). No revocation endpoint.
  lemonldap: {
    issuerPath: '', issuerTrailingSlash: false, authorize: '/oauth2/authorize', token: '/oauth2/token',
    userinfo: '/oauth2/userinfo', jwks: '/oauth2/jwks', endSession: '/oauth2/logout', revocation: undefined,
  },
};

/** Which authentication methods each advertises (the mock enforces the one configured). */
const AUTH_METHODS: Readonly<Record<ProviderShape, readonly string[]>> = {
  auth0: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
  entra: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  keycloak: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'tls_client_auth', 'client_secret_jwt'],
  okta: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
  lemonldap: ['client_secret_post', 'client_secret_basic', 'client_secret_jwt', 'private_key_jwt'],
};

// Back-channel logout: Auth0 and Keycloak send it; Entra and Okta do not; LemonLDAP::NG 2.16 does
// not either (per the issue that asked for this fixture). The mock only advertises, never sends.
const BACKCHANNEL: Readonly<Record<ProviderShape, boolean>> = { auth0: true, entra: false, keycloak: true, okta: false, lemonldap: false };

export type DiscoveryOptions = Readonly<{ endSession: boolean; revocation: boolean; backchannelLogout: boolean | undefined }>;

export function discoveryDocument(shape: ProviderShape, origin: string, issuer: string, options: DiscoveryOptions): Record<string, unknown> {
  const paths = PATHS[shape];
  const at = (path: string) => `${origin}${path}`;
  return {
    issuer,
    authorization_endpoint: at(paths.authorize),
    token_endpoint: at(paths.token),
    userinfo_endpoint: at(paths.userinfo),
    jwks_uri: at(paths.jwks),
    ...(options.endSession ? { end_session_endpoint: at(paths.endSession) } : {}),
    ...(options.revocation && paths.revocation ? { revocation_endpoint: at(paths.revocation) } : {}),
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'email', 'email_verified', 'nonce', 'sid'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: AUTH_METHODS[shape],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
    backchannel_logout_supported: options.backchannelLogout ?? BACKCHANNEL[shape],
    backchannel_logout_session_supported: options.backchannelLogout ?? BACKCHANNEL[shape],
  };
}

/** Entra names API scopes `api://<app id>/<scope>` (or `<app id uri>/<scope>`); the token carries only `<scope>`. */
export function apiScopeName(shape: ProviderShape, requested: string): string {
  return shape === 'entra' ? requested.slice(requested.lastIndexOf('/') + 1) : requested;
}

export const ALICE = Object.freeze({ name: 'Alice Liddell', email: 'alice@example.com', given_name: 'Alice', family_name: 'Liddell' });

const SUBJECTS: Readonly<Record<ProviderShape, string>> = {
  auth0: 'auth0|65f1c0ffee0123456789abcd',
  entra: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', // pairwise per application
  keycloak: 'f3c2a7e4-5b1d-4c8e-9a6f-2d7b0e1c4a93',
  okta: '00u1a2b3c4d5e6f7g8h9',
  lemonldap: 'dwho',
};

export function subjectOf(shape: ProviderShape): string {
  return SUBJECTS[shape];
}
