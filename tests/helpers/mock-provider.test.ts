import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';

import { startMockProvider, type MockProvider, type MockProviderOptions, type ProviderShape } from './mock-provider.js';

// The third-party provider fixture behaves as a provider over HTTP: discovery, the code flow with
// PKCE, state and nonce, tokens shaped like each provider, one client authentication method,
// single-use codes, refresh rotation, revocation and logout, with counters for assertions.

const SHAPES: readonly ProviderShape[] = ['auth0', 'entra', 'keycloak', 'okta', 'lemonldap'];

async function useProvider(shape: ProviderShape, options: MockProviderOptions = {}): Promise<MockProvider> {
  const provider = await startMockProvider(shape, options);
  onTestFinished(() => provider.close());
  return provider;
}

async function discovery(provider: MockProvider): Promise<Record<string, unknown>> {
  return await (await fetch(provider.discoveryUrl)).json() as Record<string, unknown>;
}

async function keysOf(provider: MockProvider): Promise<ReturnType<typeof createLocalJWKSet>> {
  const jwksUri = String((await discovery(provider)).jwks_uri);
  return createLocalJWKSet(await (await fetch(jwksUri)).json() as JSONWebKeySet);
}

describe.each(SHAPES)('%s', (shape) => {
  it('discovery → its own issuer, and a jwks_uri whose keys verify the ID token (iss, aud = client id, nonce, sid)', async () => {
    const provider = await useProvider(shape);
    const { tokens, nonce } = await provider.signIn();
    const { payload } = await jwtVerify(tokens.id_token ?? '', await keysOf(provider), { issuer: provider.issuer, audience: provider.clientId });
    expect((await discovery(provider)).issuer).toBe(provider.issuer);
    expect([payload.nonce, payload.sid]).toEqual([nonce, expect.any(String)]);
  });

  it('the access token → signed by the same keys, for the API audience, with a refresh token beside it', async () => {
    const provider = await useProvider(shape);
    const { tokens } = await provider.signIn();
    const { payload } = await jwtVerify(tokens.access_token ?? '', await keysOf(provider), { issuer: provider.issuer, audience: provider.audience });
    expect([payload.exp! - payload.iat!, tokens.expires_in, typeof tokens.refresh_token]).toEqual([300, 300, 'string']);
  });
});

describe('Auth0 shape', () => {
  it('issuer with a trailing slash; access token aud = [API, <issuer>userinfo], permissions, azp, scope', async () => {
    const provider = await useProvider('auth0');
    const claims = decodeJwt((await provider.signIn()).tokens.access_token ?? '');
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(claims).toMatchObject({
      iss: provider.issuer, aud: [provider.audience, `${provider.issuer}userinfo`], permissions: ['read:messages'],
      azp: provider.clientId, scope: 'openid profile email offline_access read:messages',
    });
  });

  it('discovery → no end_session_endpoint, a revocation_endpoint; /v2/logout?client_id&returnTo → 302 to returnTo, counted', async () => {
    const provider = await useProvider('auth0');
    const metadata = await discovery(provider);
    const logout = await fetch(`${provider.origin}/v2/logout?client_id=${provider.clientId}&returnTo=${encodeURIComponent('http://127.0.0.1:9/')}`, { redirect: 'manual' });
    expect([metadata.end_session_endpoint, metadata.revocation_endpoint]).toEqual([undefined, `${provider.origin}/oauth/revoke`]);
    expect([logout.status, logout.headers.get('location'), provider.counts.endSessions, provider.logouts[0]?.get('client_id')])
      .toEqual([302, 'http://127.0.0.1:9/', 1, provider.clientId]);
  });

  it('no audience parameter → an opaque access token (Auth0 then issues one for /userinfo only)', async () => {
    const provider = await useProvider('auth0');
    expect((await provider.signIn({ audience: null })).tokens.access_token).toMatch(/^[\w-]{43}$/);
  });

  it('an organization → org_id and org_name (lower case) in both tokens', async () => {
    const provider = await useProvider('auth0', { organization: { id: 'org_Acme123', name: 'Acme' } });
    const { tokens } = await provider.signIn();
    const organization = { org_id: 'org_Acme123', org_name: 'acme' };
    expect([decodeJwt(tokens.access_token ?? ''), decodeJwt(tokens.id_token ?? '')]).toEqual([expect.objectContaining(organization), expect.objectContaining(organization)]);
  });
});

