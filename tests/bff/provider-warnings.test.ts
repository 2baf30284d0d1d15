import { describe, expect, it } from 'vitest';
import { endSessionUrl, providerLogout } from '../../bff/src/auth/end-session-url.js';
import type { IssuerMetadata } from '../../bff/src/oidc/issuer-metadata.js';
import { providerWarnings } from '../../bff/src/oidc/provider-warnings.js';

const FULL: IssuerMetadata = {
  issuer: 'https://login.example',
  token_endpoint: 'https://login.example/token',
  jwks_uri: 'https://login.example/jwks',
  revocation_endpoint: 'https://login.example/revoke',
  end_session_endpoint: 'https://login.example/logout',
  backchannel_logout_supported: true,
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  id_token_signing_alg_values_supported: ['RS256'],
  scopes_supported: ['openid', 'offline_access'],
};
const SETTINGS = { clientAuthMethod: 'client_secret_basic', idTokenSigningAlg: 'RS256', idpLogout: 'auto' as const, scope: 'openid offline_access' };

describe('provider warnings', () => {
  it('a provider with every feature → no warning', () => {
    expect(providerWarnings(FULL, SETTINGS)).toEqual([]);
  });

  it.each([
    ['no revocation endpoint', { revocation_endpoint: undefined }, 'cannot revoke their refresh tokens'],
    ['no back-channel logout', { backchannel_logout_supported: undefined }, 'will not end BFF sessions until their refresh token fails'],
    ['no end-session endpoint', { end_session_endpoint: undefined }, 'ends the BFF session only'],
    ['another client authentication method', { token_endpoint_auth_methods_supported: ['private_key_jwt'] }, 'not CLIENT_AUTH_METHOD=client_secret_basic'],
    ['another ID token algorithm', { id_token_signing_alg_values_supported: ['ES256'] }, 'not ID_TOKEN_SIGNING_ALG=RS256'],
    ['no offline_access scope', { scopes_supported: ['openid'] }, 'may issue no refresh token'],
  ])('%s → one warning naming the consequence', (_, change, text) => {
    const warnings = providerWarnings({ ...FULL, ...change }, SETTINGS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(text);
  });

  it('no end-session endpoint with IDP_LOGOUT=false → no warning (a local logout was asked for)', () => {
    expect(providerWarnings({ ...FULL, end_session_endpoint: undefined }, { ...SETTINGS, idpLogout: 'false' })).toEqual([]);
  });
});

describe('logout target (IDP_LOGOUT)', () => {
  const auth0 = { ...FULL, issuer: 'https://tenant.eu.auth0.com/', end_session_endpoint: undefined };
  it.each([
    ['auto, an end-session endpoint', FULL, 'auto', 'oidc'],
    ['auto, a *.auth0.com issuer without one', auth0, 'auto', 'auth0'],
    ['auto, another issuer without one', { ...FULL, end_session_endpoint: undefined }, 'auto', undefined],
    ['auth0, a custom domain', { ...FULL, end_session_endpoint: undefined }, 'auth0', 'auth0'],
    ['oidc, an Auth0 tenant without one', auth0, 'oidc', undefined],
    ['false', FULL, 'false', undefined],
  ] as const)('%s → %s', (_, metadata, mode, expected) => {
    expect(providerLogout(metadata, mode)).toBe(expected);
  });

  it('Auth0 → /v2/logout on the issuer\'s host with client_id and returnTo', () => {
    expect(endSessionUrl(auth0, { mode: 'auto', clientId: 'abc', returnTo: 'https://app.example/' })).toBe(
      'https://tenant.eu.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example%2F',
    );
  });
});
