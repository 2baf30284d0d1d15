import { expect, it } from 'vitest';
import { createVerifiedTokens } from '../../api/src/verified-tokens.js';
import type { VerificationKey } from '../../api/src/jwks-key-store.js';
import { EXTERNAL_OK, useApi } from './api-fixture.js';

const key = {} as VerificationKey;
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

it('a remembered token, in time, its key current → its claims without a new check', () => {
  const cache = createVerifiedTokens({ maxEntries: 10, clockToleranceSeconds: 0, keyIsCurrent: () => true });
  cache.remember('t1', { sub: 'a', exp: inSeconds(60) }, key);
  expect(cache.get('t1')).toMatchObject({ sub: 'a' });
});

it('a remembered token past exp → not served (the full check answers "expired")', () => {
  const cache = createVerifiedTokens({ maxEntries: 10, clockToleranceSeconds: 0, keyIsCurrent: () => true });
  cache.remember('t1', { exp: inSeconds(-1) }, key);
  expect(cache.get('t1')).toBeUndefined();
});

it('a remembered token before its nbf → not served', () => {
  const cache = createVerifiedTokens({ maxEntries: 10, clockToleranceSeconds: 0, keyIsCurrent: () => true });
  cache.remember('t1', { exp: inSeconds(60), nbf: inSeconds(30) }, key);
  expect(cache.get('t1')).toBeUndefined();
});

it('a remembered token whose key left the JWKS → not served', () => {
  let current = true;
  const cache = createVerifiedTokens({ maxEntries: 10, clockToleranceSeconds: 0, keyIsCurrent: () => current });
  cache.remember('t1', { exp: inSeconds(60) }, key);
  current = false;
  expect(cache.get('t1')).toBeUndefined();
});

it('more tokens than the bound → the oldest is forgotten', () => {
  const cache = createVerifiedTokens({ maxEntries: 2, clockToleranceSeconds: 0, keyIsCurrent: () => true });
  for (const token of ['t1', 't2', 't3']) cache.remember(token, { exp: inSeconds(60) }, key);
  expect([cache.get('t1'), cache.get('t2'), cache.get('t3')].map(Boolean)).toEqual([false, true, true]);
});

it('a token accepted once, used again after it expired → 401 expired', async () => {
  const api = await useApi({ clockToleranceSeconds: 0 });
  const token = await api.token({ expiresInSeconds: 1 });
  expect(await api.call(token)).toEqual(EXTERNAL_OK);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const reply = await api.call(token);
  expect(reply.status).toBe(401);
  expect(reply.wwwAuthenticate).toContain('The access token expired');
});
