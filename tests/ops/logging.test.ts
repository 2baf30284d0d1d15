import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { createLogger } from '../../bff/src/observability/logger.js';
import type { Browser } from '../helpers/http-client.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from './support/log-capture.js';

async function subOf(stack: Stack, browser: Browser): Promise<string> {
  return (JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { user: { sub: string } }).user.sub;
}

describe('request log', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
  });
  afterAll(() => stack.close());

  it('a logged-in API call → one JSON line with request id, method, path, status, latency and the sub', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const sub = await subOf(stack, browser);
    const page = await callApi(browser, stack.urls.bff, '/api/external?q=1');
    const line = logs.requests('/api/external').at(-1);
    expect(line).toMatchObject({ service: 'bff', req: { id: page.headers.get('x-request-id'), method: 'GET', path: '/api/external' }, res: { statusCode: 200 }, sub });
    expect(line?.responseTime).toEqual(expect.any(Number));
  });

  it('an anonymous request → logged without a sub', async () => {
    await fetch(`${stack.urls.bff}/auth/user`);
    expect(logs.requests('/auth/user').at(-1)).not.toHaveProperty('sub');
  });

  it('a well-formed X-Request-Id from the edge → kept in the log, the response and the API call', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'x-request-id': 'edge-42.a' });
    expect(page.headers.get('x-request-id')).toBe('edge-42.a');
    expect(logs.requests('/api/external').at(-1)?.req).toMatchObject({ id: 'edge-42.a' });
    expect(stack.apiRequests.at(-1)?.headers['x-request-id']).toBe('edge-42.a');
  });

  it('an X-Request-Id that could forge a log line → replaced by a fresh id', async () => {
    const response = await fetch(`${stack.urls.bff}/healthz`, { headers: { 'x-request-id': 'a"}\t{"level":60' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('health probes → logged at debug, other requests at info', async () => {
    await fetch(`${stack.urls.bff}/healthz`);
    expect(logs.requests('/healthz').at(-1)?.level).toBe(20);
    await fetch(`${stack.urls.bff}/auth/user`);
    expect(logs.requests('/auth/user').at(-1)?.level).toBe(30);
  });
});

describe('secrets in logs', () => {
  it('an object with a cookie header, tokens or a client secret, logged by any code → [redacted]', () => {
    let text = '';
    const logger = createLogger('info', { write: (chunk: string) => void (text += chunk) });
    logger.info({
      req: { headers: { cookie: 'bff_session=s3cr3t', authorization: 'Bearer t0k3n', 'x-csrf': '1' } },
      res: { headers: { 'set-cookie': 'bff_session=s3cr3t' } },
      tokens: { access_token: 'at-value', refresh_token: 'rt-value', id_token: 'it-value' },
      client: { client_secret: 'cs-value' },
    });
    for (const secret of ['s3cr3t', 't0k3n', 'at-value', 'rt-value', 'it-value', 'cs-value']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('login, calls, refresh, a timeout, a replayed callback, logout → no token, cookie, secret, code, state or logout id in any line', async () => {
    const logs = captureLogs('trace');
    const stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0, apiTimeoutMs: 500 }, bffDeps: { logger: logs.logger } });
    try {
      const { browser, landing } = await stack.loggedIn(ALICE);
      const callback = new URL(landing.redirects.find((url) => url.includes('/auth/callback')) ?? '');
      const secrets: unknown[] = [DEV_CLIENT_SECRET, DEV_SESSION_SECRET, callback.searchParams.get('code'), callback.searchParams.get('state')];
      const first = await stack.storedSession(browser);
      secrets.push(first?.data.access_token, first?.data.refresh_token, first?.data.id_token, first?.sessionId);
      for (const origin of [stack.urls.bff, stack.urls.idp]) for (const cookie of await browser.cookies(origin)) secrets.push(cookie.value);

      await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', authorization: 'Bearer forged-by-the-browser' });
      await callApi(browser, stack.urls.bff, '/api/external', {});
      await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'x-test-delay-ms': '1000' });
      stack.clock.advance(301);
      expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
      const refreshed = await stack.storedSession(browser);
      secrets.push(refreshed?.data.access_token, refreshed?.data.refresh_token, refreshed?.data.id_token, refreshed?.data.lid);
      await browser.get(callback.toString());
      const { logoutUrl } = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { logoutUrl: string };
      await browser.request(`${stack.urls.bff}${logoutUrl}`, { follow: false });

      expect(logs.requests('/auth/callback').length).toBeGreaterThan(0);
      expect(logs.lines.some((line) => line.level >= 50)).toBe(true); // the timeout's error line was written
      const text = logs.text();
      for (const secret of secrets) {
        expect(secret, 'a secret to look for').toEqual(expect.any(String));
        expect(text).not.toContain(secret as string);
      }
      expect(text).not.toContain('forged-by-the-browser');
    } finally {
      await stack.close();
    }
  });
});
