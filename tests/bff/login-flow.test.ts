import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser } from '../helpers/http-client.js';
import { ALICE, callApi, login, startStack, type Stack } from '../helpers/stack.js';

describe('login through the BFF and the dev IdP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('login as the demo user → lands on returnTo with one HttpOnly session cookie', async () => {
    const { browser, landing } = await stack.loggedIn(ALICE, '/external-api');
    expect(landing.url).toBe(`${stack.urls.bff}/external-api`);
    const cookies = await browser.cookies(stack.urls.bff);
    const session = cookies.filter((c) => c.key === 'bff_session');
    expect(session).toHaveLength(1);
    expect(session[0]?.httpOnly).toBe(true);
    expect(session[0]?.sameSite).toBe('lax');
    expect(session[0]?.path).toBe('/');
    // The login transaction cookie is spent at the callback: one cookie of the BFF's remains.
    expect(cookies.map((c) => c.key)).not.toContain('auth_verification');
  });

  it('GET /auth/user after login → the user claims and a logoutUrl, no token', async () => {
    const { browser } = await stack.loggedIn();
    const page = await browser.get(`${stack.urls.bff}/auth/user`);
    expect(page.status).toBe(200);
    const body = JSON.parse(page.body);
    expect(body.user).toMatchObject({ name: ALICE.name, email: ALICE.email });
    expect(body.logoutUrl).toMatch(/^\/auth\/logout\?sid=[\w-]{16,}$/);
    expect(body.session.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(page.body).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT anywhere
    expect(page.body).not.toMatch(/token/i);
  });

  it('GET /api/external with a session and X-CSRF → the API message', async () => {
    const { browser } = await stack.loggedIn();
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body)).toEqual({ message: 'Your Access Token was successfully validated!' });
  });

  it('GET /api/external anonymous → 401 not_authenticated JSON, no redirect', async () => {
    const page = await callApi(createBrowser(), stack.urls.bff);
    expect(page.status).toBe(401);
    expect(page.redirects).toEqual([]);
    expect(JSON.parse(page.body)).toMatchObject({ error: 'not_authenticated' });
  });

  it('wrong password at the IdP → the login page again with an error, no session', async () => {
    const browser = createBrowser();
    const loginPage = await browser.get(`${stack.urls.bff}/auth/login`);
    const failed = await browser.submitForm(loginPage, { email: ALICE.email, password: 'wrong' }, '/login');
    expect(failed.status).toBe(401);
    expect(failed.body).toContain('Invalid email or password.');
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(401);
  });

  it('login then logout with the sid → session gone', async () => {
    const browser = createBrowser();
    await login(browser, stack.urls.bff, ALICE);
    const { logoutUrl } = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body);
    const page = await browser.get(`${stack.urls.bff}${logoutUrl}`);
    // The dev IdP asks to confirm the sign-out; confirming returns to the app.
    const back = page.body.includes('logout') ? await browser.submitForm(page, { logout: 'yes' }) : page;
    expect(back.url).toBe(`${stack.urls.bff}/`);
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(401);
  });
});
