import { describe, expect, it } from 'vitest';

import { ConfigError, loadIdpConfig } from '../../idp/src/config.js';
import { DEV_CLIENT_SECRET } from '../../idp/src/dev-defaults.js';
import { AUTH_CONFIG } from './support/idp-fixture.js';

/** The ConfigError message for this environment, or a failure if it loads. */
function problemsOf(env: Record<string, string>, authConfig: Record<string, unknown> = AUTH_CONFIG): string {
  try {
    loadIdpConfig(env, authConfig);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadIdpConfig', () => {
  it('auth_config.json alone → the contract defaults', () => {
    const config = loadIdpConfig({}, AUTH_CONFIG);

    expect(config).toMatchObject({
      issuer: 'http://localhost:4000',
      port: 4000,
      audience: 'https://api.bff-demo.local',
      accessTokenTtlSeconds: 600,
      refreshTokenTtlSeconds: 14 * 24 * 60 * 60,
      client: {
        clientId: 'bff-demo',
        clientSecret: DEV_CLIENT_SECRET,
        redirectUris: ['http://localhost:3000/auth/callback'],
        postLogoutRedirectUris: ['http://localhost:3000/'],
        backchannelLogoutUri: 'http://localhost:3000/auth/backchannel-logout',
      },
    });
    expect(config.dataDir).toMatch(/[/\\]data[/\\]idp$/);
    expect(Object.isFrozen(config) && Object.isFrozen(config.client)).toBe(true);
  });

  it('environment overrides → used; the issuer verbatim (the shared rule), the app URL without its trailing slash', () => {
    const config = loadIdpConfig({
      IDP_ISSUER: 'http://127.0.0.1:4100/', PORT: '4100', APP_BASE_URL: 'http://127.0.0.1:3100/',
      CLIENT_ID: 'other', CLIENT_SECRET: 'from-env', AUDIENCE: 'urn:example:api',
      IDP_ACCESS_TOKEN_TTL: '3', IDP_REFRESH_TOKEN_TTL: '60', IDP_DATA_DIR: '/tmp/idp-data',
    }, AUTH_CONFIG);

    expect(config).toMatchObject({
      issuer: 'http://127.0.0.1:4100/', port: 4100, audience: 'urn:example:api', dataDir: '/tmp/idp-data',
      accessTokenTtlSeconds: 3, refreshTokenTtlSeconds: 60,
      client: { clientId: 'other', clientSecret: 'from-env', redirectUris: ['http://127.0.0.1:3100/auth/callback'] },
    });
  });

  it('ISSUER_BASE_URL (shared with the BFF) → the issuer when IDP_ISSUER is unset', () => {
    expect(loadIdpConfig({ ISSUER_BASE_URL: 'http://localhost:4400' }, AUTH_CONFIG).issuer).toBe('http://localhost:4400');
  });

  it('no issuerBaseURL → https://<domain>/, Auth0 style', () => {
    const authConfig: Record<string, unknown> = { ...AUTH_CONFIG };
    delete authConfig.issuerBaseURL;

    expect(loadIdpConfig({}, authConfig).issuer).toBe('https://localhost:4000/');
  });

  it('NODE_ENV=production → refused with a message naming NODE_ENV and ISSUER_BASE_URL', () => {
    const message = problemsOf({ NODE_ENV: 'production' });

    expect(message).toContain('NODE_ENV=production');
    expect(message).toContain('the development IdP never runs in production; point ISSUER_BASE_URL at your provider');
  });

  it('a bad issuer URL → the error names IDP_ISSUER', () => {
    expect(problemsOf({ IDP_ISSUER: 'localhost:4000' })).toContain('IDP_ISSUER must be an absolute http(s) URL');
  });

  it('an issuer with a path → named, with an example origin', () => {
    expect(problemsOf({ IDP_ISSUER: 'http://localhost:4000/idp' })).toContain('IDP_ISSUER must be an origin without a path');
  });

  it('a bad issuerBaseURL in auth_config.json → the error names the file and key', () => {
    expect(problemsOf({}, { ...AUTH_CONFIG, issuerBaseURL: 'ftp://x' })).toContain('auth_config.json "issuerBaseURL" must be an absolute http(s) URL');
  });

  it('a non-numeric access token TTL → the error names IDP_ACCESS_TOKEN_TTL and the allowed range', () => {
    expect(problemsOf({ IDP_ACCESS_TOKEN_TTL: 'ten' }))
      .toContain('IDP_ACCESS_TOKEN_TTL must be a whole number of seconds between 1 and');
  });

  it('a zero refresh token TTL → the error names IDP_REFRESH_TOKEN_TTL', () => {
    expect(problemsOf({ IDP_REFRESH_TOKEN_TTL: '0' })).toContain('IDP_REFRESH_TOKEN_TTL must be a whole number');
  });

  it('an audience that is not an absolute URI → named, with the reason', () => {
    expect(problemsOf({ AUDIENCE: 'my-api' })).toContain('AUDIENCE must be an absolute URI');
  });

  it('several bad settings → one ConfigError listing each', () => {
    const message = problemsOf({ NODE_ENV: 'production', PORT: 'http', APP_BASE_URL: 'nope' }, {});

    for (const setting of ['NODE_ENV', 'PORT', 'APP_BASE_URL', 'issuer is missing', 'audience is missing', 'client id is missing']) {
      expect(message).toContain(setting);
    }
  });
});
