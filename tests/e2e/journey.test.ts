import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { ALICE } from '../helpers/stack.js';
import { useE2e } from './support/e2e.js';
import { confirmIdpLogout, logInAt, signInAtIdp } from './support/flows.js';
import { publishScreenshot, screenshot } from './support/screenshots.js';

describeWithBrowser('a user in Chromium, against the real dev IdP, API and BFF', () => {
  const e2e = useE2e();

  it('anonymous Home → Log in at the IdP → the user\'s name → External API → Call → the API\'s message', async () => {
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

    await nav(page).getByRole('link', { name: 'External API' }).click();
    await page.getByTestId('call-button').click();

    await expect.poll(() => page.getByTestId('api-result').textContent()).toContain('Your Access Token was successfully validated!');
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/external-api`);
    await expect.poll(() => page.getByTestId('call-button').isEnabled()).toBe(true);
    publishScreenshot(await screenshot(page, 'external-api'), 'external-api.png');
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

  it('logged in → Profile shows the name, the email and the ID token\'s claims', async () => {
    const { page } = await e2e.openLoggedIn('/');
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

  it('Log out → the IdP asks → "Yes, sign me out" → "You have signed out" as anonymous, and a reload stays anonymous', async () => {
    const { page } = await e2e.open();
    await logInAt(page, '/profile');

    await page.getByTestId('nav-logout').click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
    await screenshot(page, 'idp-sign-out');
    await confirmIdpLogout(page);

    // The IdP returns to `/`, the registered post-logout URL; the app shows why the user is there.
    await page.getByRole('heading', { level: 1, name: 'You have signed out' }).waitFor();
    expect(page.url()).toBe(`${e2e.stack.urls.bff}/signed-out`);
    await page.getByTestId('nav-login').waitFor();
    expect(await page.getByTestId('nav-user-name').count()).toBe(0);
    await page.reload();
    await page.getByTestId('nav-login').waitFor();
    expect((await page.request.get('/auth/user?slide=false')).status()).toBe(401);
  });

  it('a call in flight → the button is aria-disabled, keeps focus and reads "Calling…" until the answer, then the message', async () => {
    const { page } = await e2e.openLoggedIn('/external-api');
    // Holds the call in the browser until the test lets it go on, to the real BFF and API.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/external', async (route) => {
      await released;
      await route.continue();
    });
    const button = page.getByTestId('call-button');

    await button.click();
    // aria-disabled, not disabled: a disabled button would drop focus to <body>.
    await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true');
    expect(await button.textContent()).toContain('Calling…');
    expect(await button.getAttribute('aria-busy')).toBe('true');
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    await screenshot(page, 'external-api-calling');
    release();

    await expect.poll(() => page.getByTestId('api-result').textContent()).toContain('successfully validated');
    // (The screenshot above blurred the button; focus after the answer: pages-at-two-widths.test.ts.)
    expect(await button.getAttribute('aria-disabled')).toBe('false');
    expect(await button.textContent()).toContain('Call');
  });

  it('the API is down → "The API is unavailable — try again", the button usable; the API back → Call works', async () => {
    const { page, allow } = await e2e.openLoggedIn('/external-api');
    allow(/status of 502 \(Bad Gateway\) @ http:\/\/127\.0\.0\.1:\d+\/api\/external$/);
    const api = e2e.stack.servers.api;
    await api.close();
    try {
      await page.getByTestId('call-button').click();

      const error = page.getByTestId('api-error');
      await error.waitFor();
      expect(await error.locator('strong').textContent()).toBe('The API is unavailable — try again');
      expect(await error.textContent()).not.toMatch(/[{}]|"error"/);
      expect(await page.getByTestId('call-button').isEnabled()).toBe(true);
      // The session is fine: an outage is not a logout.
      expect(await page.getByTestId('session-ended-banner').count()).toBe(0);
      await screenshot(page, 'external-api-unavailable');
    } finally {
      await new Promise<void>((resolve) => api.server.listen(api.port, '127.0.0.1', resolve));
    }

    await page.getByTestId('call-button').click();
    await expect.poll(() => page.getByTestId('api-result').textContent()).toContain('successfully validated');
    expect(await page.getByTestId('api-error').count()).toBe(0);
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