describe('Entra and Keycloak shapes', () => {
  it('Entra → v2 issuer <origin>/<tenant>/v2.0, scp a space-separated string without the api:// prefix, ver 2.0, no revocation endpoint', async () => {
    const provider = await useProvider('entra', { userScopes: ['read:messages', 'admin:messages'] });
    const { tokens } = await provider.signIn({ scope: 'openid offline_access api://bff-api/read:messages api://bff-api/admin:messages' });
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\/v2\.0$/);
    expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ aud: provider.audience, scp: 'read:messages admin:messages', ver: '2.0' });
    expect((await discovery(provider)).revocation_endpoint).toBeUndefined();
  });

  it('Keycloak → issuer …/realms/demo, aud with account, realm_access roles, typ Bearer claim, azp', async () => {
    const provider = await useProvider('keycloak');
    expect(decodeJwt((await provider.signIn()).tokens.access_token ?? '')).toMatchObject({
      iss: `${provider.origin}/realms/demo`, aud: [provider.audience, 'account'], typ: 'Bearer', azp: provider.clientId,
      realm_access: { roles: expect.arrayContaining(['offline_access']) },
    });
  });

  it('Keycloak logout without id_token_hint → a confirmation page; with it → 302 to post_logout_redirect_uri', async () => {
    const provider = await useProvider('keycloak');
    const endSession = String((await discovery(provider)).end_session_endpoint);
    const back = encodeURIComponent('http://127.0.0.1:9/');
    const bare = await fetch(`${endSession}?client_id=${provider.clientId}&post_logout_redirect_uri=${back}`, { redirect: 'manual' });
    const hinted = await fetch(`${endSession}?id_token_hint=x.y.z&post_logout_redirect_uri=${back}&state=s1`, { redirect: 'manual' });
    expect([bare.status, hinted.status, hinted.headers.get('location'), provider.counts.endSessions]).toEqual([200, 302, 'http://127.0.0.1:9/?state=s1', 2]);
  });
});

describe('options', () => {
  it('endSession: false, revocation: false → neither in discovery, both 404', async () => {
    const provider = await useProvider('okta', { endSession: false, revocation: false });
    const metadata = await discovery(provider);
    const revoke = await fetch(`${provider.issuer}/v1/revoke`, { method: 'POST' });
    const logout = await fetch(`${provider.issuer}/v1/logout`);
    expect([metadata.end_session_endpoint, metadata.revocation_endpoint, revoke.status, logout.status]).toEqual([undefined, undefined, 404, 404]);
  });

  it('opaqueAccessTokens → a random string as access_token, the ID token still a JWT', async () => {
    const provider = await useProvider('keycloak', { opaqueAccessTokens: true });
    const { tokens } = await provider.signIn();
    expect([tokens.access_token?.split('.').length, tokens.id_token?.split('.').length]).toEqual([1, 3]);
  });

  it('refreshRotation (default) → a new refresh token each time; the spent one → 400 invalid_grant', async () => {
    const provider = await useProvider('auth0');
    const first = (await provider.signIn()).tokens.refresh_token ?? '';
    const rotated = await provider.refresh(first);
    const reused = await provider.refresh(first);
    expect([rotated.status, rotated.tokens.refresh_token !== first, reused.status, reused.tokens.error]).toEqual([200, true, 400, 'invalid_grant']);
    expect(provider.counts.refreshes).toBe(1);
  });

  it('refreshRotation: false → no new refresh token; the first one keeps working', async () => {
    const provider = await useProvider('auth0', { refreshRotation: false });
    const first = (await provider.signIn()).tokens.refresh_token ?? '';
    const [one, two] = [await provider.refresh(first), await provider.refresh(first)];
    expect([one.status, one.tokens.refresh_token, two.status]).toEqual([200, undefined, 200]);
  });

  it('refreshTokens: false → no refresh token, even with offline_access', async () => {
    const provider = await useProvider('auth0', { refreshTokens: false });
    expect((await provider.signIn()).tokens.refresh_token).toBeUndefined();
  });

  it('accessTokenTtlSeconds: 2 → expires_in 2 and exp = iat + 2', async () => {
    const provider = await useProvider('entra', { accessTokenTtlSeconds: 2 });
    const { tokens } = await provider.signIn();
    const { exp, iat } = decodeJwt(tokens.access_token ?? '');
    expect([tokens.expires_in, exp! - iat!]).toEqual([2, 2]);
  });

  it('revocation of a refresh token → 200, counted, and that login\'s refresh tokens are dead', async () => {
    const provider = await useProvider('keycloak', { clientAuth: 'client_secret_post' });
    const refreshToken = (await provider.signIn()).tokens.refresh_token ?? '';
    const revoked = await fetch(String((await discovery(provider)).revocation_endpoint), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: provider.clientId, client_secret: provider.clientSecret }),
    });
    expect([revoked.status, provider.counts.revocations, (await provider.refresh(refreshToken)).status]).toEqual([200, 1, 400]);
  });
});

