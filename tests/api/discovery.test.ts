import { expect, it, onTestFinished, vi } from 'vitest';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig, type ApiConfig } from '../../api/src/config.js';
import { listen } from '../helpers/listen.js';
import { createSigningKey, mintAccessToken } from '../helpers/tokens.js';
import { AUDIENCE, captureLogs, EXTERNAL_OK, refused, request } from './api-fixture.js';
import { DISCOVERY_PATH, JWKS_PATH, json, startProviderDocuments } from './provider-documents.js';

// Where the keys come from without JWKS_URI: `jwks_uri` of the provider's discovery document, read
// once and only again after a failure; a document for another issuer is refused; every failure
// is logged with the URL and the reason, and the API answers 503 meanwhile.

type Options = { issuerInDocument?: (url: string) => string; env?: Record<string, string>; config?: Partial<ApiConfig> };

async function useDiscoveringApi(options: Options = {}) {
  const key = await createSigningKey('key-1');
  const docs = await startProviderDocuments([key.publicJwk], options.issuerInDocument ?? ((url) => `${url}/`));
  const issuer = `${docs.url}/`;
  const { logger, lines } = captureLogs();
  const config = { ...loadApiConfig({ ISSUER_BASE_URL: issuer, AUDIENCE, ...options.env }, {}), ...options.config };
  const api = await listen(createApi(config, { logger }));
  onTestFinished(async () => {
    await api.close();
    await docs.close();
  });
  const token = await mintAccessToken(key, { issuer, audience: AUDIENCE });
  return {
    docs,
    token,
    call: () => request(`${api.url}/api/external`, { authorization: `Bearer ${token}` }),
    /** The warnings logged so far, as parsed pino lines. */
    warnings: () => lines.map((line) => JSON.parse(line) as { level: number; msg: string; url?: string; reason?: string })
      .filter((line) => line.level === 40 && line.url !== undefined),
  };
}

it('no JWKS_URI → keys from the discovery document\'s jwks_uri (not /.well-known/jwks.json, an HTML page here) → 200', async () => {
  const api = await useDiscoveringApi();
  expect(await api.call()).toEqual(EXTERNAL_OK);
  expect([api.docs.hits[DISCOVERY_PATH], api.docs.hits[JWKS_PATH], api.docs.hits['/.well-known/jwks.json']]).toEqual([1, 1, undefined]);
});

it('20 calls and two background key refreshes → the discovery document read once', async () => {
  const api = await useDiscoveringApi({ config: { jwksCacheMaxAgeMs: 20, jwksCooldownMs: 0 } });
  for (let i = 0; i < 20; i += 1) {
    expect(await api.call()).toEqual(EXTERNAL_OK);
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
  }
  await vi.waitFor(() => expect(api.docs.hits[JWKS_PATH]).toBeGreaterThanOrEqual(2));
  expect(api.docs.hits[DISCOVERY_PATH]).toBe(1);
});

it('10 concurrent first calls → one discovery fetch, one JWKS fetch', async () => {
  const api = await useDiscoveringApi();
  const replies = await Promise.all(Array.from({ length: 10 }, () => api.call()));
  expect([replies.every((reply) => reply.status === 200), api.docs.hits[DISCOVERY_PATH], api.docs.hits[JWKS_PATH]]).toEqual([true, 1, 1]);
});

it('JWKS_URI set → the discovery document is never fetched', async () => {
  const probe = await startProviderDocuments([], (url) => url);
  const api = await useDiscoveringApi({ env: { JWKS_URI: `${probe.url}${JWKS_PATH}` } });
  await probe.close();
  api.docs.answer(DISCOVERY_PATH, json({}, 500));
  // The key set the override names holds no key: the call fails, and discovery stays untouched.
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.docs.hits[DISCOVERY_PATH]).toBeUndefined();
});

it('JWKS_URI pointing at LemonLDAP\'s /.well-known/jwks.json HTML page → 503, logged with the URL and "text/html, not JSON"', async () => {
  const docs = await startProviderDocuments([], (url) => `${url}/`);
  onTestFinished(() => docs.close());
  const api = await useDiscoveringApi({ env: { JWKS_URI: `${docs.url}/.well-known/jwks.json` } });
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()).toEqual([expect.objectContaining({
    msg: `JWKS fetch failed: ${docs.url}/.well-known/jwks.json: the response is text/html; charset=utf-8, not JSON`,
    url: `${docs.url}/.well-known/jwks.json`,
  })]);
});

