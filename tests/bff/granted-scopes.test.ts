import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantedScopes } from '../../bff/src/tokens/granted-scopes.js';
import { ALICE, BOB, startStack, type Stack } from '../helpers/stack.js';

const REQUESTED = 'openid profile email offline_access read:messages admin:messages';

/** An unsigned compact JWS with this payload: grantedScopes decodes only, it never verifies. */
function jwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('grantedScopes', () => {
  it('a JWT with a space-separated scope → its scopes, sorted', () => {
    expect(grantedScopes(jwt({ scope: 'read:messages admin:messages' }), REQUESTED)).toEqual(['admin:messages', 'read:messages']);
  });

  it('a JWT with scp as an array (Okta, Azure AD) → those scopes', () => {
    expect(grantedScopes(jwt({ scp: ['read:messages'] }), REQUESTED)).toEqual(['read:messages']);
  });

  it('a JWT with scp as a string → its scopes', () => {
    expect(grantedScopes(jwt({ scp: 'read:messages admin:messages' }), REQUESTED)).toEqual(['admin:messages', 'read:messages']);
  });

  it('an Auth0 JWT with scope and RBAC permissions → both, without duplicates', () => {
    const token = jwt({ scope: 'openid read:messages', permissions: ['read:messages', 'admin:messages'] });
    expect(grantedScopes(token, REQUESTED)).toEqual(['admin:messages', 'openid', 'read:messages']);
  });

  it('a JWT with an empty scope → no scopes (the grant held none), not the requested ones', () => {
    expect(grantedScopes(jwt({ scope: '' }), REQUESTED)).toEqual([]);
  });

  it('a JWT without any scope claim → the requested scope', () => {
    expect(grantedScopes(jwt({ sub: 'user-alice' }), 'openid read:messages')).toEqual(['openid', 'read:messages']);
  });

  it('non-string entries in scp or permissions → ignored', () => {
    expect(grantedScopes(jwt({ scp: ['read:messages', 42, null, ''] }), REQUESTED)).toEqual(['read:messages']);
  });

  it.each([
    ['an opaque token', 'Xq3f9sK2LmN0pQ7rT1uV5wY8zA4bC6dE'],
    ['a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln'],
    ['a payload that is a JSON array', `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('["read:messages"]').toString('base64url')}.c2ln`],
    ['an oversized token', jwt({ scope: 'read:messages', pad: 'x'.repeat(20_000) })],
    ['no token at all', undefined],
  ])('%s → the requested scope, de-duplicated and sorted', (_situation, token) => {
    expect(grantedScopes(token, 'read:messages openid  read:messages')).toEqual(['openid', 'read:messages']);
  });
});

describe('GET /auth/user carries the granted scopes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function scopesOf(user: typeof ALICE) {
    const { browser } = await stack.loggedIn(user);
    const body = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user?slide=false`)).body) as { scopes?: unknown };
    return body.scopes;
  }

  it('Alice (read:messages only) → scopes without admin:messages, though the BFF asked for it', async () => {
    const scopes = await scopesOf(ALICE);
    expect(scopes).toContain('read:messages');
    expect(scopes).not.toContain('admin:messages');
  });

  it('Bob (also admin:messages) → scopes with admin:messages', async () => {
    expect(await scopesOf(BOB)).toEqual(expect.arrayContaining(['read:messages', 'admin:messages']));
  });
});
