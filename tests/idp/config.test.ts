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

  describe('client authentication', () => {
    const PUBLIC_JWK = {
      kty: 'RSA', kid: 'bff-key-1', e: 'AQAB',
      n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
    };
    const JWKS = JSON.stringify({ keys: [PUBLIC_JWK] });
    const noFile = () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    };

    it('nothing set → client_secret_basic, no keys', () => {
      expect(loadIdpConfig({}, AUTH_CONFIG).client).toMatchObject({ authMethod: 'client_secret_basic' });
      expect(loadIdpConfig({}, AUTH_CONFIG).client.jwks).toBeUndefined();
    });

    it('IDP_CLIENT_AUTH_METHOD=client_secret_post → used; it wins over CLIENT_AUTH_METHOD', () => {
      const env = { IDP_CLIENT_AUTH_METHOD: 'client_secret_post', CLIENT_AUTH_METHOD: 'client_secret_basic' };
      expect(loadIdpConfig(env, AUTH_CONFIG).client.authMethod).toBe('client_secret_post');
    });

    it('private_key_jwt with IDP_CLIENT_JWKS → the key set, frozen', () => {
      const { client } = loadIdpConfig({ IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: JWKS }, AUTH_CONFIG);
      expect([client.jwks?.keys, Object.isFrozen(client.jwks)]).toEqual([[PUBLIC_JWK], true]);
    });

    it('private_key_jwt with IDP_CLIENT_JWKS_FILE holding a single JWK → read through the given reader, as a key set', () => {
      const read: string[] = [];
      const config = loadIdpConfig({ IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS_FILE: '/keys/bff.jwk' }, AUTH_CONFIG, (path) => {
        read.push(path);
        return JSON.stringify(PUBLIC_JWK);
      });
      expect([read, config.client.jwks?.keys]).toEqual([['/keys/bff.jwk'], [PUBLIC_JWK]]);
    });

    it.each([
      ['an unknown method', { IDP_CLIENT_AUTH_METHOD: 'client_secret_jwt' },
        'IDP_CLIENT_AUTH_METHOD must be one of client_secret_basic, client_secret_post, private_key_jwt, got "client_secret_jwt"'],
      ['an unknown CLIENT_AUTH_METHOD', { CLIENT_AUTH_METHOD: 'basic' },
        'CLIENT_AUTH_METHOD must be one of client_secret_basic, client_secret_post, private_key_jwt, got "basic"'],
      ['private_key_jwt without a key', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt' },
        'IDP_CLIENT_AUTH_METHOD=private_key_jwt needs the client\'s public key: set IDP_CLIENT_JWKS_FILE to a JWKS file, or IDP_CLIENT_JWKS to its JSON'],
      ['both key settings', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: JWKS, IDP_CLIENT_JWKS_FILE: '/keys/bff.jwks' },
        'IDP_CLIENT_JWKS and IDP_CLIENT_JWKS_FILE are both set: keep one of them'],
      ['a key with client_secret_basic', { IDP_CLIENT_JWKS: JWKS },
        'IDP_CLIENT_JWKS is set but CLIENT_AUTH_METHOD is client_secret_basic: set CLIENT_AUTH_METHOD=private_key_jwt, or unset the key'],
      ['IDP_CLIENT_JWKS that is not JSON', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: '{keys:' },
        'IDP_CLIENT_JWKS is not JSON: give the client\'s public keys as a JWK Set'],
      ['an empty key set', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: '{"keys": []}' },
        'IDP_CLIENT_JWKS holds no key'],
      ['a key without kty', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: '{"keys": [{"n": "x"}]}' },
        'IDP_CLIENT_JWKS key 1 is not a JWK (an object with "kty")'],
      ['a private key', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: JSON.stringify({ keys: [{ ...PUBLIC_JWK, d: 'secret', p: 'x' }] }) },
        'IDP_CLIENT_JWKS key 1 holds private key material ("d", "p"): give the IdP only the public key'],
      ['a shared secret key', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: '{"kty": "oct", "k": "c2VjcmV0"}' },
        'IDP_CLIENT_JWKS key 1 holds private key material ("k")'],
      ['a broken RSA key', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: '{"kty": "RSA", "n": "AQAB"}' },
        'IDP_CLIENT_JWKS key 1 is not a usable public key ('],
      ['a missing key file', { IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS_FILE: '/keys/missing.jwks' },
        'IDP_CLIENT_JWKS_FILE: cannot read /keys/missing.jwks (ENOENT); point it at a file holding the client\'s public keys'],
    ])('%s → a ConfigError naming the setting and the fix', (_name, env, problem) => {
      let message = '';
      try {
        loadIdpConfig(env, AUTH_CONFIG, noFile);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as ConfigError).message;
      }
      expect(message).toContain(problem);
    });

    it('a key file holding a private key → its path named in the error, the key material never', () => {
      const message = problemsOfWith({ IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS_FILE: '/keys/bff.jwk' },
        () => JSON.stringify({ ...PUBLIC_JWK, d: 'top-secret-private-exponent' }));
      expect([message.includes('IDP_CLIENT_JWKS_FILE (/keys/bff.jwk) key 1 holds private key material'), message.includes('top-secret')]).toEqual([true, false]);
    });
  });
});

function problemsOfWith(env: Record<string, string>, readFile: (path: string) => string): string {
  try {
    loadIdpConfig(env, AUTH_CONFIG, readFile);
  } catch (err) {
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}
