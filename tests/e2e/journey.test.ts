import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { ALICE } from '../helpers/stack.js';
import { useE2e } from './support/e2e.js';
import { confirmIdpLogout, logInAt, signInAtIdp } from './support/flows.js';
import { publishScreenshot, screenshot } from './support/screenshots.js';

describeWithBrowser('a user in Chromium, against the real dev IdP, API and BFF', () => {
  const e2e = useE2e();

  it('anonymous Home → Log in → the IdP sign-in page → back on Home with the user\'s name in the nav', async () => {
    const { page } = await e2e.open();
    await page.goto('/');
    await page.getByTestId('nav-login').waitFor();
    await screenshot(page, 'home-anonymous');

    await page.getByTestId('nav-login').click();
    await page.getByLabel('Email').waitFor();
    expect(page.url().startsWith(`${e2e.stack.urls.idp}/interaction/`)).toBe(true);
    await screenshot(page, 'idp-sign-in');
    await signInAtIdp(page);

    await expect.poll(() => page.getByTestId('nav-user-name').textContent()).toBe(ALICE.name);
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/`);
    await screenshot(page, 'home');
  });

  it('wrong password at the IdP → "Invalid email or password." on the sign-in page, no session', async () => {
    const { page, context, allow } = await e2e.open();
    // The IdP answers a refused sign-in with 401, which Chromium logs for the document.
    allow(/status of 401 \(Unauthorized\) @ http:\/\/127\.0\.0\.1:\d+\/interaction\/[\w-]+\/login$/);
    await page.goto('/auth/login?returnTo=%2F');
    await signInAtIdp(page, { email: ALICE.email, password: 'not-the-password' });

    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Invalid email or password.');
    expect(page.url().startsWith(e2e.stack.urls.idp)).toBe(true);
    expect((await context.cookies(e2e.stack.urls.bff)).map((c) => c.name)).not.toContain('bff_session');
    await screenshot(page, 'idp-sign-in-error');
  });

  it('logged in → External API from the nav → Call → the API\'s message', async () => {
    const { page } = await e2e.open();
    await logInAt(page, '/');

    await nav(page).getByRole('link', { name: 'External API' }).click();
    await page.getByTestId('call-button').click();

    await expect.poll(() => page.getByTestId('api-result').textContent()).toContain('Your Access Token was successfully validated!');
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/external-api`);
    await expect.poll(() => page.getByTestId('call-button').isEnabled()).toBe(true);
    publishScreenshot(await screenshot(page, 'external-api'), 'external-api.png');
  });

  it('logged in → Profile shows the name, the email and the ID token\'s claims', async () => {
    const { page } = await e2e.open();
    await logInAt(page, '/');
    await nav(page).getByRole('link', { name: 'Profile' }).click();

    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe(ALICE.name);
    expect(await page.getByTestId('profile-email').textContent()).toBe(ALICE.email);
    const claims = await page.getByTestId('profile-claims').locator('dt').allTextContents();
    expect(claims).toEqual(expect.arrayContaining(['sub', 'name', 'email']));
    // The BFF filters protocol claims (and the IdP's session id) before they reach the browser.
    expect(claims).not.toContain('sid');
    expect(claims).not.toContain('nonce');
    expect(await page.getByTestId('profile-claims').textContent()).toContain('user-alice');
    await screenshot(page, 'profile');
  });

  it('anonymous visit to a guarded page → the IdP sign-in → back on that page', async () => {
    const { page } = await e2e.open();
    await page.goto('/profile');
    await page.getByLabel('Email').waitFor();
    expect(page.url().startsWith(e2e.stack.urls.idp)).toBe(true);

    await signInAtIdp(page);

    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe(ALICE.name);
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/profile`);
  });

  it('Log out → the IdP asks → "Yes, sign me out" → Home as anonymous, and a reload stays anonymous', async () => {
    const { page } = await e2e.open();
    await logInAt(page, '/profile');

    await page.getByTestId('nav-logout').click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
    await screenshot(page, 'idp-sign-out');
    await confirmIdpLogout(page);

    await page.getByTestId('nav-login').waitFor();
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/`);
    expect(await page.getByTestId('nav-user-name').count()).toBe(0);
    await page.reload();
    await page.getByTestId('nav-login').waitFor();
    expect((await page.request.get('/auth/user?slide=false')).status()).toBe(401);
  });

  it('an unknown path → the app\'s "Page not found" page with a way home', async () => {
    const { page } = await e2e.open();
    await page.goto('/no-such-page');

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
    await screenshot(page, 'not-found');
  });
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
