import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig } from '../../api/src/config.js';
import { listen, type Listening } from '../helpers/listen.js';
import { ALICE, BOB, startIdp, tokensFor, type IdpFixture } from '../idp/support/idp-fixture.js';
import { EXTERNAL_OK, refused, request } from './api-fixture.js';

// Interoperability with real tokens: the dev IdP's access and ID tokens against the API, with the
// API configured as in production (issuer and audience only; JWKS URI from the discovery document).

let idp: IdpFixture;
let api: Listening;
let alice: { access: string; id: string };
let bob: { access: string };

beforeAll(async () => {
  idp = await startIdp();
  const config = loadApiConfig({ ISSUER_BASE_URL: idp.issuer, AUDIENCE: idp.config.audience }, {});
  api = await listen(createApi(config, { logger: pino({ level: 'silent' }) }));
  const [aliceTokens, bobTokens] = [await tokensFor(idp, ALICE), await tokensFor(idp, BOB)];
  alice = { access: aliceTokens.tokens.access_token ?? '', id: aliceTokens.tokens.id_token ?? '' };
  bob = { access: bobTokens.tokens.access_token ?? '' };
});
afterAll(async () => {
  await api.close();
  await idp.close();
});

const call = (token: string, path = '/api/external') => request(`${api.url}${path}`, { authorization: `Bearer ${token}` });

it('Alice\'s access token → GET /api/external 200', async () => {
  expect(await call(alice.access)).toEqual(EXTERNAL_OK);
});

it('Alice\'s access token → GET /api/messages 200 (she has read:messages)', async () => {
  expect((await call(alice.access, '/api/messages')).status).toBe(200);
});

it('Alice\'s access token → GET /api/admin 403 insufficient_scope admin:messages', async () => {
  expect(await call(alice.access, '/api/admin')).toEqual(refused.insufficientScope('admin:messages'));
});

it('Bob\'s access token → GET /api/admin 200', async () => {
  expect((await call(bob.access, '/api/admin')).status).toBe(200);
});

it('Alice\'s ID token → 401 an ID token, not an access token', async () => {
  expect(await call(alice.id)).toEqual(refused.invalidToken('The token is an ID token, not an access token'));
});

it('the API with REQUIRE_AT_JWT=true → Alice\'s access token (typ at+jwt) still 200', async () => {
  const strict = await listen(createApi(loadApiConfig({ ISSUER_BASE_URL: idp.issuer, AUDIENCE: idp.config.audience, REQUIRE_AT_JWT: 'true' }, {}), { logger: pino({ level: 'silent' }) }));
  try {
    expect(await request(`${strict.url}/api/external`, { authorization: `Bearer ${alice.access}` })).toEqual(EXTERNAL_OK);
  } finally {
    await strict.close();
  }
});
