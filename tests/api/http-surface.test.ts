import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureLogs, EXTERNAL_OK, refused, request, startApi, useApi, type ApiFixture } from './api-fixture.js';

// Everything around the tokens: public and unknown routes, headers, CORS, logs.

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const NOT_FOUND = { status: 404, wwwAuthenticate: null, body: { error: 'not_found', error_description: 'No such route' } };

it('GET /healthz without a token → 200 ok', async () => {
  expect(await api.get('/healthz')).toEqual({ status: 200, wwwAuthenticate: null, body: { status: 'ok' } });
});

it('GET of an unknown route outside /api → 404 JSON', async () => {
  expect(await api.get('/nope')).toEqual(NOT_FOUND);
});

it('GET of an unknown /api route with a valid token → 404 JSON', async () => {
  expect(await api.call(await api.token(), '/api/nope')).toEqual(NOT_FOUND);
});

it('GET of an unknown /api route without a token → 401 (the whole mount is protected)', async () => {
  expect(await api.get('/api/nope')).toEqual(refused.missingToken());
});

it('GET /API/EXTERNAL (case variant) without a token → 401', async () => {
  expect(await api.get('/API/EXTERNAL')).toEqual(refused.missingToken());
});

it('POST /api/external with a valid token → 404 JSON', async () => {
  const reply = await request(`${api.url}/api/external`, { authorization: `Bearer ${await api.token()}` }, 'POST');
  expect(reply).toEqual(NOT_FOUND);
});

// express-jwt lets such a preflight through without verifying; verifyAccessToken refuses any
// request that reaches it without verified claims.
it.each([
  ['a forged token', 'abc.def.ghi'],
  ['a valid token', 'valid'],
])('a CORS preflight carrying %s → 401, never waved through', async (_name, token) => {
  const headers = {
    authorization: `Bearer ${token === 'valid' ? await api.token() : token}`,
    origin: 'https://evil.test',
    'access-control-request-method': 'GET',
    'access-control-request-headers': 'authorization',
  };
  expect(await request(`${api.url}/api/external`, headers, 'OPTIONS')).toEqual(refused.invalidToken('The access token is invalid'));
});

it('a cross-origin GET → no Access-Control-Allow-Origin (CORS off)', async () => {
  const response = await fetch(`${api.url}/api/external`, {
    headers: { origin: 'https://evil.test', authorization: `Bearer ${await api.token()}` },
  });
  expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([200, null]);
});

it('any response → nosniff, no-store, a deny-all CSP, no X-Powered-By', async () => {
  const { headers } = await fetch(`${api.url}/api/external`);
  expect({
    nosniff: headers.get('x-content-type-options'),
    cache: headers.get('cache-control'),
    csp: headers.get('content-security-policy'),
    frame: headers.get('x-frame-options'),
    poweredBy: headers.get('x-powered-by'),
  }).toEqual({ nosniff: 'nosniff', cache: 'no-store', csp: "default-src 'none';frame-ancestors 'none'", frame: 'DENY', poweredBy: null });
});

it('request logs → method, path and status, never the token or the query string', async () => {
  const { logger, lines } = captureLogs();
  const logged = await useApi({}, logger);
  const token = await logged.token();
  expect(await logged.get('/api/external?access_token=secret-in-query', { authorization: `Bearer ${token}` })).toEqual(EXTERNAL_OK);
  const log = lines.join('');
  expect([log.includes('"path":"/api/external"'), log.includes(token), log.includes('secret-in-query')]).toEqual([true, false, false]);
});
