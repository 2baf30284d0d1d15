import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../bff/src/auth/safe-return-to.js';
import type { Browser } from '../helpers/http-client.js';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';

const APP = 'http://app.test:3000';

describe('safeReturnTo', () => {
  it.each([
    ['/profile', `${APP}/profile`],
    ['/external-api?tab=1#x', `${APP}/external-api?tab=1#x`],
    ['/a/b/../c', `${APP}/a/c`],
    ['/%2e%2e/profile', `${APP}/profile`],
  ])('same-origin path %s → %s', (input, expected) => {
    expect(safeReturnTo(input, APP)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    ' /profile',
    '/\t/evil.example',
    '/\n/evil.example',
    'profile',
    '',
    `/${'a'.repeat(3000)}`,
    '/%E0%A4%A',
    // Dot segments, encoded dots and empty segments that normalise into a protocol-relative path.
    '/..//evil.example/steal',
    '/.//evil.example/steal',
    '/%2e%2e//evil.example/steal',
    '/%2E//evil.example/steal',
    '/a/..//evil.example/steal',
    '/a/%2e%2e//evil.example/steal',
    '/a/b/../..//evil.example',
    '/.%2e//evil.example',
  ])('unsafe %j → the app root', (input) => {
    expect(safeReturnTo(input, APP)).toBe(`${APP}/`);
  });

  it('not a string (repeated query parameter) → the app root', () => {
    expect(safeReturnTo(['/a', '/b'], APP)).toBe(`${APP}/`);
  });
});

describe('GET /auth/login?returnTo', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    ({ browser } = await stack.loggedIn(ALICE));
  });
  afterAll(() => stack.close());

  /** With a live IdP session the whole flow runs without a form: the callback's Location. */
  async function landingOf(returnTo: string): Promise<string> {
    let url = `${stack.urls.bff}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
    for (let hop = 0; hop < 10; hop += 1) {
      const page = await browser.request(url, { follow: false });
      const location = page.headers.get('location') ?? '';
      if (url.startsWith(`${stack.urls.bff}/auth/callback`)) return location;
      url = new URL(location, url).toString();
    }
    throw new Error('no callback reached');
  }

  it('returnTo pointing at another origin → the callback sends the app root', async () => {
    expect(await landingOf('https://evil.example/steal')).toBe(`${stack.urls.bff}/`);
  });

  it('returnTo a page of the app → the callback sends that page, as an absolute URL on the app', async () => {
    expect(await landingOf('/profile?tab=1')).toBe(`${stack.urls.bff}/profile?tab=1`);
  });

  it.each(['/..//evil.example/steal', '/%2e%2e//evil.example/steal', '/a/..//evil.example/steal'])(
    'returnTo %j (normalises to //evil.example) → the callback sends the app root, never another host',
    async (returnTo) => {
      expect(await landingOf(returnTo)).toBe(`${stack.urls.bff}/`);
    },
  );
});
