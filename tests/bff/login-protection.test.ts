import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser } from '../helpers/http-client.js';
import { ALICE, BOB, callApi, login, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from '../ops/support/log-capture.js';

/** The transaction cookie and the `state` of a login started at `bffUrl`. */
async function startLogin(bffUrl: string) {
  const response = await fetch(`${bffUrl}/auth/login`, { redirect: 'manual' });
  const state = new URL(response.headers.get('location') ?? '').searchParams.get('state') ?? '';
  return { setCookies: response.headers.getSetCookie(), state };
}

describe('login CSRF: the transaction cookie over https', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bffEnv: { APP_BASE_URL: 'https://app.example' }, bffDeps: { logger: logs.logger } });
  });
  afterAll(() => stack.close());

  it('GET /auth/login → the transaction cookie is __Host-bff_auth: Secure, HttpOnly, Path=/, no Domain', async () => {
    const { setCookies } = await startLogin(stack.urls.bff);
    expect(setCookies).toHaveLength(1);
    const [pair = '', ...attributes] = (setCookies[0] ?? '').split('; ');
    expect(pair).toMatch(/^__Host-bff_auth=./);
    expect(attributes.map((a) => a.split('=')[0])).toEqual(expect.arrayContaining(['Path', 'HttpOnly', 'Secure', 'SameSite']));
    expect(attributes).toContain('Path=/');
    expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
  });

  it('the same transaction value planted without the prefix (a sibling subdomain, an http visit) → not read: the login fails as if no cookie were there', async () => {
    const { setCookies, state } = await startLogin(stack.urls.bff);
    const value = /^__Host-bff_auth=([^;]*)/.exec(setCookies[0] ?? '')?.[1] ?? '';
    const planted = await fetch(`${stack.urls.bff}/auth/callback?code=attackers-code&state=${state}`, { headers: { cookie: `bff_auth=${value}`, accept: 'application/json' } });
    expect(planted.status).toBe(400);
    expect(logs.audit('login_failed').at(-1)).toMatchObject({ detail: expect.stringContaining('cookie not found') });
    // Under its own name the same value is read (the flow then fails later, at the bogus code).
    await fetch(`${stack.urls.bff}/auth/callback?code=attackers-code&state=${state}`, { headers: { cookie: `__Host-bff_auth=${value}`, accept: 'application/json' } });
    expect(logs.audit('login_failed').at(-1)?.detail).not.toContain('cookie not found');
  });
});

describe('starting a login ends nothing; the callback replaces the session properly', () => {
  const logs = captureLogs();
  let stack: Stack;
  afterEach(() => stack.close());

  it('a cross-site top-level GET of /auth/login → the current session goes on, nothing revoked', async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
    const { browser } = await stack.loggedIn(ALICE);
    const page = await browser.request(`${stack.urls.bff}/auth/login?returnTo=/`, { follow: false, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(page.status).toBe(302);
    expect(page.headers.getSetCookie().filter((c) => c.startsWith('bff_session='))).toEqual([]);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(stack.counts.revocations).toBe(0);
  });

  it('a second login in the same browser → a new session; the old one ends with its refresh token revoked and an audit event', async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
    const { browser } = await stack.loggedIn(ALICE);
    const oldCookie = await browser.jar.getCookieString(stack.urls.bff);
    const before = logs.audit('session_replaced').length;
    await login(browser, stack.urls.bff, ALICE);
    expect(await browser.jar.getCookieString(stack.urls.bff)).not.toBe(oldCookie);
    expect((await fetch(`${stack.urls.bff}/api/external`, { headers: { cookie: oldCookie, 'x-csrf': '1' } })).status).toBe(401);
    expect(stack.counts.revocations).toBe(1);
    expect(logs.audit('session_replaced').slice(before)).toEqual([expect.objectContaining({ sub: expect.any(String) })]);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('another user logs in in a browser with a session → the first user\'s session ends, the new one is the second user\'s', async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
    const { browser } = await stack.loggedIn(ALICE);
    const aliceCookie = await browser.jar.getCookieString(stack.urls.bff);
    const aliceSub = (await stack.storedSession(browser))?.data.sub;
    const before = logs.audit('session_replaced').length;
    // Signed out at the IdP only (its cookies dropped, not the BFF's: cookies ignore ports), so the next login asks who it is.
    for (const cookie of (await browser.cookies(stack.urls.idp)).filter((c) => !c.key.startsWith('bff_'))) {
      await browser.jar.setCookie(`${cookie.key}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=${cookie.path}`, stack.urls.idp);
    }
    await login(browser, stack.urls.bff, BOB);
    const user = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { user: { name: string } };
    expect(user.user.name).toBe(BOB.name);
    expect(logs.audit('session_replaced').slice(before)).toEqual([expect.objectContaining({ sub: aliceSub })]);
    expect(aliceSub).not.toBe((await stack.storedSession(browser))?.data.sub);
    expect((await fetch(`${stack.urls.bff}/auth/user`, { headers: { cookie: aliceCookie } })).status).toBe(401);
  });
});

describe('a failed callback → the cause in the audit log, never a code or token', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
  });
  afterAll(() => stack.close());

  /** The callback as the IdP would call it for a login this browser started. */
  async function callback(query: Record<string, string>) {
    const browser = createBrowser();
    const started = await browser.request(`${stack.urls.bff}/auth/login`, { follow: false });
    const state = new URL(started.headers.get('location') ?? '').searchParams.get('state') ?? '';
    // oidc-provider adds `iss` to every authorization response (RFC 9207), and the client requires it.
    const params = new URLSearchParams({ state, iss: stack.urls.idp, ...query });
    const page = await browser.request(`${stack.urls.bff}/auth/callback?${params}`, { follow: false, headers: { accept: 'application/json' } });
    return { status: page.status, audit: logs.audit('login_failed').at(-1) };
  }

  it('the user declined at the IdP (error=access_denied) → 400; cause access_denied with the provider\'s description', async () => {
    expect(await callback({ error: 'access_denied', error_description: 'The user said no' })).toMatchObject({
      status: 400,
      audit: { reason: 'login_failed', cause: 'access_denied', detail: 'The user said no' },
    });
  });

  it('a code the IdP refuses → 400; cause invalid_grant, the code itself nowhere in the log', async () => {
    const code = 'a-made-up-authorization-code-0123456789abcdef';
    expect(await callback({ code })).toMatchObject({ status: 400, audit: { cause: 'invalid_grant' } });
    expect(logs.text()).not.toContain(code);
  });

  it('a replayed callback (no transaction cookie) → 400; the missing cookie named', async () => {
    const { landing } = await stack.loggedIn(ALICE);
    const replay = landing.redirects.find((url) => url.includes('/auth/callback')) ?? '';
    expect((await fetch(replay)).status).toBe(400);
    expect(logs.audit('login_failed').at(-1)).toMatchObject({ cause: 'unknown_error', detail: expect.stringContaining('"bff_auth" cookie not found') });
  });
});
