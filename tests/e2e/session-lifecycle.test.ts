import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { ALICE } from '../helpers/stack.js';
import { useE2e } from './support/e2e.js';
import { confirmIdpLogout, logInAt, markDocument, signInAtIdp, wasReloaded } from './support/flows.js';
import { screenshot } from './support/screenshots.js';

// The app's poll interval, read from its source so the test follows any change to it.
const SESSION_POLL_INTERVAL_MS = Number(
  /SESSION_POLL_INTERVAL_MS = ([\d_]+)/.exec(readFileSync(new URL('../../web/src/session-monitor.ts', import.meta.url), 'utf8'))?.[1]?.replaceAll('_', ''),
);

// loadBffConfig refuses less than 60 s; the override lets a test watch a session expire for real.
const IDLE_TIMEOUT_SECONDS = 3;

describeWithBrowser('the session ends while the app is open', () => {
  describe('by a logout elsewhere', () => {
    const e2e = useE2e();

    /** The user signs out at the IdP itself, in another tab: the IdP tells the BFF by back-channel. */
    async function signOutAtIdpInAnotherTab(page: Page) {
      const idpTab = await page.context().newPage();
      await idpTab.goto(`${e2e.stack.urls.idp}/session/end`);
      await confirmIdpLogout(idpTab);
      await idpTab.getByRole('heading', { name: 'Signed out' }).waitFor();
      await idpTab.close();
      // The BFF has destroyed the session (the check does not extend a session, nor is it the app's).
      await expect.poll(async () => (await page.request.get('/auth/user?slide=false')).status()).toBe(401);
    }

    async function expectEndedBanner(page: Page) {
      await page.getByTestId('session-ended-banner').waitFor();
      expect(await page.getByTestId('session-ended-banner').textContent()).toContain('Your session has ended.');
      expect(await wasReloaded(page)).toBe(false);
    }

    it('log out in one tab → the other tab says "Your session has ended" with a Log in button at once, without a reload', async () => {
      const { page: first, context } = await e2e.open();
      await logInAt(first, '/external-api');
      const second = await context.newPage();
      await second.goto('/profile');
      await second.getByTestId('profile-claims').waitFor();
      await markDocument(second);

      await first.getByTestId('nav-logout').click();
      // Before the first tab even reaches the IdP's question: the tabs told each other.
      await first.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
      await expectEndedBanner(second);
      await confirmIdpLogout(first);
      await first.getByTestId('nav-login').waitFor();

      expect(await second.getByTestId('session-ended-login').getAttribute('href')).toBe('/auth/login?returnTo=%2Fprofile');
      expect(await second.getByTestId('profile-claims').count()).toBe(0);
      expect(await second.getByTestId('nav-user-name').count()).toBe(0);
      await screenshot(second, 'session-ended');
    });

    it('signed out at the IdP (back-channel logout) → the open tab notices on its next poll, without a reload', async () => {
      expect(SESSION_POLL_INTERVAL_MS).toBeGreaterThan(0);
      const { page } = await e2e.open({ clock: true });
      await logInAt(page, '/profile');
      await markDocument(page);

      await signOutAtIdpInAnotherTab(page);
      expect(await page.getByTestId('session-ended-banner').count()).toBe(0);
      await page.clock.fastForward(SESSION_POLL_INTERVAL_MS);

      await expectEndedBanner(page);
    });

    it('signed out at the IdP (back-channel logout) → the tab notices as soon as it gets focus again', async () => {
      const { page } = await e2e.open({ clock: true });
      await logInAt(page, '/profile');
      await markDocument(page);
      await signOutAtIdpInAnotherTab(page);

      // Well short of a poll; past the app's 2 s de-bounce of focus checks.
      await page.clock.fastForward(2_500);
      await page.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));

      await expectEndedBanner(page);
    });

    it('session ended → Log in on the banner → the IdP sign-in → back on the same page, logged in', async () => {
      const { page } = await e2e.open({ clock: true });
      await logInAt(page, '/profile');
      await signOutAtIdpInAnotherTab(page);
      await page.clock.fastForward(SESSION_POLL_INTERVAL_MS);
      await page.getByTestId('session-ended-banner').waitFor();

      await page.getByTestId('session-ended-login').click();
      await signInAtIdp(page);

      await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe(ALICE.name);
      expect(page.url()).toBe(`${e2e.stack.urls.bff}/profile`);
      expect(await page.getByTestId('session-ended-banner').count()).toBe(0);
    });
  });

  describe('by idle expiry', () => {
    const e2e = useE2e({ bff: { idleTimeoutSeconds: IDLE_TIMEOUT_SECONDS, touchIntervalSeconds: 0 } });

    it('idle expiry → the tab says "Your session has ended" by itself, without a click or a reload', async () => {
      const { page } = await e2e.open();
      await logInAt(page, '/profile');
      await markDocument(page);

      // The app checks just after the idle expiry the BFF reported: no event from the test.
      await page.getByTestId('session-ended-banner').waitFor({ timeout: (IDLE_TIMEOUT_SECONDS + 4) * 1000 });

      expect(await page.getByTestId('session-ended-banner').textContent()).toContain('Your session has ended.');
      expect(await page.getByTestId('session-ended-login').textContent()).toBe('Log in');
      expect(await wasReloaded(page)).toBe(false);
      expect((await page.request.get('/auth/user?slide=false')).status()).toBe(401);
    });

    it('a Call just after the session expired → a sentence saying to log in again, not a JSON dump', async () => {
      const { page, allow } = await e2e.open();
      allow(/status of 401 \(Unauthorized\) @ http:\/\/127\.0\.0\.1:\d+\/api\/external$/);
      await logInAt(page, '/external-api');
      const { session } = (await (await page.request.get('/auth/user?slide=false')).json()) as { session: { idleExpiresAt: number } };
      // Past the BFF's expiry, before the app's own check (a second later) could warn the user.
      await page.waitForTimeout(Math.max(0, session.idleExpiresAt * 1000 + 150 - Date.now()));

      await page.getByTestId('call-button').click();

      const error = page.getByTestId('api-error');
      await error.waitFor();
      // "You are not logged in…" today (the BFF no longer knows the cookie); "…expired…" would do too.
      expect(await error.locator('strong').textContent()).toMatch(/^You(r session has expired| are not logged in)\. Log in again\.$/);
      expect(await error.textContent()).not.toMatch(/[{}]|"error"/);
      await page.getByTestId('session-ended-banner').waitFor();
      await screenshot(page, 'call-after-expiry');
    });
  });
});
