import { afterEach, describe, expect, it, vi } from 'vitest';
import { startProviderStack, type ProviderStack } from './support/provider-stack.js';

// The BFF against providers this project did not write (oauth2-mock-server, npm), each shaped like
// a real one. Each scenario: login, /auth/user, an /api call through the real API, a refresh at
// expiry, logout — and what the provider's shape changes about them.

type Json = Record<string, unknown>;
const body = (text: string) => JSON.parse(text) as Json;

describe('interoperability matrix', () => {
  let stack: ProviderStack;
  afterEach(() => stack.close());

  /** Login, /auth/user, one API call, a refresh at expiry and the call again: the core flow. */
  async function coreFlow() {
    const { browser, landing } = await stack.login();
    expect(landing).toBe(`${stack.urls.bff}/profile`);
    const user = await browser.get(`${stack.urls.bff}/auth/user`);
    expect(user.status).toBe(200);
    expect(body(user.body).user).toMatchObject({ sub: expect.any(String) });
    expect(user.body).not.toMatch(/eyJ[\w-]+\.eyJ/);
    const first = await stack.callApi(browser);
    expect([first.status, body(first.body)]).toEqual([200, { message: 'Your Access Token was successfully validated!' }]);
    stack.clock.advance(301);
    const afterExpiry = await stack.callApi(browser);
    expect(afterExpiry.status).toBe(200);
    expect(stack.provider.counts.refreshes).toBe(1);
    return browser;
  }

  it('Auth0-shaped (issuer with a trailing slash, aud array with /userinfo, permissions, azp; Auth0 logout on a custom domain) → the whole flow; logout through /v2/logout', async () => {
    stack = await startProviderStack('auth0', { bffEnv: { IDP_LOGOUT: 'auth0' } });
    expect(stack.provider.issuer.endsWith('/')).toBe(true);
    const browser = await coreFlow();
    const scopes = body((await browser.get(`${stack.urls.bff}/auth/user`)).body).scopes;
    expect(scopes).toContain('read:messages');
    const logout = await stack.logout(browser);
    const to = new URL(logout.location);
    expect([to.pathname, to.searchParams.get('client_id'), to.searchParams.get('returnTo')]).toEqual(['/v2/logout', stack.provider.clientId, `${stack.urls.bff}/`]);
    expect(stack.provider.counts.revocations).toBe(1);
    expect((await stack.callApi(browser)).status).toBe(401);
  });

  it('Entra-shaped (v2 issuer, scp as a string, keys outside the issuer path, no revocation endpoint) → the whole flow; a warning that refresh tokens cannot be revoked', async () => {
    stack = await startProviderStack('entra');
    const browser = await coreFlow();
    const logout = await stack.logout(browser);
    expect(new URL(logout.location).pathname).toMatch(/\/oauth2\/v2\.0\/logout$/);
    expect(stack.provider.counts.revocations).toBe(0);
    expect(stack.logs.text()).toContain('the provider has no revocation_endpoint');
  });

  it('Keycloak-shaped (realm issuer, aud with account, realm_access) → the whole flow; logout at the end-session endpoint with client_id, no ID token in the URL', async () => {
    stack = await startProviderStack('keycloak');
    const browser = await coreFlow();
    const logout = await stack.logout(browser);
    const to = new URL(logout.location);
    expect(to.pathname).toBe('/realms/demo/protocol/openid-connect/logout');
    expect([to.searchParams.get('client_id'), to.searchParams.get('post_logout_redirect_uri'), to.searchParams.has('id_token_hint')]).toEqual([stack.provider.clientId, `${stack.urls.bff}/`, false]);
  });

  it('LOGOUT_ID_TOKEN_HINT=true (Keycloak asks the user to confirm without it) → the logout URL carries the ID token', async () => {
    stack = await startProviderStack('keycloak', { bffEnv: { LOGOUT_ID_TOKEN_HINT: 'true' } });
    const { browser } = await stack.login();
    const to = new URL((await stack.logout(browser)).location);
    expect(to.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
  });

  it('a client id and secret with "-", "_", "." and "~", client_secret_basic → accepted (the same encoding for the code exchange, refresh and revocation)', async () => {
    stack = await startProviderStack('keycloak', { provider: { clientId: 'bff-demo.client_1~x', clientSecret: 's3cr3t-with_all.the~chars' } });
    const browser = await coreFlow();
    await stack.logout(browser);
    expect(new Set(stack.provider.authMethodsSeen)).toEqual(new Set(['client_secret_basic']));
    expect(stack.provider.counts.clientAuthFailures).toBe(0);
  });

  it('a provider that does not form-decode Basic credentials (LemonLDAP::NG 2.16), CLIENT_AUTH_METHOD=client_secret_post → every call authenticates in the body', async () => {
    stack = await startProviderStack('lemonldap', { provider: { clientAuth: 'client_secret_post' }, bffEnv: { CLIENT_AUTH_METHOD: 'client_secret_post' } });
    await coreFlow();
    expect(new Set(stack.provider.authMethodsSeen)).toEqual(new Set(['client_secret_post']));
  });

  it('no end_session_endpoint → /auth/logout ends the BFF session and lands on the app (no 500); a warning at start', async () => {
    stack = await startProviderStack('keycloak', { provider: { endSession: false } });
    const browser = await coreFlow();
    const logout = await stack.logout(browser);
    expect([logout.status, logout.location]).toEqual([302, `${stack.urls.bff}/`]);
    expect((await stack.callApi(browser)).status).toBe(401);
    expect(stack.logs.text()).toContain('the provider has no end_session_endpoint');
  });

  it('IDP_LOGOUT=false → a local logout although the provider has an end-session endpoint', async () => {
    stack = await startProviderStack('keycloak', { bffEnv: { IDP_LOGOUT: 'false' } });
    const { browser } = await stack.login();
    expect((await stack.logout(browser)).location).toBe(`${stack.urls.bff}/`);
    expect(stack.provider.counts.endSessions).toBe(0);
  });

  it('no revocation endpoint → logout works, nothing revoked, a warning naming the consequence', async () => {
    stack = await startProviderStack('keycloak', { provider: { revocation: false } });
    const browser = await coreFlow();
    expect((await stack.logout(browser)).status).toBe(302);
    expect(stack.provider.counts.revocations).toBe(0);
    expect(stack.logs.text()).toContain('refresh tokens, which stay valid at the provider until they expire');
  });

  it('no back-channel logout → a warning at start that a logout at the provider will not end BFF sessions', async () => {
    stack = await startProviderStack('keycloak', { provider: { backchannelLogout: false } });
    // The BFF reads discovery at creation and warns then: no login needed to see it.
    await vi.waitFor(() => expect(stack.logs.text()).toContain('a logout at the provider will not end BFF sessions'));
    const browser = await coreFlow();
    expect((await stack.logout(browser)).status).toBe(302);
  });

  it('opaque access tokens → 502 upstream_token_rejected (not session_expired); one refresh for that token, none for the next call; the session lives on', async () => {
    stack = await startProviderStack('auth0', { provider: { opaqueAccessTokens: true }, bffEnv: { IDP_LOGOUT: 'auth0' } });
    const { browser } = await stack.login();
    const first = await stack.callApi(browser);
    expect([first.status, body(first.body).error]).toEqual([502, 'upstream_token_rejected']);
    expect(stack.provider.counts.refreshes).toBe(1);
    const second = await stack.callApi(browser);
    expect([second.status, stack.provider.counts.refreshes]).toEqual([502, 1]);
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(200);
    // At expiry the token is refreshed as usual, and the new one gets its one chance.
    stack.clock.advance(301);
    expect((await stack.callApi(browser)).status).toBe(502);
    expect(stack.provider.counts.refreshes).toBe(3);
    expect((await stack.logout(browser)).status).toBe(302);
    expect(stack.provider.counts.revocations).toBe(1);
  });

  it('no refresh token (no offline_access) → login works; a warning that sessions end when the access token expires', async () => {
    stack = await startProviderStack('keycloak', { provider: { refreshTokens: false } });
    const { browser } = await stack.login();
    expect((await stack.callApi(browser)).status).toBe(200);
    expect(stack.logs.text()).toContain('the provider issued no refresh token');
    stack.clock.advance(301);
    const expired = await stack.callApi(browser);
    expect([expired.status, body(expired.body).error]).toEqual([401, 'session_expired']);
  });

  it('a provider without refresh-token rotation → the old refresh token is kept and used again', async () => {
    stack = await startProviderStack('keycloak', { provider: { refreshRotation: false } });
    const { browser } = await stack.login();
    for (let i = 1; i <= 2; i += 1) {
      stack.clock.advance(301);
      expect((await stack.callApi(browser)).status).toBe(200);
      expect(stack.provider.counts.refreshes).toBe(i);
    }
  });
});
