import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';

import { createApi } from '../../api/src/app.js';
import { loadApiConfig } from '../../api/src/config.js';
import { listen } from '../helpers/listen.js';
import { startMockProvider, type MockProviderOptions, type ProviderShape } from '../helpers/mock-provider.js';
import { EXTERNAL_OK, refused, request } from './api-fixture.js';

// The real API against providers this project did not write (oauth2-mock-server, shaped like each),
// configured as in production: the issuer and the audience only, keys found through discovery.
// Tokens come from a real code flow over HTTP.

const ENTRA_API_APP_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';

/** How each provider is asked for the API's scopes: Entra wants them prefixed with the API's URI. */
const SCOPES: Readonly<Record<ProviderShape, (scopes: string) => string>> = {
  auth0: (scopes) => `openid profile email offline_access ${scopes}`,
  entra: (scopes) => `openid profile offline_access ${scopes.split(' ').map((scope) => `api://${ENTRA_API_APP_ID}/${scope}`).join(' ')}`,
  keycloak: (scopes) => `openid profile email ${scopes}`,
  okta: (scopes) => `openid profile email offline_access ${scopes}`,
  lemonldap: (scopes) => `openid profile email offline_access ${scopes}`,
};

async function useProviderAndApi(shape: ProviderShape, options: MockProviderOptions = {}, env: Record<string, string> = {}) {
  const provider = await startMockProvider(shape, { ...(shape === 'entra' ? { audience: ENTRA_API_APP_ID } : {}), ...options });
  const config = loadApiConfig({ ISSUER_BASE_URL: provider.issuer, AUDIENCE: provider.audience, ...env }, {});
  const api = await listen(createApi(config, { logger: pino({ level: 'silent' }) }));
  onTestFinished(async () => {
    await api.close();
    await provider.close();
  });
  const tokens = async (scopes = 'read:messages') => (await provider.signIn({ scope: SCOPES[shape](scopes) })).tokens;
  return {
    provider,
    tokens,
    call: (token: string | undefined, path = '/api/external') => request(`${api.url}${path}`, { authorization: `Bearer ${token ?? ''}` }),
  };
}

const MESSAGES_OK = { status: 200, wwwAuthenticate: null, body: { messages: expect.any(Array) } };
const ADMIN_OK = { status: 200, wwwAuthenticate: null, body: { message: 'Your access token has the admin:messages scope.' } };
const notJwt = refused.invalidToken('The access token is not a JWT; this API expects JWT access tokens (RFC 9068)');
const idToken = refused.invalidToken('The token is an ID token, not an access token');

describe.each(['auth0', 'entra', 'keycloak', 'okta', 'lemonldap'] as const)('%s', (shape) => {
  it('its access token → /api/external 200, keys found through discovery (read once)', async () => {
    const { provider, tokens, call } = await useProviderAndApi(shape);
    const { access_token: token } = await tokens();
    expect([await call(token), await call(token)]).toEqual([EXTERNAL_OK, EXTERNAL_OK]);
    expect([provider.counts.discovery, provider.counts.jwks]).toEqual([1, 1]);
  });

  it('read:messages granted → /api/messages 200, /api/admin 403 insufficient_scope', async () => {
    const { tokens, call } = await useProviderAndApi(shape);
    const { access_token: token } = await tokens();
    expect([await call(token, '/api/messages'), await call(token, '/api/admin')]).toEqual([MESSAGES_OK, refused.insufficientScope('admin:messages')]);
  });

  it('admin:messages granted and asked for → /api/admin 200', async () => {
    const { tokens, call } = await useProviderAndApi(shape, { userScopes: ['read:messages', 'admin:messages'] });
    expect(await call((await tokens('read:messages admin:messages')).access_token, '/api/admin')).toEqual(ADMIN_OK);
  });

  it('its ID token used as an access token → 401', async () => {
    const { tokens, call } = await useProviderAndApi(shape);
    expect(await call((await tokens()).id_token)).toEqual(idToken);
  });

  it('opaque access tokens → 401 not a JWT, naming the JWT requirement', async () => {
    const { tokens, call } = await useProviderAndApi(shape, { opaqueAccessTokens: true });
    expect(await call((await tokens()).access_token)).toEqual(notJwt);
  });
});

describe('where each provider\'s scopes are', () => {
  it('Auth0 → admin:messages only in permissions (RBAC), not asked for in scope → /api/admin 200', async () => {
    const { tokens, call } = await useProviderAndApi('auth0', { userScopes: ['read:messages', 'admin:messages'] });
    expect(await call((await tokens('read:messages')).access_token, '/api/admin')).toEqual(ADMIN_OK);
  });

  it('Entra → scp as a string, Okta → scp as an array: /api/messages 200 from scp alone', async () => {
    const entra = await useProviderAndApi('entra');
    const okta = await useProviderAndApi('okta');
    expect([await entra.call((await entra.tokens()).access_token, '/api/messages'), await okta.call((await okta.tokens()).access_token, '/api/messages')])
      .toEqual([MESSAGES_OK, MESSAGES_OK]);
  });
});

describe('Auth0 specifics', () => {
  it('login without the audience parameter → Auth0\'s opaque token → 401 not a JWT', async () => {
    const { provider, call } = await useProviderAndApi('auth0');
    expect(await call((await provider.signIn({ audience: null })).tokens.access_token)).toEqual(notJwt);
  });

  it('ORGANIZATION=org_… → a token of that organization 200, of another 401', async () => {
    const env = { ORGANIZATION: 'org_Acme123' };
    const acme = await useProviderAndApi('auth0', { organization: { id: 'org_Acme123', name: 'Acme' } }, env);
    const globex = await useProviderAndApi('auth0', { organization: { id: 'org_Globex456' } }, env);
    expect([await acme.call((await acme.tokens()).access_token), await globex.call((await globex.tokens()).access_token)])
      .toEqual([EXTERNAL_OK, refused.invalidToken('The access token was not issued for this API\'s organization')]);
  });
});

describe('LemonLDAP::NG: /.well-known/jwks.json is an HTML page, the ID token\'s aud holds the API', () => {
  it('the API never asks /.well-known/jwks.json: jwks_uri from discovery → 200', async () => {
    const { provider, tokens, call } = await useProviderAndApi('lemonldap');
    const html = await fetch(`${provider.origin}/.well-known/jwks.json`);
    expect([html.headers.get('content-type'), await call((await tokens()).access_token)]).toEqual(['text/html; charset=utf-8', EXTERNAL_OK]);
  });

  it('an ID token from a refresh (no nonce) with the API in aud → 200 by default, 401 with REQUIRE_AT_JWT=true (its access tokens still 200)', async () => {
    const loose = await useProviderAndApi('lemonldap');
    const strict = await useProviderAndApi('lemonldap', {}, { REQUIRE_AT_JWT: 'true' });
    const refreshed = async (side: typeof loose) => (await side.provider.refresh((await side.tokens()).refresh_token ?? '')).tokens;
    const [looseTokens, strictTokens] = [await refreshed(loose), await refreshed(strict)];
    expect([
      (await loose.call(looseTokens.id_token)).status,
      await strict.call(strictTokens.id_token),
      await strict.call(strictTokens.access_token),
    ]).toEqual([200, refused.invalidToken('The access token is not of type at+jwt (RFC 9068), which this API requires'), EXTERNAL_OK]);
  });
});

