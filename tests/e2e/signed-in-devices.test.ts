import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { useE2e } from './support/e2e.js';
import { logInAt } from './support/flows.js';
import { publishScreenshot, SCREENSHOT_DIR } from './support/screenshots.js';
import type { Watched } from './support/watch-context.js';

// The Profile page's "Signed-in devices" (issue 18), at a laptop's and a phone's width. Each browser
// here is a Playwright context of its own: its own cookies, so its own login and its own session.
const VIEWPORTS = [
  { label: 'desktop 1280×800', name: 'desktop', width: 1280, height: 800 },
  { label: 'phone 390×844', name: 'phone', width: 390, height: 844 },
] as const;

// The BFF names a device from the User-Agent at login; Chromium's own reads "Chrome on Linux".
const IPHONE = { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1', device: 'Safari on iOS' };
const WINDOWS = { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', device: 'Firefox on Windows' };
const THIS_BROWSER = 'Chrome on Linux';

// What Chromium logs for a 4xx/5xx fetch; each test allows exactly the ones it causes.
const failedLoad = (status: number, path: string) => new RegExp(`status of ${status} \\([\\w ]+\\) @ http://127\\.0\\.0\\.1:\\d+${path}$`);

const rows = (page: Page) => page.getByTestId('device-row');
const status = (page: Page) => page.getByTestId('devices-status');
/** The focused element, named by its id, else its test id, else its accessible label. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element?.id || element?.getAttribute('data-testid') || element?.getAttribute('aria-label') || element?.tagName;
  });
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));

/** The section as shown now, to test-results/screenshots (focus left where it is, unlike screenshot()). */
async function shootSection(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.mouse.move(0, 0);
  await page.getByTestId('devices').screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

describeWithBrowser('Profile: signed-in devices', () => {
  const e2e = useE2e();

  describe.each(VIEWPORTS)('$label', (viewport) => {
    /** Another browser at this width, logged in as Alice on `path`; `as` sends another User-Agent. */
    async function browserAt(path: string, as?: { userAgent: string }): Promise<Watched> {
      const watched = await e2e.open({ userAgent: as?.userAgent });
      await watched.page.setViewportSize({ width: viewport.width, height: viewport.height });
      await logInAt(watched.page, path);
      return watched;
    }

    /**
     * Alice's other browsers (on External API, ready to Call), then this one on Profile. Before that,
     * the first signs out every session of Alice's that earlier tests left, so the list is exactly these.
     */
    async function devices(...others: { userAgent: string }[]): Promise<{ me: Watched; others: Watched[] }> {
      const opened: Watched[] = [];
      for (const as of others) {
        opened.push(await browserAt('/external-api', as));
        if (opened.length === 1) await signOutOthersOf(opened[0]!.page);
      }
      const me = await browserAt('/profile');
      if (opened.length === 0) {
        await signOutOthersOf(me.page);
        await me.page.reload();
      }
      await expect.poll(() => rows(me.page).count()).toBe(others.length + 1);
      return { me, others: opened };
    }

    async function signOutOthersOf(page: Page) {
      expect((await page.request.delete('/auth/sessions', { headers: { 'X-CSRF': '1' } })).status()).toBe(204);
    }

    /** A signed-out browser finds out at its next API call: the banner, the Call's own error. */
    async function expectEnded(other: Watched) {
      other.allow(failedLoad(401, '/api/external'));
      await other.page.getByTestId('call-button').click();
      await other.page.getByTestId('session-ended-banner').waitFor();
      expect(await other.page.getByTestId('api-error').locator('strong').textContent()).toBe('Your session has expired. Log in again.');
    }

    async function pressTabUntil(page: Page, testid: string) {
      for (let presses = 0; presses < 30; presses += 1) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testid) return;
      }
      throw new Error(`Tab never reached ${testid}`);
    }

    it('two browsers of one user → both listed, this device first and marked, each with its times in words', async () => {
      const { me } = await devices(IPHONE);
      const [mine, theirs] = [rows(me.page).nth(0), rows(me.page).nth(1)];

      expect(await me.page.getByRole('heading', { level: 2, name: 'Signed-in devices' }).isVisible()).toBe(true);
      expect(await rows(me.page).getByTestId('device-name').allTextContents()).toEqual([THIS_BROWSER, IPHONE.device]);
      expect(await mine.getByTestId('device-current').textContent()).toBe('This device');
      expect(await theirs.getByTestId('device-current').count()).toBe(0);
      expect(await mine.getByTestId('device-times').textContent()).toMatch(/^Signed in (at|on) .+, active now$/);
      expect(await theirs.getByTestId('device-times').textContent()).toMatch(/^Signed in (at|on) .+, last active (just now|1 minute ago)$/);
      // Only the other device can be signed out here; its button says which device, and when.
      expect(await mine.getByRole('button').count()).toBe(0);
      const button = theirs.getByRole('button', { name: `Sign out ${IPHONE.device}`, exact: true });
      expect(await button.textContent()).toContain('Sign out');
      expect(await button.getAttribute('aria-describedby')).toBe(await theirs.getByTestId('device-times').getAttribute('id'));
      expect(await me.page.getByTestId('devices-sign-out-all').isVisible()).toBe(true);
      // The live region is in the page before anything is announced in it.
      expect(await status(me.page).getAttribute('role')).toBe('status');

      const shot = await shootSection(me.page, `signed-in-devices-${viewport.name}`);
      if (viewport.name === 'desktop') publishScreenshot(shot, 'signed-in-devices.png');
    });

    it('Sign out on the other device → its row gone, "Signed out …" announced, focus on the heading; that browser\'s next call → session ended', async () => {
      const { me, others: [phone] } = await devices(IPHONE);

      await rows(me.page).nth(1).getByTestId('device-sign-out').click();

      await expect.poll(() => rows(me.page).count()).toBe(1);
      expect(await status(me.page).textContent()).toBe(`Signed out ${IPHONE.device}.`);
      expect(await me.page.getByTestId('devices-empty').textContent()).toBe('You are signed in on this device only.');
      // The button is gone with its row, and no other row is left: focus goes to the section's heading.
      expect(await focused(me.page)).toBe('devices-title');
      await expectEnded(phone!);
      // This browser is still signed in.
      expect((await me.page.request.get('/auth/user?slide=false')).status()).toBe(200);
    });

    it('"Sign out all other devices" → asks first (Cancel keeps them); Yes → only this device, announced; the others\' next calls → session ended', async () => {
      const { me, others } = await devices(WINDOWS, IPHONE);
      const signOutAll = me.page.getByTestId('devices-sign-out-all');

      await signOutAll.click();
      const confirm = me.page.getByRole('group', { name: /^Sign out all 2 other devices\?/ });
      expect(await confirm.isVisible()).toBe(true);
      expect(await focused(me.page)).toBe('devices-confirm-question');
      await shootSection(me.page, `signed-in-devices-confirm-${viewport.name}`);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await confirm.count()).toBe(0);
      expect(await focused(me.page)).toBe('devices-sign-out-all');
      expect(await rows(me.page).count()).toBe(3);

      await signOutAll.click();
      await confirm.getByRole('button', { name: 'Yes, sign out 2 devices' }).click();

      await expect.poll(() => rows(me.page).count()).toBe(1);
      expect(await status(me.page).textContent()).toBe('Signed out all other devices.');
      expect(await me.page.getByTestId('devices-empty').isVisible()).toBe(true);
      expect(await signOutAll.count()).toBe(0);
      expect(await focused(me.page)).toBe('devices-title');
      await shootSection(me.page, `signed-in-devices-only-this-${viewport.name}`);
      for (const other of others) await expectEnded(other);
    });

    it('signed in on this device only → "This device" and "You are signed in on this device only", nothing to sign out', async () => {
      const { me } = await devices();

      expect(await rows(me.page).getByTestId('device-current').textContent()).toBe('This device');
      expect(await me.page.getByTestId('devices-empty').textContent()).toBe('You are signed in on this device only.');
      expect(await me.page.getByTestId('devices').getByRole('button').count()).toBe(0);
    });

    it('the list loads slowly, then fails (503) → "Loading…", then the problem in the live region; Try again by keyboard → the list, focus on its heading', async () => {
      const me = await browserAt('/');
      me.allow(failedLoad(503, '/auth/sessions'));
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      await me.page.route('**/auth/sessions', async (route) => {
        await released;
        await route.fulfill({ status: 503, json: { error: 'store_unavailable', error_description: 'The session store is not answering' } });
      });
      await me.page.goto('/profile');

      await me.page.getByTestId('devices-loading').waitFor();
      expect(await me.page.getByTestId('devices-loading').textContent()).toBe('Loading your signed-in devices…');
      const region = me.page.getByTestId('devices-load');
      expect(await region.getAttribute('aria-live')).toBe('polite');
      release();

      await me.page.getByTestId('devices-error').waitFor();
      expect(await region.textContent()).toContain('We could not load your signed-in devices.');
      expect(await region.textContent()).toContain('The server could not answer just now — try again.');
      expect(await rows(me.page).count()).toBe(0);
      await shootSection(me.page, `signed-in-devices-error-${viewport.name}`);

      await me.page.unroute('**/auth/sessions');
      await me.page.getByTestId('devices-retry').focus();
      await me.page.keyboard.press('Enter');

      await expect.poll(() => rows(me.page).count()).toBeGreaterThan(0);
      expect(await me.page.getByTestId('devices-error').count()).toBe(0);
      await expect.poll(() => focused(me.page)).toBe('devices-title');
    });

    it('a sign-out that fails (503) → the row stays, the problem announced, focus kept; pressed again after the device ended elsewhere → "already signed out"', async () => {
      const { me } = await devices(IPHONE);
      me.allow(failedLoad(503, '/auth/sessions/[\\w-]+'));
      me.allow(failedLoad(404, '/auth/sessions/[\\w-]+'));
      const button = rows(me.page).nth(1).getByTestId('device-sign-out');
      await me.page.route('**/auth/sessions/*', (route) => route.fulfill({ status: 503, json: { error: 'store_unavailable' } }));

      await button.focus();
      await me.page.keyboard.press('Enter');

      await expect.poll(() => status(me.page).textContent()).toBe(
        `Could not sign out ${IPHONE.device}. The server could not answer just now — try again.`,
      );
      expect(await rows(me.page).count()).toBe(2);
      expect(await focusedLabel(me.page)).toBe(`Sign out ${IPHONE.device}`);

      // Meanwhile the session ends by another way (here: straight through the BFF's route).
      await me.page.unroute('**/auth/sessions/*');
      const listed = (await (await me.page.request.get('/auth/sessions')).json()) as { sessions: { id: string; current: boolean }[] };
      const id = listed.sessions.find((session) => !session.current)?.id ?? '';
      expect((await me.page.request.delete(`/auth/sessions/${id}`, { headers: { 'X-CSRF': '1' } })).status()).toBe(204);
      await me.page.keyboard.press('Enter');

      await expect.poll(() => rows(me.page).count()).toBe(1);
      expect(await status(me.page).textContent()).toBe(`${IPHONE.device} was already signed out.`);
      expect(await focused(me.page)).toBe('devices-title');
    });

    it('keyboard only: Tab to Sign out, Enter → focus on the next row\'s button; Sign out all: Enter, Escape, Enter, Tab, Enter → only this device', async () => {
      const { me } = await devices(WINDOWS, IPHONE);
      // Newest first after this device (two logins within one second may come in either order).
      const names = await rows(me.page).getByTestId('device-name').allTextContents();
      expect(names[0]).toBe(THIS_BROWSER);
      expect(names.slice(1).sort()).toEqual([WINDOWS.device, IPHONE.device].sort());
      const [, first, second] = names;

      await pressTabUntil(me.page, 'device-sign-out');
      expect(await focusedLabel(me.page)).toBe(`Sign out ${first}`);
      await me.page.keyboard.press('Enter');

      await expect.poll(() => rows(me.page).count()).toBe(2);
      expect(await status(me.page).textContent()).toBe(`Signed out ${first}.`);
      expect(await focusedLabel(me.page)).toBe(`Sign out ${second}`);

      await me.page.keyboard.press('Tab');
      expect(await focused(me.page)).toBe('devices-sign-out-all');
      await me.page.keyboard.press('Enter');
      expect(await focused(me.page)).toBe('devices-confirm-question');
      expect(await me.page.getByTestId('devices-confirm').textContent()).toContain('Sign out the other device?');
      await me.page.keyboard.press('Escape');
      expect(await me.page.getByTestId('devices-confirm').count()).toBe(0);
      expect(await focused(me.page)).toBe('devices-sign-out-all');

      await me.page.keyboard.press('Enter');
      await me.page.keyboard.press('Tab');
      expect(await focused(me.page)).toBe('devices-confirm-yes');
      await me.page.keyboard.press('Enter');

      await expect.poll(() => rows(me.page).count()).toBe(1);
      expect(await status(me.page).textContent()).toBe('Signed out all other devices.');
      expect(await focused(me.page)).toBe('devices-title');
    });
  });
});
