import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import type { Browser } from '../helpers/http-client.js';
import { relisten } from './support/relisten.js';

const json = (body: string) => JSON.parse(body) as { error?: string };

describe('API slow or down', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ bff: { apiTimeoutMs: 500 } });
    ({ browser } = await stack.loggedIn(ALICE));
  });
  afterAll(() => stack.close());

  it('the API slower than API_TIMEOUT_MS → 504 JSON gateway_timeout', async () => {
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'x-test-delay-ms': '1500' });
    expect(page.status).toBe(504);
    expect(json(page.body)).toMatchObject({ error: 'gateway_timeout' });
  });

  it('the API down → 502 JSON bad_gateway; back up → 200 for the same session, no BFF restart', async () => {
    await stack.servers.api.close();
    try {
      const page = await callApi(browser, stack.urls.bff);
      expect(page.status).toBe(502);
      expect(page.headers.get('content-type')).toContain('application/json');
      expect(json(page.body)).toMatchObject({ error: 'bad_gateway' });
    } finally {
      await relisten(stack.servers.api);
    }
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });
});

describe('IdP unreachable when the BFF starts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await stack.servers.idp.close();
    await stack.restartBff(); // a BFF created while the IdP is down
  });
  afterAll(() => stack.close());

  it('the BFF starts and is live; /readyz 503 naming the issuer', async () => {
    expect((await fetch(`${stack.urls.bff}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.urls.bff}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { issuer: 'unavailable', store: 'ok', api: 'ok' } });
  });

  it('a browser opening /auth/login → 503 HTML page saying the identity provider cannot be reached', async () => {
    const response = await fetch(`${stack.urls.bff}/auth/login`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.text()).toContain('The identity provider cannot be reached');
  });

  it('the IdP comes back → /readyz 200 and a full login works, without restarting the BFF', async () => {
    await relisten(stack.servers.idp);
    expect((await fetch(`${stack.urls.bff}/readyz`)).status).toBe(200);
    const { browser, landing } = await stack.loggedIn(ALICE);
    expect(landing.url).toBe(`${stack.urls.bff}/`);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });
});

describe('IdP unreachable after login', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 } });
    ({ browser } = await stack.loggedIn(ALICE));
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200); // the API has the IdP's keys now
    await stack.servers.idp.close();
  });
  afterAll(() => stack.close());

  it('the IdP goes down → the logged-in user keeps calling the API with the current token', async () => {
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(200);
  });

  it('still down when the token needs a refresh → 503 JSON idp_unavailable, the session kept', async () => {
    stack.clock.advance(301);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(503);
    expect(json(page.body)).toMatchObject({ error: 'idp_unavailable' });
    expect(page.headers.get('set-cookie') ?? '').not.toMatch(/bff_session=;/);
    expect(await stack.storedSession(browser)).toBeDefined();
  });

  it('the IdP comes back → the same session refreshes and the call succeeds', async () => {
    await relisten(stack.servers.idp);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(stack.counts.refreshGrants).toBe(1);
  });
});

describe('session store failing for a moment', () => {
  const memory = createMemoryBackend();
  let failReads = false;
  const backend = { ...memory, get: (key: string) => (failReads ? Promise.reject(new Error('read timed out')) : memory.get(key)) };
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ backend });
  });
  afterAll(() => stack.close());

  it('one failed session read → 503 JSON, the cookie kept; the next call → 200 with the same session', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const cookieBefore = await browser.jar.getCookieString(stack.urls.bff);
    failReads = true;
    const during = await callApi(browser, stack.urls.bff);
    failReads = false;
    expect(during.status).toBe(503);
    expect(json(during.body)).toMatchObject({ error: 'session_store_unavailable' });
    expect(await browser.jar.getCookieString(stack.urls.bff)).toBe(cookieBefore);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });
});
