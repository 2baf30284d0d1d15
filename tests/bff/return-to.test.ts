import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../bff/src/auth/safe-return-to.js';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';

describe('safeReturnTo', () => {
  it.each([
    ['/profile', '/profile'],
    ['/external-api?tab=1#x', '/external-api?tab=1#x'],
    ['/a/b/../c', '/a/c'],
  ])('same-origin path %s → %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
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
  ])('unsafe %j → /', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  it('not a string (repeated query parameter) → /', () => {
    expect(safeReturnTo(['/a', '/b'])).toBe('/');
  });
});

describe('GET /auth/login?returnTo', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('returnTo pointing at another origin → lands on / after login', async () => {
    const { landing } = await stack.loggedIn(ALICE, 'https://evil.example/steal');
    expect(landing.url).toBe(`${stack.urls.bff}/`);
  });

  it('returnTo a page of the app → lands on that page', async () => {
    const { landing } = await stack.loggedIn(ALICE, '/profile');
    expect(landing.url).toBe(`${stack.urls.bff}/profile`);
  });
});
