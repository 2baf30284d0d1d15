import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { readBrowserStorage } from './support/browser-storage.js';
import { useE2e } from './support/e2e.js';
import { logInAt } from './support/flows.js';
import { storedTokens } from './support/stored-tokens.js';

// A compact JWS (RFC 7515): base64url JSON header and payload, both starting `{"` → `eyJ`.
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/;

describeWithBrowser('security outcomes in Chromium', () => {
  const e2e = useE2e();

  describe('no token in the browser', () => {
    /** Logs in, calls the API, opens Profile: every way the app's pages receive data. */
    async function loggedInAfterACall(page: Page) {
      await logInAt(page, '/external-api');
      await page.getByTestId('call-button').click();
      await page.getByTestId('api-result').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
      await page.getByTestId('profile-claims').waitFor();
    }

    it('after login and a Call → no JWT, access, refresh or ID token in any response, URL, cookie, storage, IndexedDB or the DOM', async () => {
      const { page, context, responses, requestUrls } = await e2e.open();
      await loggedInAfterACall(page);

      const tokens = await storedTokens(e2e.stack, context);
      const storage = await readBrowserStorage(page);
      const seen = await responses();
      const places: [string, string][] = [
        ...seen.map((r): [string, string] => [`body of ${r.status} ${r.url}`, r.body ?? '']),
        ...seen.map((r): [string, string] => [`headers of ${r.status} ${r.url}`, JSON.stringify(r.headers)]),
        ...requestUrls.map((url): [string, string] => [`requested URL ${url.split('?')[0]}?…`, url]),
        ['document.cookie', storage.documentCookie],
        ['localStorage', JSON.stringify(storage.localStorage)],
        ['sessionStorage', JSON.stringify(storage.sessionStorage)],
        ['IndexedDB', JSON.stringify(storage.indexedDb)],
        ['Cache Storage', JSON.stringify(storage.caches)],
        ['DOM', storage.dom],
      ];
      const found = places.flatMap(([where, text]) => [
        ...(JWT.test(text) ? [`a JWT in ${where}`] : []),
        ...Object.entries(tokens).filter(([, token]) => text.includes(token)).map(([name]) => `the ${name} in ${where}`),
      ]);

      expect(found).toEqual([]);
      // The search covered what the app really received: the API's answer and the user's claims.
      expect(seen.filter((r) => r.body === undefined && (r.status < 300 || r.status >= 400)).map((r) => r.url)).toEqual([]);
      expect(seen.find((r) => r.url.endsWith('/api/external'))?.body).toContain('successfully validated');
      expect(seen.find((r) => r.url.endsWith('/auth/user?slide=false') && r.status === 200)?.body).toContain('user-alice');
      // As web/README.md promises: the app stores nothing a script could read.
      expect(storage).toMatchObject({ documentCookie: '', localStorage: [], sessionStorage: [], indexedDb: [], caches: [] });
    });

    it('after login → the session cookie is HttpOnly, SameSite=Lax, host-only on Path=/, and an opaque id, not a token', async () => {
      const { page, context } = await e2e.open();
      await logInAt(page, '/');

      const cookies = await context.cookies(e2e.stack.urls.bff);
      const session = cookies.find((c) => c.name === 'bff_session');

      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', domain: '127.0.0.1' });
      expect(session?.value).not.toMatch(JWT);
      expect(await page.evaluate(() => document.cookie)).not.toContain('bff_session');
      // Not only ours: no cookie a script on this origin could read (the dev IdP shares the host).
      expect(cookies.filter((c) => !c.httpOnly).map((c) => c.name)).toEqual([]);
    });
  });

  // Every test of the suite already fails on a console error, page error or CSP violation (see
  // useE2e). Here each page of the app is loaded as a document of its own, under its own CSP
  // header, and the watch is shown to see a violation when there is one.
  describe('Content Security Policy', () => {
    it('logged in: Home, Profile, External API after a Call, Not found, each loaded fresh → no CSP violation, no console error', async () => {
      const { page, problems, responses } = await e2e.openLoggedIn('/');
      await page.goto('/profile');
      await page.getByTestId('profile-claims').waitFor();
      await page.goto('/external-api');
      await page.getByTestId('call-button').click();
      await page.getByTestId('api-result').waitFor();
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();

      // Not even the allowed anonymous 401: these are all logged-in pages.
      expect(problems).toEqual([]);
      const documents = (await responses()).filter(
        (r) => r.url.startsWith(e2e.stack.urls.bff) && r.status === 200 && r.headers['content-type']?.startsWith('text/html'),
      );
      expect(documents.map((r) => new URL(r.url).pathname)).toEqual(['/', '/profile', '/external-api', '/no-such-page']);
      for (const document of documents) {
        expect(document.headers['content-security-policy']).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/);
        expect(document.headers['content-security-policy']).toMatch(/(^|;)\s*style-src 'self'\s*(;|$)/);
      }
    });

    it('an inline script added to the page → refused by the CSP, and the watch reports the violation', async () => {
      const { page, problems, allow } = await e2e.open();
      allow(/^csp: script-src-elem blocked inline /);
      allow(/^console\.error: Executing inline script violates the following Content Security Policy directive/);
      await page.goto('/');
      await page.getByTestId('nav-login').waitFor();

      const ran = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });

      expect(ran).toBe(false);
      await expect.poll(() => problems.filter((p) => p.startsWith('csp: script-src-elem blocked inline ')).length).toBe(1);
    });
  });
});
