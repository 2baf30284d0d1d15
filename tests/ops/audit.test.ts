import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET } from '../../idp/src/dev-defaults.js';
import type { Browser } from '../helpers/http-client.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from './support/log-capture.js';

describe('audit events', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 }, bffDeps: { logger: logs.logger } });
  });
  afterAll(() => stack.close());

  const claimsOf = async (browser: Browser) => {
    const idToken = String((await stack.storedSession(browser))?.data.id_token);
    return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; sid: string };
  };

  it('a login → audit "login" with the sub', async () => {
    const before = logs.audit('login').length;
    const { browser } = await stack.loggedIn(ALICE);
    const { sub } = await claimsOf(browser);
    expect(logs.audit('login').slice(before)).toEqual([expect.objectContaining({ sub, level: 30 })]);
  });

  it('a logout → audit "logout" with the sub', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const { sub } = await claimsOf(browser);
    const { logoutUrl } = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { logoutUrl: string };
    await browser.request(`${stack.urls.bff}${logoutUrl}`, { follow: false });
    expect(logs.audit('logout').at(-1)).toMatchObject({ sub });
  });

  it('a back-channel logout from the IdP → audit "backchannel_logout" with the sub and one session ended', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const { sub, sid } = await claimsOf(browser);
    await (await stack.idp.provider.Client.find('bff-demo'))?.backchannelLogout(sub, sid);
    expect(logs.audit('backchannel_logout').at(-1)).toMatchObject({ sub, sessions: 1 });
  });

  it('a forged logout token → audit "backchannel_logout_rejected" at warn', async () => {
    await fetch(`${stack.urls.bff}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLWFsaWNlIn0.' }),
    });
    expect(logs.audit('backchannel_logout_rejected').at(-1)).toMatchObject({ reason: expect.stringContaining('invalid_request'), level: 40 });
  });

  it('an /api call without X-CSRF → audit "csrf_rejected" with the path and the sub', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const { sub } = await claimsOf(browser);
    await callApi(browser, stack.urls.bff, '/api/messages', {});
    expect(logs.audit('csrf_rejected').at(-1)).toMatchObject({ path: '/api/messages', sub, level: 40 });
  });

  it('a replayed login callback → audit "login_failed"', async () => {
    const { landing } = await stack.loggedIn(ALICE);
    const callback = landing.redirects.find((url) => url.includes('/auth/callback')) ?? '';
    expect((await fetch(callback)).status).toBe(400);
    expect(logs.audit('login_failed').at(-1)).toMatchObject({ reason: 'login_failed' });
  });
});

// These move the BFF's clock past the access token's expiry: a stack of their own, so the other
// tests' IdP-issued tokens (logout tokens, ID tokens) are not judged against a clock far ahead.
describe('audit events of token refresh', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 }, bffDeps: { logger: logs.logger } });
  });
  afterAll(() => stack.close());

  const claimsOf = async (browser: Browser) => ({ sub: String((await stack.storedSession(browser))?.data.sub) });

  it('an access token refreshed → audit "token_refresh" with the sub', async () => {
    const before = logs.audit('token_refresh').length;
    const { browser } = await stack.loggedIn(ALICE);
    const { sub } = await claimsOf(browser);
    stack.clock.advance(301);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(logs.audit('token_refresh').slice(before)).toEqual([expect.objectContaining({ sub })]);
  });

  it('a refresh the IdP refuses → audit "token_refresh_failed" with the reason and the sub, at warn', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const { sub } = await claimsOf(browser);
    const refreshToken = String((await stack.storedSession(browser))?.data.refresh_token);
    await fetch(`${stack.urls.idp}/token/revocation`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`bff-demo:${DEV_CLIENT_SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
    });
    stack.clock.advance(301);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(401);
    expect(logs.audit('token_refresh_failed').at(-1)).toMatchObject({ reason: 'invalid_grant', sub, level: 40 });
  });
});
