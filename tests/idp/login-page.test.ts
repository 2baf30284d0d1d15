import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBrowser } from '../helpers/http-client.js';
import {
  ALICE, authorizationRequest, BOB, codeFrom, exchangeCode, openLoginPage, signIn, startIdp, type IdpFixture,
} from './support/idp-fixture.js';

let idp: IdpFixture;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(() => idp.close());

const ERROR = '<p role="alert">Invalid email or password.</p>';

describe('GET /interaction/:uid', () => {
  it('an authorization request → the login form with email and password, posting to /interaction/:uid/login', async () => {
    const { page } = await openLoginPage(idp, createBrowser());
    const uid = new URL(page.url).pathname.split('/')[2] ?? '';

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain(`<form method="post" action="/interaction/${uid}/login"`);
    expect(page.body).toMatch(/<input[^>]+name="email"[^>]+type="email"/);
    expect(page.body).toMatch(/<input[^>]+name="password"[^>]+type="password"/);
    expect(page.body).not.toContain('role="alert"');
  });

  it('the login page → a CSP that forbids scripts, framing and other origins', async () => {
    const { page } = await openLoginPage(idp, createBrowser());

    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('no interaction cookie (expired or foreign link) → 400 page saying so, not a 500', async () => {
    const { page } = await openLoginPage(idp, createBrowser());
    const stranger = await createBrowser().get(page.url);

    expect(stranger.status).toBe(400);
    expect(stranger.body).toContain('expired');
  });

  it('an interaction uid other than the cookie\'s → 400', async () => {
    const browser = createBrowser();
    await openLoginPage(idp, browser);
    const other = await browser.get(`${idp.issuer}/interaction/not-the-right-uid`);

    expect(other.status).toBe(400);
  });
});

describe('POST /interaction/:uid/login', () => {
  it('wrong password → 401, the form again with the error and the email kept', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const retry = await browser.submitForm(page, { email: ALICE.email, password: 'wrong' }, '/login');

    expect(retry.status).toBe(401);
    expect(retry.body).toContain(ERROR);
    expect(retry.body).toContain(`value="${ALICE.email}"`);
    expect(retry.url).toBe(`${page.url}/login`);
  });

  it('unknown user → the same 401 and message as a wrong password', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const retry = await browser.submitForm(page, { email: 'mallory@example.com', password: ALICE.password }, '/login');

    expect(retry.status).toBe(401);
    expect(retry.body).toContain(ERROR);
  });

  it('empty form → 401 with the error, never a 500', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const retry = await browser.request(`${page.url}/login`, { method: 'POST', body: new URLSearchParams() });

    expect(retry.status).toBe(401);
    expect(retry.body).toContain(ERROR);
  });

  it('markup in the email field → escaped when the form is shown again', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const retry = await browser.submitForm(page, { email: '"><script>alert(1)</script>', password: 'x' }, '/login');

    expect(retry.body).not.toContain('<script>');
    expect(retry.body).toContain('&#34;&#62;&#60;script&#62;');
  });

  it('a wrong then a right password → the login completes', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const retry = await browser.submitForm(page, { email: ALICE.email, password: 'wrong' }, '/login');
    const callback = await browser.submitForm(retry, { email: ALICE.email, password: ALICE.password }, '/login');

    expect(codeFrom(callback)).toEqual(expect.any(String));
  });

  it('email in another case with spaces → still alice', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    const callback = await browser.submitForm(page, { email: '  Alice@Example.COM ', password: ALICE.password }, '/login');

    expect(codeFrom(callback)).toEqual(expect.any(String));
  });

  it('the login submitted twice (back button) → 400 page, not a 500', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    await browser.submitForm(page, { email: ALICE.email, password: ALICE.password }, '/login');
    const again = await browser.submitForm(page, { email: ALICE.email, password: ALICE.password }, '/login');

    expect(again.status).toBe(400);
  });
});

describe('single sign-on', () => {
  it('a second authorization in the same browser → a code without the login form', async () => {
    const { browser } = await signIn(idp, BOB);
    const second = await browser.get(authorizationRequest(idp).url);

    expect(codeFrom(second)).toEqual(expect.any(String));
  });

  it('signed in with fewer scopes, then asked for more → granted without a form (no consent screen)', async () => {
    const { browser } = await signIn(idp, BOB, { scope: 'openid' });
    const authorization = authorizationRequest(idp);
    const callback = await browser.get(authorization.url);
    const { status, body } = await exchangeCode(idp, codeFrom(callback), authorization.verifier);

    expect(callback.redirects.some((url) => url.includes('/interaction/'))).toBe(true);
    expect(status).toBe(200);
    expect((await idp.verifyIdToken(body.id_token ?? '')).payload.email).toBe(BOB.email);
    expect((await idp.verifyAccessToken(body.access_token ?? '')).payload.scope).toBe('read:messages admin:messages');
  });

  it('prompt=login with a session → the login form again', async () => {
    const { browser } = await signIn(idp, ALICE);
    const page = await browser.get(authorizationRequest(idp, { extra: { prompt: 'login' } }).url);

    expect(page.status).toBe(200);
    expect(page.body).toContain('name="password"');
  });
});

describe('authorization request checks', () => {
  it('no PKCE code_challenge → error=invalid_request at the redirect URI, no login form', async () => {
    const page = await createBrowser().get(authorizationRequest(idp, { pkce: false }).url);
    const url = new URL(page.url);

    expect(url.pathname).toBe('/auth/callback');
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('an unregistered redirect_uri → an error page at the IdP, no redirect', async () => {
    const url = authorizationRequest(idp).url.replace(encodeURIComponent('/auth/callback'), encodeURIComponent('/evil'));
    const page = await createBrowser().get(url);

    expect(page.status).toBe(400);
    expect(page.url.startsWith(idp.issuer)).toBe(true);
    expect(page.body).toContain('redirect_uri');
  });
});

describe('GET /healthz', () => {
  it('→ 200 {status: "ok"}', async () => {
    const response = await fetch(`${idp.issuer}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
