import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createBrowser, type Page } from '../helpers/http-client.js';
import { ALICE, authorizationRequest, openLoginPage, signIn, startIdp, type IdpFixture } from './support/idp-fixture.js';

let idp: IdpFixture;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(() => idp.close());

/** Every HTML page of the IdP: never sniffed as another type, never leaking its URL as a Referer. */
function expectPageHeaders(page: Page, status: number) {
  expect(page.status).toBe(status);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
}

/** Signs alice in (the IdP session), then opens the sign-out question without a return address. */
async function signedInLogoutPage() {
  const { browser } = await signIn(idp, ALICE);
  return { browser, page: await browser.get(`${idp.issuer}/session/end`) };
}

describe('headers of the IdP\'s HTML pages', () => {
  it('the sign-in page → nosniff and Referrer-Policy: no-referrer', async () => {
    expectPageHeaders((await openLoginPage(idp, createBrowser())).page, 200);
  });

  it('the sign-in page again after a wrong password → nosniff and no-referrer', async () => {
    const browser = createBrowser();
    const { page } = await openLoginPage(idp, browser);
    expectPageHeaders(await browser.submitForm(page, { email: ALICE.email, password: 'wrong' }, '/login'), 401);
  });

  it('an expired interaction (the error page of a failed step) → nosniff and no-referrer', async () => {
    const { page } = await openLoginPage(idp, createBrowser());
    expectPageHeaders(await createBrowser().get(page.url), 400);
  });

  it('the sign-out question (oidc-provider\'s logoutSource) → nosniff and no-referrer', async () => {
    const { page } = await signedInLogoutPage();
    expect(page.body).toContain('Yes, sign me out');
    expectPageHeaders(page, 200);
  });

  it('"Signed out" after confirming without a return address (postLogoutSuccessSource) → nosniff and no-referrer', async () => {
    const { browser, page } = await signedInLogoutPage();
    const done = await browser.submitForm(page, { logout: 'yes' });
    expect(done.body).toContain('<h1>Signed out</h1>');
    expectPageHeaders(done, 200);
  });

  it('a protocol error page (renderError: unregistered redirect_uri) → nosniff and no-referrer', async () => {
    const url = authorizationRequest(idp).url.replace(encodeURIComponent('/auth/callback'), encodeURIComponent('/evil'));
    expectPageHeaders(await createBrowser().get(url), 400);
  });
});

describe('the sign-out pages look like the sign-in page', () => {
  // One layout: a heading, a lead line, the content, the development hint at the foot.
  const layout = /<main>\s*<h1>[^<]+<\/h1>\s*<p>[\s\S]+<p class="hint">[^]+<\/p><\/main>/;

  it('sign-in, sign-out question and "Signed out" → the same layout', async () => {
    const signInPage = (await openLoginPage(idp, createBrowser())).page;
    const { browser, page: question } = await signedInLogoutPage();
    const done = await browser.submitForm(question, { logout: 'yes' });

    for (const page of [signInPage, question, done]) expect(page.body).toMatch(layout);
    expect(question.body).toContain('<h1>Sign out</h1>');
    expect(question.body).toMatch(/<p>of the development IdP at <strong>127\.0\.0\.1:\d+<\/strong><\/p>/);
  });
});
