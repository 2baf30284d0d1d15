import { expect, it } from 'vitest';
import { describeWithBrowser } from '../helpers/chromium.js';
import { useE2e } from './support/e2e.js';
import { logInAt } from './support/flows.js';

// Every test of the suite already fails on a console error, page error or CSP violation (see
// useE2e). This file loads each page of the app as a document of its own, under its own CSP
// header, and shows that the watch does see a violation when there is one.
describeWithBrowser('Content Security Policy in Chromium', () => {
  const e2e = useE2e();

  it('logged in: Home, Profile, External API after a Call, Not found, each loaded fresh → no CSP violation, no console error', async () => {
    const { page, problems, responses } = await e2e.open();
    await logInAt(page, '/');
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
