import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readClientAuthentication } from '../../bff/src/oidc/client-authentication.js';
import { readProviderSettings } from '../../bff/src/oidc/provider-settings.js';

function read(env: Record<string, string>) {
  const problems: string[] = [];
  return { auth: readClientAuthentication(env, problems), problems };
}
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ecJwk = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'ec-1' };

describe('CLIENT_AUTH_METHOD', () => {
  it('unset → client_secret_basic with CLIENT_SECRET', () => {
    expect(read({ CLIENT_SECRET: 's' })).toEqual({ auth: { method: 'client_secret_basic', secret: 's' }, problems: [] });
  });

  it('an unknown method → named, with the choices', () => {
    expect(read({ CLIENT_AUTH_METHOD: 'client_secret_jwt' }).problems).toEqual(['CLIENT_AUTH_METHOD must be one of client_secret_basic, client_secret_post, private_key_jwt, got "client_secret_jwt"']);
  });

  it('private_key_jwt without a key → says which settings hold it', () => {
    expect(read({ CLIENT_AUTH_METHOD: 'private_key_jwt' }).problems[0]).toContain('set CLIENT_PRIVATE_KEY_FILE to its PEM or JWK file');
  });

  it('private_key_jwt with a PKCS#1 RSA PEM → RS256, the key kept as PKCS#8', () => {
    const { auth, problems } = read({ CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_PRIVATE_KEY: rsaPem });
    expect([problems, auth.method, auth.method === 'private_key_jwt' && auth.alg, auth.method === 'private_key_jwt' && auth.pkcs8.startsWith('-----BEGIN PRIVATE KEY')]).toEqual([[], 'private_key_jwt', 'RS256', true]);
  });

  it('private_key_jwt with an EC P-256 JWK → ES256 and its kid', () => {
    const { auth } = read({ CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_PRIVATE_KEY: JSON.stringify(ecJwk) });
    expect(auth).toMatchObject({ alg: 'ES256', kid: 'ec-1' });
  });

  it('a key that is not one → named, its text never in the message', () => {
    const { problems } = read({ CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_PRIVATE_KEY: 'not-a-key-but-secret-text' });
    expect(problems).toEqual(['CLIENT_PRIVATE_KEY is not a private key in PEM (PKCS#8 or PKCS#1) or JWK form']);
  });

  it('a key file that cannot be read → names the file and the setting', () => {
    expect(read({ CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_PRIVATE_KEY_FILE: '/no/such/key.pem' }).problems[0]).toMatch(/^CLIENT_PRIVATE_KEY_FILE: cannot read \/no\/such\/key\.pem \(ENOENT\)/);
  });

  it('CLIENT_ASSERTION_ALG that does not fit the key\'s kind → named', () => {
    expect(read({ CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_PRIVATE_KEY: rsaPem, CLIENT_ASSERTION_ALG: 'HS256' }).problems[0]).toContain('CLIENT_ASSERTION_ALG must be one of');
  });
});

describe('provider settings', () => {
  const settingsOf = (env: Record<string, string>) => {
    const problems: string[] = [];
    return { settings: readProviderSettings(env, problems), problems };
  };

  it('AUTHORIZE_PARAMS → static extras; a protocol parameter in it → refused by name', () => {
    expect(settingsOf({ AUTHORIZE_PARAMS: 'acr_values=urn:x&resource=https://a' }).settings.authorizeParams).toEqual({ acr_values: 'urn:x', resource: 'https://a' });
    expect(settingsOf({ AUTHORIZE_PARAMS: 'redirect_uri=https://evil.example' }).problems[0]).toContain('AUTHORIZE_PARAMS may not set "redirect_uri"');
  });

  it.each([
    ['IDP_LOGOUT', 'sometimes', 'IDP_LOGOUT must be one of auto, oidc, auth0, false'],
    ['LOGOUT_ID_TOKEN_HINT', 'yes', 'LOGOUT_ID_TOKEN_HINT must be true or false'],
    ['ID_TOKEN_SIGNING_ALG', 'HS256', 'ID_TOKEN_SIGNING_ALG must be one of'],
    ['ORGANIZATION', 'has spaces', 'ORGANIZATION must be an Auth0 organization id'],
  ])('%s=%s → refused, naming it', (name, value, message) => {
    expect(settingsOf({ [name]: value }).problems[0]).toContain(message);
  });
});
