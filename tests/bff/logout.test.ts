import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, callApi, login, startStack, type Stack } from '../helpers/stack.js';
import type { Browser } from '../helpers/http-client.js';

async function logoutUrlOf(stack: Stack, browser: Browser): Promise<string> {
  return JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body).logoutUrl as string;
}

async function idpSessionOf(stack: Stack, browser: Browser): Promise<{ sub: string; sid: string }> {
  const idToken = String((await stack.storedSession(browser))?.data.id_token);
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; sid: string };
  return { sub: claims.sub, sid: claims.sid };
}

describe('logout', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('GET /auth/logout without sid (a link from another site) → nothing ends', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const page = await browser.request(`${stack.urls.bff}/auth/logout`, { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/');
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('GET /auth/logout with a wrong sid → nothing ends', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const url = await logoutUrlOf(stack, browser);
    await browser.request(`${stack.urls.bff}${url}x`, { follow: false });
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('GET /auth/logout with the sid → refresh token revoked, IdP end-session, the cookie replayed later is dead', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const cookie = await browser.jar.getCookieString(stack.urls.bff);
    const page = await browser.request(`${stack.urls.bff}${await logoutUrlOf(stack, browser)}`, { follow: false });
    expect(page.status).toBe(302);
    const endSession = new URL(page.headers.get('location') ?? '');
    expect(endSession.origin).toBe(stack.urls.idp);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.urls.bff}/`);
    // No ID token in the browser's address bar: the client id identifies the logout instead.
    expect(endSession.searchParams.get('id_token_hint')).toBeNull();
    expect(endSession.searchParams.get('client_id')).toBe('bff-demo');
    expect(stack.counts.revocations).toBe(1);
    const replay = await fetch(`${stack.urls.bff}/api/external`, { headers: { cookie, 'x-csrf': '1' } });
    expect(replay.status).toBe(401);
  });
});

describe('back-channel logout', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('the IdP ends the IdP session (sid) → that BFF session is destroyed', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const { sub, sid } = await idpSessionOf(stack, browser);
    const client = await stack.idp.provider.Client.find('bff-demo');
    await client?.backchannelLogout(sub, sid);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(401);
    // The browser still holds its cookie: the app is told the session ended, not "log in".
    expect(JSON.parse(page.body)).toMatchObject({ error: 'session_expired' });
  });

  it('a logout token for a sub alone → every session of that user ends', async () => {
    stack = await startStack();
    const first = await stack.loggedIn(ALICE);
    const second = await stack.loggedIn(ALICE);
    const { sub } = await idpSessionOf(stack, first.browser);
    const client = await stack.idp.provider.Client.find('bff-demo');
    await client?.backchannelLogout(sub, undefined);
    expect((await callApi(first.browser, stack.urls.bff)).status).toBe(401);
    expect((await callApi(second.browser, stack.urls.bff)).status).toBe(401);
  });

  it('a later login of the same user → the ended session stays ended', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const oldCookie = await browser.jar.getCookieString(stack.urls.bff);
    const { sub, sid } = await idpSessionOf(stack, browser);
    await (await stack.idp.provider.Client.find('bff-demo'))?.backchannelLogout(sub, sid);
    await stack.loggedIn(ALICE);
    const replay = await fetch(`${stack.urls.bff}/api/external`, { headers: { cookie: oldCookie, 'x-csrf': '1' } });
    expect(replay.status).toBe(401);
  });

  it('a forged logout token → 400, no session ends', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const response = await fetch(`${stack.urls.bff}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLWFsaWNlIn0.' }),
    });
    expect(response.status).toBe(400);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('RP-initiated logout confirmed at the IdP → back-channel reaches the BFF and returns to the app', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const other = await stack.loggedIn(ALICE);
    const confirm = await browser.get(`${stack.urls.bff}${await logoutUrlOf(stack, browser)}`);
    const back = await browser.submitForm(confirm, { logout: 'yes' });
    expect(back.url).toBe(`${stack.urls.bff}/`);
    // The other browser had its own IdP session: it stays logged in.
    expect((await callApi(other.browser, stack.urls.bff)).status).toBe(200);
    await login(browser, stack.urls.bff, ALICE);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });
});