it('a discovery document naming another issuer (no trailing slash) → 503, logged with both issuers and the setting', async () => {
  const api = await useDiscoveringApi({ issuerInDocument: (url) => url });
  expect(await api.call()).toEqual(refused.keysUnavailable);
  const [warning] = api.warnings();
  expect(warning?.reason).toBe(`the document's issuer "${api.docs.url}" is not the configured issuer "${api.docs.url}/"; `
    + 'set ISSUER_BASE_URL to exactly the provider\'s issuer (mind the trailing slash)');
  expect([warning?.url, warning?.msg.startsWith('OpenID discovery failed: '), api.docs.hits[JWKS_PATH]])
    .toEqual([api.docs.discoveryUrl, true, undefined]);
});

it.each([
  ['a 404', json({ error: 'not found' }, 404), 'HTTP 404 (application/json)'],
  ['an HTML page', { status: 200, contentType: 'text/html', body: '<html>login</html>' }, 'the response is text/html, not JSON'],
  ['broken JSON', { status: 200, contentType: 'application/json', body: '{"issuer":' }, 'the body is not valid JSON'],
  ['a JSON array', json([]), 'the discovery document is not a JSON object'],
])('discovery answering %s → 503, logged with the discovery URL and the reason', async (_name, answer, reason) => {
  const api = await useDiscoveringApi();
  api.docs.answer(DISCOVERY_PATH, answer);
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()).toEqual([expect.objectContaining({ url: api.docs.discoveryUrl, reason })]);
});

it('a discovery document without jwks_uri → 503, logged naming JWKS_URI as the fix', async () => {
  const api = await useDiscoveringApi();
  api.docs.discovery({ jwks_uri: undefined });
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()[0]?.reason).toBe('the document has no http(s) jwks_uri (got undefined); set JWKS_URI to the provider\'s key set');
});

it('the provider refusing connections → 503, logged "connection refused"; back after the cooldown → 200 without a restart', async () => {
  const api = await useDiscoveringApi({ config: { jwksCooldownMs: 100 } });
  await api.docs.stop();
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()[0]).toEqual(expect.objectContaining({ url: api.docs.discoveryUrl, reason: 'connection refused' }));
  await api.docs.start();
  await vi.waitFor(async () => expect(await api.call()).toEqual(EXTERNAL_OK));
});

it('a JWKS that never answers → 503 after API_JWKS_TIMEOUT, logged "no answer within … ms" with the JWKS URL', async () => {
  const api = await useDiscoveringApi({ config: { jwksTimeoutMs: 200 } });
  api.docs.answer(JWKS_PATH, 'hang');
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()).toEqual([expect.objectContaining({ url: api.docs.jwksUri, reason: 'no answer within 200 ms' })]);
});

it('a JWKS answering 500 → 503, logged with the JWKS URL and the status', async () => {
  const api = await useDiscoveringApi();
  api.docs.answer(JWKS_PATH, { status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
  expect(await api.call()).toEqual(refused.keysUnavailable);
  expect(api.warnings()).toEqual([expect.objectContaining({ url: api.docs.jwksUri, reason: 'HTTP 500 (text/plain)' })]);
});

it('keys moved (the old jwks_uri fails, discovery names a new one) → the document is read again after the failure → 200', async () => {
  const api = await useDiscoveringApi({ config: { jwksCooldownMs: 50 } });
  const keys = await (await fetch(api.docs.jwksUri)).text();
  api.docs.answer(JWKS_PATH, json({ error: 'gone' }, 404));
  expect(await api.call()).toEqual(refused.keysUnavailable);
  api.docs.answer('/keys/v2', { status: 200, contentType: 'application/json', body: keys });
  api.docs.discovery({ jwks_uri: `${api.docs.url}/keys/v2` });
  await vi.waitFor(async () => expect(await api.call()).toEqual(EXTERNAL_OK));
  expect(api.docs.hits[DISCOVERY_PATH]).toBe(2);
});
