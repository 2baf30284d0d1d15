import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';

import { basic, post, postWith, privateKeyJwt, type ClientAuth } from './support/client-auth.js';
import { ALICE, signIn, startIdp, type IdpFixture } from './support/idp-fixture.js';

// IDP_CLIENT_AUTH_METHOD: the dev IdP accepts the client's one configured method at the token,
// revocation and introspection endpoints, and refuses the others with invalid_client, so a test of
// the BFF against it proves which method the BFF sends. Real logins, real token requests.

async function useIdp(env: Record<string, string> = {}) {
  const idp = await startIdp(env);
  onTestFinished(() => idp.close());
  return idp;
}

/** Signs Alice in and redeems the code with `auth`. */
async function redeem(idp: IdpFixture, auth: ClientAuth) {
  const { code, authorization } = await signIn(idp, ALICE);
  return postWith(idp, '/token', {
    grant_type: 'authorization_code', code, code_verifier: authorization.verifier, redirect_uri: idp.config.client.redirectUris[0] ?? '',
  }, auth);
}

async function rsaKey(kid: string): Promise<{ privateKey: CryptoKey; publicJwk: JWK; kid: string }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { privateKey, kid, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const invalidClient = (method: string, fix: string) => ({
  status: 401, body: { error: 'invalid_client', error_description: `this client authenticates with ${method} (IDP_CLIENT_AUTH_METHOD): ${fix}` },
});
const NO_HEADER = 'send no Authorization header';
const BASIC_HEADER = 'send its id and secret in an Authorization: Basic header';

describe('client_secret_basic (the default)', () => {
  it('the code redeemed with Basic (id and secret form-encoded) → 200 with tokens', async () => {
    const idp = await useIdp();
    expect(await redeem(idp, basic())).toMatchObject({ status: 200, body: { access_token: expect.any(String), refresh_token: expect.any(String) } });
  });

  it('Basic with the id not form-encoded (bff-demo raw) → 200: the dev IdP decodes either way', async () => {
    const idp = await useIdp();
    expect((await redeem(idp, basic(true))).status).toBe(200);
  });

  it('the code redeemed with the secret in the body → 401 invalid_client naming client_secret_basic', async () => {
    const idp = await useIdp();
    expect(await redeem(idp, post)).toEqual(invalidClient('client_secret_basic', BASIC_HEADER));
  });
});

describe('IDP_CLIENT_AUTH_METHOD=client_secret_post', () => {
  it('code, refresh and revocation with the secret in the body → 200 each', async () => {
    const idp = await useIdp({ IDP_CLIENT_AUTH_METHOD: 'client_secret_post' });
    const { status, body } = await redeem(idp, post);
    const refreshed = await postWith(idp, '/token', { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }, post);
    const revoked = await postWith(idp, '/token/revocation', { token: String(refreshed.body.refresh_token) }, post);
    expect([status, refreshed.status, revoked.status]).toEqual([200, 200, 200]);
  });

  it('the code redeemed with Basic → 401 invalid_client naming client_secret_post', async () => {
    const idp = await useIdp({ IDP_CLIENT_AUTH_METHOD: 'client_secret_post' });
    expect(await redeem(idp, basic())).toEqual(invalidClient('client_secret_post', NO_HEADER));
  });

  it('revocation with Basic → 401 invalid_client', async () => {
    const idp = await useIdp({ IDP_CLIENT_AUTH_METHOD: 'client_secret_post' });
    expect((await postWith(idp, '/token/revocation', { token: 'any' }, basic())).status).toBe(401);
  });

  it('CLIENT_AUTH_METHOD=client_secret_post (the BFF\'s setting) and no IDP_CLIENT_AUTH_METHOD → the same', async () => {
    const idp = await useIdp({ CLIENT_AUTH_METHOD: 'client_secret_post' });
    expect([(await redeem(idp, post)).status, (await redeem(idp, basic())).status]).toEqual([200, 401]);
  });
});

describe('IDP_CLIENT_AUTH_METHOD=private_key_jwt', () => {
  async function useKeyIdp() {
    const key = await rsaKey('bff-key-1');
    const idp = await useIdp({ IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS: JSON.stringify({ keys: [key.publicJwk] }) });
    return { idp, key, auth: privateKeyJwt(key.privateKey, key.kid) };
  }

  it('code, refresh and revocation with a client assertion signed by the registered key → 200 each', async () => {
    const { idp, auth } = await useKeyIdp();
    const { status, body } = await redeem(idp, auth);
    const refreshed = await postWith(idp, '/token', { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }, auth);
    const revoked = await postWith(idp, '/token/revocation', { token: String(refreshed.body.refresh_token) }, auth);
    expect([status, refreshed.status, revoked.status]).toEqual([200, 200, 200]);
  });

  it('the key given as a JWKS file (IDP_CLIENT_JWKS_FILE) → 200', async () => {
    const key = await rsaKey('bff-key-file');
    const dir = mkdtempSync(join(tmpdir(), 'client-jwks-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'client.jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [key.publicJwk] }));
    const idp = await useIdp({ IDP_CLIENT_AUTH_METHOD: 'private_key_jwt', IDP_CLIENT_JWKS_FILE: file });
    expect((await redeem(idp, privateKeyJwt(key.privateKey, key.kid))).status).toBe(200);
  });

  it('an assertion with the issuer as its audience → 200 (RFC 7523 allows either)', async () => {
    const { idp, key } = await useKeyIdp();
    expect((await redeem(idp, privateKeyJwt(key.privateKey, key.kid, { audience: idp.issuer }))).status).toBe(200);
  });

  it('the code redeemed with Basic and the dev secret → 401 invalid_client naming private_key_jwt', async () => {
    const { idp } = await useKeyIdp();
    expect(await redeem(idp, basic())).toEqual(invalidClient('private_key_jwt', NO_HEADER));
  });

  it('the code redeemed with the dev secret in the body → 401 invalid_client (the client has no secret)', async () => {
    const { idp } = await useKeyIdp();
    expect(await redeem(idp, post)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('an assertion signed by another key under the registered kid → 401 invalid_client', async () => {
    const { idp, key } = await useKeyIdp();
    const forged = await rsaKey(key.kid);
    expect(await redeem(idp, privateKeyJwt(forged.privateKey, key.kid))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('the same assertion (same jti) used twice → the second 401 invalid_client', async () => {
    const { idp, key } = await useKeyIdp();
    const replayed = privateKeyJwt(key.privateKey, key.kid, { jti: 'once-only', audience: idp.issuer });
    expect([(await redeem(idp, replayed)).status, (await redeem(idp, replayed)).status]).toEqual([200, 401]);
  });
});

it('discovery → token_endpoint_auth_methods_supported lists the three methods', async () => {
  const idp = await useIdp();
  const metadata = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
  expect(metadata.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
});
