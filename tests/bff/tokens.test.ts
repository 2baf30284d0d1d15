import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';

describe('access tokens: refreshed before expiry, once per session', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('a call after the access token expired → refreshed once, still 200', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    stack.clock.advance(301);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(200);
    expect(stack.counts.refreshGrants).toBe(1);
  });

  it('a token inside the refresh margin → refreshed before it expires', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 20, bff: { refreshMarginSeconds: 30 } });
    const { browser } = await stack.loggedIn(ALICE);
    const before = await stack.storedSession(browser);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    const after = await stack.storedSession(browser);
    expect(stack.counts.refreshGrants).toBe(1);
    expect(after?.data.access_token).not.toBe(before?.data.access_token);
    expect(after?.data.refresh_token).not.toBe(before?.data.refresh_token); // rotated
  });

  it('20 parallel calls at expiry → exactly one refresh at the IdP and 20 successes', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    stack.clock.advance(301);
    const pages = await Promise.all(Array.from({ length: 20 }, () => callApi(browser, stack.urls.bff)));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(stack.counts.refreshGrants).toBe(1);
  });

  it('a request that loaded the session before a refresh → never writes the old tokens back', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0, touchIntervalSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    // A slow call loads the session (tokens v1) and is still in flight when another call refreshes.
    const slow = callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'x-test-delay-ms': '1000' });
    await waitFor(() => stack.apiRequests.length === 1);
    stack.clock.advance(301);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    const refreshed = await stack.storedSession(browser);
    expect((await slow).status).toBe(200);
    const after = await stack.storedSession(browser);
    expect(after?.data.refresh_token).toBe(refreshed?.data.refresh_token);
    // And the session goes on with the new tokens: no second refresh, no reuse of the spent refresh token.
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(stack.counts.refreshGrants).toBe(1);
  });

  it('refresh refused by the IdP (grant revoked) → 401 session_expired and the session is gone', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    const stored = await stack.storedSession(browser);
    await revokeAtIdp(stack, String(stored?.data.refresh_token));
    stack.clock.advance(301);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(401);
    expect(JSON.parse(page.body)).toEqual({ error: 'session_expired', error_description: expect.any(String) });
    expect(await stack.storedSession(browser)).toBeUndefined();
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(401);
  });

  it('the API answers 401 to a token the BFF believed valid → one refresh, the GET retried once → 200', async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300 });
    const { browser } = await stack.loggedIn(ALICE);
    // Revoke the access token only: the BFF still believes it valid for 5 minutes.
    const stored = await stack.storedSession(browser);
    await revokeAtIdp(stack, String(stored?.data.access_token), 'access_token');
    stack.apiRequests.length = 0;
    const rejectedOnce = stack.apiRequests;
    // The dev API checks JWT signatures, not revocation: make it refuse the old token once.
    const oldToken = `Bearer ${stored?.data.access_token}`;
    stack.servers.api.server.prependListener('request', (req, res) => {
      if (req.headers.authorization === oldToken) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
        res.end('{"error":"invalid_token"}');
        res.destroy();
      }
    });
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(200);
    expect(stack.counts.refreshGrants).toBe(1);
    expect(rejectedOnce.map((r) => r.headers.authorization)).toEqual([oldToken, expect.not.stringMatching(oldToken)]);
  });
});

async function revokeAtIdp(stack: Stack, token: string, hint = 'refresh_token') {
  const { DEV_CLIENT_SECRET } = await import('../../idp/src/dev-defaults.js');
  const response = await fetch(`${stack.urls.idp}/token/revocation`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`bff-demo:${DEV_CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint }),
  });
  expect(response.status).toBe(200);
}

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
