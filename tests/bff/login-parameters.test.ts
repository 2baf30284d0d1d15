import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProviderStack, type ProviderStack } from '../providers/support/provider-stack.js';
import { startStack, type Stack } from '../helpers/stack.js';

describe('authorization parameters passed through /auth/login', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bffEnv: { AUTHORIZE_PARAMS: 'acr_values=urn:example:loa:2' } });
  });
  afterAll(() => stack.close());

  const authorizeQuery = async (query: string) => {
    const response = await fetch(`${stack.urls.bff}/auth/login?${query}`, { redirect: 'manual' });
    return new URL(response.headers.get('location') ?? '').searchParams;
  };

  it('prompt, login_hint, ui_locales, screen_hint, connection, organization, max_age → passed to the provider', async () => {
    const params = await authorizeQuery('prompt=login&login_hint=alice%40example.com&ui_locales=de&screen_hint=signup&connection=corp&organization=org_abc&max_age=300');
    expect(Object.fromEntries(['prompt', 'login_hint', 'ui_locales', 'screen_hint', 'connection', 'organization', 'max_age'].map((n) => [n, params.get(n)]))).toEqual({
      prompt: 'login', login_hint: 'alice@example.com', ui_locales: 'de', screen_hint: 'signup', connection: 'corp', organization: 'org_abc', max_age: '300',
    });
  });

  it('anything else in the query (redirect_uri, scope, response_type, a made-up name) → not passed; the BFF\'s own values stay', async () => {
    const params = await authorizeQuery(`redirect_uri=https://evil.example/cb&scope=openid%20admin&response_type=token&evil=1&prompt=bogus`);
    expect([params.get('redirect_uri'), params.get('scope'), params.get('response_type'), params.get('evil'), params.get('prompt')]).toEqual([
      `${stack.urls.bff}/auth/callback`, stack.bffConfig.scope, 'code', null, null,
    ]);
  });

  it('AUTHORIZE_PARAMS → on every authorization request', async () => {
    expect((await authorizeQuery('')).get('acr_values')).toBe('urn:example:loa:2');
  });
});

describe('ORGANIZATION (Auth0 Organizations)', () => {
  let stack: ProviderStack;
  afterEach(() => stack.close());

  it('the user signs in to that organization → logged in; the authorization request named it', async () => {
    stack = await startProviderStack('auth0', { provider: { organization: { id: 'org_acme123', name: 'acme' } }, bffEnv: { ORGANIZATION: 'org_acme123', IDP_LOGOUT: 'auth0' } });
    const start = await fetch(`${stack.urls.bff}/auth/login`, { redirect: 'manual' });
    expect(new URL(start.headers.get('location') ?? '').searchParams.get('organization')).toBe('org_acme123');
    const { landing } = await stack.login();
    expect(landing).toBe(`${stack.urls.bff}/profile`);
  });

  it('an ID token of another organization → the login is refused (400), the cause in the audit log', async () => {
    stack = await startProviderStack('auth0', { provider: { organization: { id: 'org_other', name: 'other' } }, bffEnv: { ORGANIZATION: 'org_acme123', IDP_LOGOUT: 'auth0' } });
    const { status } = await stack.login();
    expect(status).toBe(400);
    expect(stack.logs.lines.find((line) => line.event === 'login_failed')).toMatchObject({ cause: 'organization_mismatch' });
  });
});
