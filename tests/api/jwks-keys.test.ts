import { expect, it, vi } from 'vitest';
import { createSigningKey, mintAccessToken } from '../helpers/tokens.js';
import { AUDIENCE, EXTERNAL_OK, ISSUER, refused, useApi } from './api-fixture.js';

// Where keys come from and how often: the JWKS is fetched once, served from memory, refetched once
// (rate-limited) for an unknown kid, and refreshed in the background when it gets old.

const unknownKey = refused.invalidToken('The access token was signed by an unknown key');

it('20 verifications with a cached key → one JWKS fetch in all (no network call in steady state)', async () => {
  const api = await useApi();
  const token = await api.token();
  for (let i = 0; i < 20; i += 1) expect(await api.call(token)).toEqual(EXTERNAL_OK);
  expect(api.jwks.fetches).toBe(1);
});

it('10 concurrent first requests → one shared JWKS fetch', async () => {
  const api = await useApi();
  const token = await api.token();
  const replies = await Promise.all(Array.from({ length: 10 }, () => api.call(token)));
  expect([replies.every((reply) => reply.status === 200), api.jwks.fetches]).toEqual([true, 1]);
});

it('a token with an unknown kid → one JWKS refetch, then 401 unknown key', async () => {
  const api = await useApi({ jwksCooldownMs: 0 });
  await api.call(await api.token());
  expect(await api.call(await api.token({ header: { kid: 'key-unknown' } }))).toEqual(unknownKey);
  expect(api.jwks.fetches).toBe(2);
});

it('50 tokens with made-up kids within the cooldown → 401 each, one JWKS fetch in all', async () => {
  const api = await useApi({ jwksCooldownMs: 60_000 });
  for (let i = 0; i < 50; i += 1) {
    expect(await api.call(await api.token({ header: { kid: `forged-${i}` } }))).toEqual(unknownKey);
  }
  expect(api.jwks.fetches).toBe(1);
});

it('key rotation → the new key is 401 within the cooldown, 200 after it, without a restart', async () => {
  const api = await useApi({ jwksCooldownMs: 200 });
  const next = await createSigningKey('key-2'); // made first: key generation can outlast the cooldown
  const token = await mintAccessToken(next, { issuer: ISSUER, audience: AUDIENCE });
  await api.call(await api.token());
  api.jwks.setKeys([next.publicJwk]);
  expect(await api.call(token)).toEqual(unknownKey);
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(await api.call(token)).toEqual(EXTERNAL_OK);
  expect(api.jwks.fetches).toBe(2);
});

it('a key removed from the JWKS → served from the cache until the refresh, then 401', async () => {
  const api = await useApi({ jwksCacheMaxAgeMs: 50, jwksCooldownMs: 0 });
  const token = await api.token();
  await api.call(token);
  api.jwks.setKeys([(await createSigningKey('key-2')).publicJwk]);
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(await api.call(token)).toEqual(EXTERNAL_OK);
  await vi.waitFor(async () => expect(await api.call(token)).toEqual(unknownKey));
});

it('a JWK whose alg differs from the token\'s alg → 401 algorithm does not match its key', async () => {
  const api = await useApi({ algorithms: ['RS256', 'RS384'] });
  api.jwks.setKeys([{ ...api.key.publicJwk, alg: 'RS384' }]);
  expect(await api.call(await api.token())).toEqual(refused.invalidToken('The access token algorithm does not match its key'));
});

it('a token without kid and a JWKS with one key → 200', async () => {
  const api = await useApi();
  expect(await api.call(await api.token({ header: { kid: undefined } }))).toEqual(EXTERNAL_OK);
});

it('a token without kid and a JWKS with two keys → 401 unknown key', async () => {
  const api = await useApi();
  api.jwks.setKeys([api.key.publicJwk, (await createSigningKey('key-2')).publicJwk]);
  expect(await api.call(await api.token({ header: { kid: undefined } }))).toEqual(unknownKey);
});

it('API_ALGORITHMS=ES256 → an ES256 token is accepted and an RS256 one refused', async () => {
  const api = await useApi({ algorithms: ['ES256'] });
  const ecKey = await createSigningKey('ec-1', 'ES256');
  api.jwks.setKeys([ecKey.publicJwk, api.key.publicJwk]);
  const ecToken = await mintAccessToken(ecKey, { issuer: ISSUER, audience: AUDIENCE });
  expect(await api.call(ecToken)).toEqual(EXTERNAL_OK);
  expect(await api.call(await api.token())).toEqual(refused.invalidToken('The access token algorithm is not accepted'));
});
