import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from '../../api/src/config.js';

// loadApiConfig: auth_config.json + environment → one frozen object, or one error naming each setting.

const repoAuthConfig = JSON.parse(readFileSync(new URL('../../auth_config.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const AUTH0 = { domain: 'tenant.eu.auth0.com', audience: 'https://api.example.com' };

function problemsOf(env: Record<string, string>, authConfig: Record<string, unknown> = AUTH0): readonly string[] {
  try {
    loadApiConfig(env, authConfig);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('the repository auth_config.json and no environment → the dev IdP settings', () => {
    expect(loadApiConfig({}, repoAuthConfig)).toEqual({
      port: 3001,
      issuer: 'http://localhost:4000',
      audience: 'https://api.bff-demo.local',
      jwksUri: undefined,
      discoveryUrl: 'http://localhost:4000/.well-known/openid-configuration',
      requireAtJwt: false,
      organization: undefined,
      algorithms: ['RS256'],
      clockToleranceSeconds: 5,
      jwksCacheMaxAgeMs: 600_000,
      jwksCooldownMs: 30_000,
      jwksTimeoutMs: 5_000,
      verifiedTokenCacheSize: 10_000,
    });
  });

  it('an Auth0 domain only → issuer with the trailing slash, discovery under it, JWKS from discovery', () => {
    const config = loadApiConfig({}, AUTH0);
    expect([config.issuer, config.discoveryUrl, config.jwksUri])
      .toEqual(['https://tenant.eu.auth0.com/', 'https://tenant.eu.auth0.com/.well-known/openid-configuration', undefined]);
  });

  it('an issuer with a path (Keycloak realm) → discovery appended to the path', () => {
    expect(loadApiConfig({ ISSUER_BASE_URL: 'https://sso.example.com/realms/demo' }, AUTH0).discoveryUrl)
      .toBe('https://sso.example.com/realms/demo/.well-known/openid-configuration');
  });

  it('the returned config → frozen, algorithms too', () => {
    const config = loadApiConfig({}, AUTH0);
    expect([Object.isFrozen(config), Object.isFrozen(config.algorithms)]).toEqual([true, true]);
  });
});

describe('environment overrides', () => {
  it('ISSUER_BASE_URL, AUDIENCE, JWKS_URI, PORT, API_* → used as given', () => {
    const config = loadApiConfig({
      ISSUER_BASE_URL: 'https://idp.example.com/', AUDIENCE: 'urn:api', JWKS_URI: 'https://keys.example.com/jwks',
      PORT: '8080', API_ALGORITHMS: 'RS256, PS256', API_CLOCK_TOLERANCE: '0',
      API_JWKS_CACHE_MAX_AGE: '60', API_JWKS_COOLDOWN: '10', API_JWKS_TIMEOUT: '2', API_VERIFIED_TOKEN_CACHE: '0',
      REQUIRE_AT_JWT: 'true', ORGANIZATION: 'org_abc123',
    }, AUTH0);
    expect(config).toEqual({
      port: 8080, issuer: 'https://idp.example.com/', audience: 'urn:api', jwksUri: 'https://keys.example.com/jwks',
      discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', requireAtJwt: true, organization: 'org_abc123',
      algorithms: ['RS256', 'PS256'], clockToleranceSeconds: 0,
      jwksCacheMaxAgeMs: 60_000, jwksCooldownMs: 10_000, jwksTimeoutMs: 2_000, verifiedTokenCacheSize: 0,
    });
  });

  it('empty environment values → treated as unset', () => {
    expect(loadApiConfig({ AUDIENCE: '', PORT: ' ' }, AUTH0).audience).toBe('https://api.example.com');
  });
});

describe('refused settings', () => {
  it.each(['none', 'HS256', 'rs256', 'EdDSA'])('API_ALGORITHMS=%s → ConfigError naming API_ALGORITHMS and the refused value', (value) => {
    expect(problemsOf({ API_ALGORITHMS: value })).toEqual([
      `API_ALGORITHMS may list only asymmetric JWS algorithms (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512); refused: ${value}. Unset it for RS256.`,
    ]);
  });

  it('API_CLOCK_TOLERANCE=3600 → ConfigError naming the setting, its range and default', () => {
    expect(problemsOf({ API_CLOCK_TOLERANCE: '3600' })).toEqual([
      'API_CLOCK_TOLERANCE must be a whole number from 0 to 300 (seconds); got "3600". Unset it for the default 5.',
    ]);
  });

  it('no issuer and no audience anywhere → one ConfigError listing both', () => {
    expect(problemsOf({}, {})).toEqual([
      'ISSUER_BASE_URL is missing: set it (or "issuerBaseURL" or "domain" in auth_config.json) to your OpenID provider\'s issuer, e.g. https://YOUR_TENANT.auth0.com/',
      'AUDIENCE (or "audience" in auth_config.json) is missing: set it to the API identifier the access tokens are issued for, e.g. https://api.example.com',
    ]);
  });

  it.each([
    ['ISSUER_BASE_URL', { ISSUER_BASE_URL: 'idp.example.com' }, 'ISSUER_BASE_URL must be an absolute http(s) URL such as https://YOUR_TENANT.auth0.com/ or http://localhost:4000, got "idp.example.com"'],
    ['JWKS_URI', { JWKS_URI: 'file:///etc/keys.json' }, 'JWKS_URI must be an http(s) URL such as https://tenant.auth0.com/.well-known/jwks.json; got "file:///etc/keys.json"'],
    ['PORT', { PORT: '3001x' }, 'PORT must be a whole number from 0 to 65535; got "3001x". Unset it for the default 3001.'],
    ['REQUIRE_AT_JWT', { REQUIRE_AT_JWT: 'yes' }, 'REQUIRE_AT_JWT must be true or false; got "yes". Unset it for false.'],
    ['ORGANIZATION', { ORGANIZATION: 'Acme Inc' }, 'ORGANIZATION must be an Auth0 organization id (org_…) or name (letters, digits, - and _); got "Acme Inc". Unset it to accept tokens of any organization.'],
  ])('a bad %s → ConfigError naming it', (_name, env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('a domain with a scheme in auth_config.json → ConfigError naming "domain"', () => {
    expect(problemsOf({}, { ...AUTH0, domain: 'https://tenant.auth0.com' })).toEqual([
      'auth_config.json "domain" must be a bare host name such as YOUR_TENANT.auth0.com (no scheme, no path), got "https://tenant.auth0.com"',
    ]);
  });

  it('several bad settings → one error whose message lists each on its own line', () => {
    expect(() => loadApiConfig({ PORT: '-1', API_JWKS_COOLDOWN: '0' }, AUTH0)).toThrow(
      'Invalid API configuration:\n  - PORT must be a whole number from 0 to 65535; got "-1". Unset it for the default 3001.\n'
      + '  - API_JWKS_COOLDOWN must be a whole number from 1 to 3600 (seconds); got "0". Unset it for the default 30.',
    );
  });
});