describe('codes', () => {
  it('a code redeemed twice → the second 400 invalid_grant', async () => {
    const provider = await useProvider('auth0');
    const { code, verifier, redirectUri } = await provider.authorize();
    const params = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri };
    expect([(await provider.tokenRequest(params)).status, (await provider.tokenRequest(params)).tokens.error]).toEqual([200, 'invalid_grant']);
  });

  it('a code redeemed with another redirect_uri or without its PKCE verifier → 400 invalid_grant', async () => {
    const provider = await useProvider('auth0');
    const [one, two] = [await provider.authorize(), await provider.authorize()];
    const wrongUri = await provider.tokenRequest({ grant_type: 'authorization_code', code: one.code, code_verifier: one.verifier, redirect_uri: 'http://127.0.0.1:9/other' });
    const noVerifier = await provider.tokenRequest({ grant_type: 'authorization_code', code: two.code, redirect_uri: two.redirectUri });
    expect([wrongUri.tokens.error, noVerifier.tokens.error]).toEqual(['invalid_grant', 'invalid_grant']);
  });

  it('an unknown client_id at the authorization endpoint → 400, no redirect', async () => {
    const provider = await useProvider('okta');
    const response = await fetch(`${provider.issuer}/v1/authorize?client_id=other&response_type=code&redirect_uri=http://127.0.0.1:9/`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});

describe('client authentication', () => {
  it('client_secret_basic (default) with the id and secret form-encoded → 200; in the body → 401 invalid_client', async () => {
    const provider = await useProvider('auth0');
    const [basic, post] = [await provider.signIn(), await provider.signIn({ clientAuth: 'client_secret_post' })];
    expect([basic.status, post.status, post.tokens.error]).toEqual([200, 401, 'invalid_client']);
    expect([provider.authMethodsSeen, provider.counts.clientAuthFailures]).toEqual([['client_secret_basic', 'client_secret_post'], 1]);
  });

  it('client_secret_basic_raw (LemonLDAP::NG 2.16) → the form-encoded id bff%2Ddemo-client is refused, the raw one accepted', async () => {
    const provider = await useProvider('lemonldap', { clientAuth: 'client_secret_basic_raw' });
    const encoded = await provider.signIn({ clientAuth: 'client_secret_basic' });
    const raw = await provider.signIn();
    expect([encoded.status, encoded.tokens.error, raw.status]).toEqual([401, 'invalid_client', 200]);
  });

  it('client_secret_post → 200; Basic → 401 invalid_client', async () => {
    const provider = await useProvider('entra', { clientAuth: 'client_secret_post' });
    expect([(await provider.signIn()).status, (await provider.signIn({ clientAuth: 'client_secret_basic' })).status]).toEqual([200, 401]);
  });

  it('private_key_jwt → an assertion signed with the registered key 200; another key, or Basic → 401', async () => {
    const [client, other] = [await generateKeyPair('RS256'), await generateKeyPair('RS256')];
    const clientJwks = { keys: [{ ...(await exportJWK(client.publicKey)), kid: 'k1', alg: 'RS256' }] };
    const provider = await useProvider('keycloak', { clientAuth: 'private_key_jwt', clientJwks });
    const signed = await provider.signIn({ clientKey: { privateKey: client.privateKey, kid: 'k1' } });
    const forged = await provider.signIn({ clientKey: { privateKey: other.privateKey, kid: 'k1' } });
    const basic = await provider.signIn({ clientAuth: 'client_secret_basic' });
    expect([signed.status, forged.status, basic.status]).toEqual([200, 401, 401]);
  });
});
