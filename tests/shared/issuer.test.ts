import { discoveryUrl, issuerUrl, resolveIssuer } from '@vue-bff/shared';
import { describe, expect, it } from 'vitest';

// One issuer rule for the idp, the api, the bff and npm start (shared/src/issuer.ts argues it).

describe('resolveIssuer', () => {
  it.each([
    ['ISSUER_BASE_URL with Auth0\'s trailing slash → kept, slash included (the API compares `iss` verbatim)', { ISSUER_BASE_URL: 'https://t.eu.auth0.com/' }, {}, 'https://t.eu.auth0.com/', 'ISSUER_BASE_URL'],
    ['ISSUER_BASE_URL without a slash (the dev IdP, Keycloak) → kept without', { ISSUER_BASE_URL: 'http://localhost:8080/realms/demo' }, {}, 'http://localhost:8080/realms/demo', 'ISSUER_BASE_URL'],
    ['a bare Auth0 domain in the file → https://<domain>/, as Auth0 writes `iss`', {}, { domain: 't.eu.auth0.com' }, 'https://t.eu.auth0.com/', 'auth_config.json "domain"'],
    ['AUTH0_DOMAIN → https://<domain>/', { AUTH0_DOMAIN: 'login.example.com' }, {}, 'https://login.example.com/', 'AUTH0_DOMAIN'],
    ['"issuerBaseURL" and "domain" in the file → "issuerBaseURL" (the more exact one)', {}, { domain: 'localhost:4000', issuerBaseURL: 'http://localhost:4000' }, 'http://localhost:4000', 'auth_config.json "issuerBaseURL"'],
    ['the environment and the file → the environment (a run overrides the repository)', { AUTH0_DOMAIN: 't.auth0.com' }, { issuerBaseURL: 'http://localhost:4000' }, 'https://t.auth0.com/', 'AUTH0_DOMAIN'],
    ['an empty ISSUER_BASE_URL (compose passes empty values) → unset', { ISSUER_BASE_URL: '' }, { issuerBaseURL: 'http://localhost:4000' }, 'http://localhost:4000', 'auth_config.json "issuerBaseURL"'],
  ])('%s', (_situation, env, file, issuer, source) => {
    expect(resolveIssuer(env, file)).toEqual({ kind: 'found', issuer, source });
  });

  it.each([
    ['ISSUER_BASE_URL without a scheme', { ISSUER_BASE_URL: 't.auth0.com' }, {}, 'ISSUER_BASE_URL must be an absolute http(s) URL such as https://YOUR_TENANT.auth0.com/ or http://localhost:4000, got "t.auth0.com"'],
    ['an issuer with a query', { ISSUER_BASE_URL: 'https://t.auth0.com/?x=1' }, {}, 'ISSUER_BASE_URL must have no user, query or fragment (an issuer is a plain URL such as https://YOUR_TENANT.auth0.com/ or http://localhost:4000), got "https://t.auth0.com/?x=1"'],
    ['a domain with a scheme', {}, { domain: 'https://t.auth0.com' }, 'auth_config.json "domain" must be a bare host name such as YOUR_TENANT.auth0.com (no scheme, no path), got "https://t.auth0.com"'],
  ])('%s → invalid, naming where it came from', (_situation, env, file, problem) => {
    expect(resolveIssuer(env, file)).toEqual({ kind: 'invalid', problem });
  });

  it('nothing anywhere → missing, naming ISSUER_BASE_URL and the file keys', () => {
    expect(resolveIssuer({}, {})).toEqual({
      kind: 'missing',
      problem: 'ISSUER_BASE_URL is missing: set it (or "issuerBaseURL" or "domain" in auth_config.json) to your OpenID provider\'s issuer, e.g. https://YOUR_TENANT.auth0.com/',
    });
  });
});

describe('URLs under the issuer', () => {
  it.each([
    ['https://t.auth0.com/', 'https://t.auth0.com/.well-known/openid-configuration'],
    ['http://localhost:4000', 'http://localhost:4000/.well-known/openid-configuration'],
    ['http://localhost:8080/realms/demo/', 'http://localhost:8080/realms/demo/.well-known/openid-configuration'],
  ])('%s → one slash before the path', (issuer, url) => {
    expect(discoveryUrl(issuer)).toBe(url);
  });

  it('a path without its leading slash → one slash all the same', () => {
    expect(issuerUrl('https://t.auth0.com/', '.well-known/jwks.json')).toBe('https://t.auth0.com/.well-known/jwks.json');
  });
});
