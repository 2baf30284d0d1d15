import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { ALICE, BOB } from '../helpers/stack.js';
import { useE2e } from './support/e2e.js';
import { confirmIdpLogout, logInAt, markDocument, signInAtIdp, wasReloaded } from './support/flows.js';
import { publishScreenshot, screenshot } from './support/screenshots.js';

// Every page of the app at a laptop's and a phone's width (CSS pixels of an iPhone 12–15).
const VIEWPORTS = [
  { label: 'desktop 1280×800', name: 'desktop', width: 1280, height: 800, compact: false },
  { label: 'phone 390×844', name: 'phone', width: 390, height: 844, compact: true },
] as const;

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const region = (page: Page, name: string) => page.getByRole('region', { name });

describeWithBrowser('the app at a desktop and a phone width', () => {
  const e2e = useE2e();

  describe.each(VIEWPORTS)('$label', (viewport) => {
    /** A fresh context at this width, optionally logged in as `user` on `path`. */
    async function openAt(path: string, user?: typeof ALICE) {
      const watched = await e2e.open();
      await watched.page.setViewportSize({ width: viewport.width, height: viewport.height });
      if (user) await logInAt(watched.page, path, user);
      else await watched.page.goto(path);
      return watched;
    }

    /** The shared Alice session (one login per file), at this width. */
    async function aliceAt(path: string) {
      const watched = await e2e.openLoggedIn(path);
      await watched.page.setViewportSize({ width: viewport.width, height: viewport.height });
      await expect.poll(() => nav(watched.page).getByTestId('nav-menu-button').count()).toBe(viewport.compact ? 1 : 0);
      return watched;
    }

    /** On a phone the links and Log out are behind Menu: open it first, as a person would. */
    async function navLink(page: Page, name: string): Promise<Locator> {
      if (viewport.compact && (await page.getByTestId('nav-menu-button').getAttribute('aria-expanded')) !== 'true') {
        await page.getByTestId('nav-menu-button').click();
      }
      return nav(page).getByRole('link', { name, exact: true });
    }

    describe('the nav bar', () => {
      it('logged in → one row: brand, the user\'s avatar and name, and the links or a Menu button', async () => {
        const { page } = await aliceAt('/');

        // One row: the brand, the name and the last control share a vertical centre, and the bar
        // is one control high (a wrapped bar was two, 100 px and more, at 390 px).
        const last = viewport.compact ? page.getByTestId('nav-menu-button') : page.getByTestId('nav-logout');
        const centres = await Promise.all(
          [nav(page).getByRole('link', { name: 'BFF demo' }), page.getByTestId('nav-user-name'), last].map(async (item) => {
            const box = await item.boundingBox();
            return box ? box.y + box.height / 2 : Number.NaN;
          }),
        );
        expect(Math.max(...centres) - Math.min(...centres)).toBeLessThan(4);
        expect((await nav(page).boundingBox())?.height).toBeLessThan(80);
        expect(await page.getByTestId('nav-avatar-picture').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
        expect(await page.getByTestId('nav-avatar-picture').isVisible()).toBe(true);
        if (viewport.compact) {
          expect(await page.getByTestId('nav-menu-button').getAttribute('aria-expanded')).toBe('false');
          expect(await nav(page).getByRole('link', { name: 'Profile' }).isVisible()).toBe(false);
        } else {
          expect(await nav(page).getByRole('link', { name: 'Profile' }).isVisible()).toBe(true);
          expect(await page.getByTestId('nav-logout').isVisible()).toBe(true);
        }
        await screenshot(page, `nav-${viewport.name}`);
      });

      it('a first load → focus left to the browser; a link in the nav → focus on the new page\'s <main>', async () => {
        const { page } = await aliceAt('/external-api');
        await page.getByTestId('call-button').waitFor();
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');

        await (await navLink(page, 'Profile')).click();

        await page.getByTestId('profile-name').waitFor();
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      });

      if (viewport.compact) {
        it('Menu by keyboard → aria-expanded, the links; Enter on Profile → the Profile page, the menu closed', async () => {
          const { page } = await aliceAt('/');
          const toggle = page.getByTestId('nav-menu-button');
          expect(await toggle.getAttribute('aria-controls')).toBe('nav-menu');

          await toggle.focus();
          await page.keyboard.press('Enter');
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
          expect(await page.locator('#nav-menu').isVisible()).toBe(true);
          await screenshot(page, 'nav-phone-open');
          // Focus moves from the button into the menu, in the order shown.
          await page.keyboard.press('Tab');
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');

          await page.getByTestId('profile-name').waitFor();
          expect(new URL(page.url()).pathname).toBe('/profile');
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          expect(await page.locator('#nav-menu').isVisible()).toBe(false);
        });

        it('Menu open, Escape → closed, focus back on the Menu button', async () => {
          const { page } = await aliceAt('/');
          const toggle = page.getByTestId('nav-menu-button');
          await toggle.click();
          await nav(page).getByRole('link', { name: 'External API' }).focus();

          await page.keyboard.press('Escape');

          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-menu-button');
        });

        it('a link to the page already shown → the menu closes all the same', async () => {
          const { page } = await aliceAt('/');
          await (await navLink(page, 'Home')).click();

          await expect.poll(() => page.getByTestId('nav-menu-button').getAttribute('aria-expanded')).toBe('false');
        });
      }
    });

    describe('Profile', () => {
      it('the picture → an avatar on the page and in the nav bar; no data: URI as text; times in words', async () => {
        const { page } = await aliceAt('/profile');
        await page.getByTestId('profile-claims').waitFor();

        expect(await page.getByTestId('profile-picture').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
        expect(await page.getByTestId('profile-picture').isVisible()).toBe(true);
        // Not printed anywhere, not even in a closed disclosure.
        expect(await page.locator('body').textContent()).not.toContain('data:image/svg+xml;base64');
        const picture = page.getByTestId('profile-claims').locator('dt', { hasText: /^picture$/ }).locator('+ dd');
        expect(await picture.textContent()).toMatch(/^\s*An embedded image \(image\/svg\+xml, \d{3,} characters\)\s*$/);
        expect(await picture.locator('img').getAttribute('alt')).toBe('');
        // The idle limit and the lifetime, each in words (a time when the BFF gives no idle length).
        expect(await page.getByTestId('session-end').textContent()).toMatch(
          /^You will be signed out (after \d+ minutes without activity|at .+ unless you use the app before then), and at the latest (at|tomorrow at) .+\.$/,
        );
        const shot = await screenshot(page, `profile-${viewport.name}`);
        if (viewport.compact) publishScreenshot(shot, 'profile-phone.png');
      });

      it('a long claim → its start and "Show all"; Enter → the whole value; Enter again → the start', async () => {
        const website = `https://wonderland.example/rabbit-hole/${'very-deep/'.repeat(12)}`;
        const { page } = await aliceAt('/');
        await page.route('**/auth/user?slide=false', async (route) => {
          const response = await route.fetch();
          const body = (await response.json()) as { user: Record<string, unknown> };
          await route.fulfill({ response, json: { ...body, user: { ...body.user, website } } });
        });
        await page.goto('/profile');
        const value = page.getByTestId('profile-claims').locator('dt', { hasText: /^website$/ }).locator('+ dd');
        const summary = value.locator('summary');
        await summary.waitFor();

        expect(await value.innerText()).toMatch(/^https:\/\/wonderland\.example\/rabbit-hole\/…\s*Show all \d+ characters$/);
        await summary.focus();
        await page.keyboard.press('Enter');
        expect(await value.locator('details').getAttribute('open')).toBe('');
        expect(await value.innerText()).toContain(website);
        expect(await summary.innerText()).toBe('Show less');
        await page.keyboard.press('Enter');
        expect(await value.innerText()).not.toContain(website);
      });

      it('"Raw /auth/user response (JSON)" → closed at first; opened, the JSON with the user, no token field', async () => {
        const { page } = await aliceAt('/profile');
        const raw = page.locator('details.raw');
        await raw.waitFor();
        expect(await raw.locator('pre').isVisible()).toBe(false);

        await raw.getByText('Raw /auth/user response (JSON)').click();

        const json = JSON.parse((await raw.locator('pre').textContent()) ?? '') as Record<string, unknown>;
        expect(json).toMatchObject({ user: { sub: 'user-alice', name: ALICE.name }, logoutUrl: expect.stringMatching(/^\/auth\/logout\?sid=/) });
        expect(JSON.stringify(json)).not.toMatch(/token/i);
        expect((json.user as { picture: string }).picture).toMatch(/^data:image\/svg\+xml,… \(\d+ characters, not shown\)$/);
      });
    });

    describe('External API', () => {
      it('Enter on Call → focus stays on the button (aria-disabled while busy, a second press ignored), the answer announced', async () => {
        const { page } = await aliceAt('/external-api');
        let calls = 0;
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/api/external', async (route) => {
          calls += 1;
          await released;
          await route.continue();
        });
        const button = page.getByTestId('call-button');
        const output = page.getByTestId('call-button-output');
        // The live region is in the page before the call: a region added with its text is not announced.
        expect(await output.getAttribute('aria-live')).toBe('polite');
        const regionBefore = await output.elementHandle();

        await button.focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true');
        expect(await button.getAttribute('aria-busy')).toBe('true');
        expect(await button.textContent()).toContain('Calling…');
        expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        await button.click({ force: true });
        release();

        await expect.poll(() => output.textContent()).toContain('Your Access Token was successfully validated!');
        expect(await regionBefore?.evaluate((element) => element.isConnected && element.getAttribute('aria-live'))).toBe('polite');
        expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
        expect(await button.getAttribute('aria-disabled')).toBe('false');
        expect(calls).toBe(1);
      });

      it('as Alice → the admin card says her session lacks admin:messages, and the call is refused with 403', async () => {
        const { page, allow } = await aliceAt('/external-api');
        allow(/status of 403 \(Forbidden\) @ http:\/\/127\.0\.0\.1:\d+\/api\/admin$/);

        expect(await page.getByTestId('admin-scope-note').innerText()).toBe(
          'Needs the admin:messages scope, which your session lacks: expect a 403 refusal.',
        );
        expect(await page.getByTestId('messages-scope-note').textContent()).toContain('which your session has');
        await page.getByTestId('call-admin-button').click();
        expect(await page.getByTestId('admin-error').textContent()).toContain('HTTP 403');

        // The raw answer is the API's refusal, as JSON.
        const admin = region(page, 'Scope admin:messages');
        await admin.getByText('Raw response (JSON)').click();
        expect(JSON.parse((await admin.locator('pre').textContent()) ?? '')).toMatchObject({ error: 'insufficient_scope' });
      });

      it('as Bob (who has admin:messages) → the admin card says so, and the admin call succeeds', async () => {
        const { page } = await openAt('/external-api', BOB);

        expect(await page.getByTestId('admin-scope-note').innerText()).toBe(
          'Needs the admin:messages scope, which your session has: expect the API\'s answer.',
        );
        expect(await page.getByTestId('admin-scope-note').textContent()).not.toContain('lacks');
        await page.getByTestId('call-admin-button').click();
        await page.getByTestId('admin-result').waitFor();
        expect(await page.getByTestId('admin-error').count()).toBe(0);
        await screenshot(page, `external-api-bob-${viewport.name}`);
      });

      it('Call → "Raw response (JSON)" → the API\'s JSON as received', async () => {
        const { page } = await aliceAt('/external-api');
        await page.getByTestId('call-button').click();
        await page.getByTestId('api-result').waitFor();

        const card = region(page, 'Any valid token');
        await card.getByText('Raw response (JSON)').click();

        expect(JSON.parse((await card.locator('pre').textContent()) ?? '')).toEqual({
          message: 'Your Access Token was successfully validated!',
        });
      });

      it('a result on screen, then Log out in another tab → the result and its raw JSON are gone, the banner says why', async () => {
        const { page, context } = await openAt('/external-api', ALICE);
        await page.getByTestId('call-button').click();
        await page.getByTestId('api-result').waitFor();
        await markDocument(page);

        const other = await context.newPage();
        await other.setViewportSize({ width: viewport.width, height: viewport.height });
        await other.goto('/');
        await (await navLinkOn(other)).click();
        await other.getByRole('button', { name: 'Yes, sign me out' }).waitFor();

        await page.getByTestId('session-ended-banner').waitFor();
        expect(await page.getByTestId('api-result').count()).toBe(0);
        expect(await page.locator('details.raw').count()).toBe(0);
        expect((await page.getByTestId('call-button-output').textContent())?.trim()).toBe('');
        expect(await wasReloaded(page)).toBe(false);
        await confirmIdpLogout(other);
      });
    });

    /** The Log out control of `page`: in the bar, or in the menu on a phone. */
    async function navLinkOn(page: Page): Promise<Locator> {
      await page.getByTestId('nav-user-name').waitFor();
      if (viewport.compact) await page.getByTestId('nav-menu-button').click();
      return page.getByTestId('nav-logout');
    }

    describe('signing out', () => {
      it('Log out → the IdP asks → "Yes, sign me out" → "You have signed out" with "Log in again" → back in', async () => {
        const { page } = await openAt('/profile', ALICE);

        await (await navLinkOn(page)).click();
        await page.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
        // The IdP's question has the sign-in page's layout: a heading, a lead line, the hint.
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign out');
        expect(await page.locator('p.hint').textContent()).toContain('Development IdP');
        await screenshot(page, `idp-sign-out-${viewport.name}`);
        await confirmIdpLogout(page);

        await page.getByTestId('signed-out-title').waitFor();
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have signed out');
        expect(new URL(page.url()).pathname).toBe('/signed-out');
        expect(await page.title()).toBe('Signed out · BFF demo');
        // The note that told this return apart is gone: nothing is left in the tab's storage.
        expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
        await screenshot(page, `signed-out-${viewport.name}`);

        await page.getByRole('link', { name: 'Log in again' }).click();
        await signInAtIdp(page);
        await expect.poll(() => page.getByTestId('nav-user-name').textContent()).toBe(ALICE.name);
        expect(new URL(page.url()).pathname).toBe('/');
        expect(await page.getByTestId('signed-out-title').count()).toBe(0);
      });

      it('an ordinary anonymous visit to / → Home, not "You have signed out"', async () => {
        const { page } = await openAt('/');
        await page.getByTestId('home-login').waitFor();

        expect(await page.getByTestId('signed-out-title').count()).toBe(0);
        expect(new URL(page.url()).pathname).toBe('/');
      });

      it('/signed-out opened while logged in → Home (it would say something untrue)', async () => {
        const { page } = await aliceAt('/signed-out');

        await expect.poll(() => new URL(page.url()).pathname).toBe('/');
        expect(await page.getByTestId('signed-out-title').count()).toBe(0);
      });
    });
  });
});
