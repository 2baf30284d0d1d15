import { expect, it, vi } from 'vitest';
import { listen } from '../helpers/listen.js';
import { createSigningKey, mintAccessToken } from '../helpers/tokens.js';
import { AUDIENCE, EXTERNAL_OK, ISSUER, refused, useApi } from './api-fixture.js';

// The IdP's JWKS going away: cached keys keep working, no usable key means 503 (the API's outage,
// not the client's fault), and the API recovers by itself once the JWKS answers again.

it('JWKS down after the keys were cached, cache past its max age → tokens still verify', async () => {
  const api = await useApi({ jwksCacheMaxAgeMs: 1, jwksCooldownMs: 0 });
  const token = await api.token();
  await api.call(token);
  await api.jwks.stop();
  expect(await api.call(token)).toEqual(EXTERNAL_OK);
  expect(await api.call(token)).toEqual(EXTERNAL_OK);
});

it('API started while the JWKS is down → 503 temporarily_unavailable JSON with Retry-After', async () => {
  const api = await useApi();
  await api.jwks.stop();
  const token = await api.token();
  expect(await api.call(token)).toEqual(refused.keysUnavailable);
  const response = await fetch(`${api.url}/api/external`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.headers.get('retry-after')).toMatch(/^(29|30)$/);
});

it.each([
  ['a 500', { status: 500, body: 'Internal Server Error' }],
  ['a 404', { status: 404, body: 'Not Found' }],
  ['invalid JSON', { status: 200, body: '{"keys": [' }],
  ['no keys', { status: 200, body: '{"keys": []}' }],
  ['only a symmetric key', { status: 200, body: '{"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "key-1"}]}' }],
])('JWKS answering %s and no key cached → 503', async (_name, failure) => {
  const api = await useApi();
  api.jwks.failWith(failure);
  expect(await api.call(await api.token())).toEqual(refused.keysUnavailable);
});

it('JWKS that never answers → 503 after the JWKS timeout', async () => {
  const silent = await listen(() => {});
  const api = await useApi({ jwksUri: `${silent.url}/jwks`, jwksTimeoutMs: 200 });
  try {
    expect(await api.call(await api.token())).toEqual(refused.keysUnavailable);
  } finally {
    await silent.close();
  }
});

it('JWKS back after an outage → the API verifies again after the cooldown, without a restart', async () => {
  const api = await useApi({ jwksCooldownMs: 100 });
  const token = await api.token();
  await api.jwks.stop();
  expect(await api.call(token)).toEqual(refused.keysUnavailable);
  await api.jwks.start();
  await vi.waitFor(async () => expect(await api.call(token)).toEqual(EXTERNAL_OK));
});

it('a token signed by a key not cached while the JWKS is down → 503, not 401', async () => {
  const api = await useApi({ jwksCooldownMs: 0 });
  await api.call(await api.token());
  await api.jwks.stop();
  const rotated = await mintAccessToken(await createSigningKey('key-2'), { issuer: ISSUER, audience: AUDIENCE });
  expect(await api.call(rotated)).toEqual(refused.keysUnavailable);
});
