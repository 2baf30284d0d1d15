import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceName } from '../../bff/src/auth/device-name.js';
import type { Browser } from '../helpers/http-client.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, BOB, callApi, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from '../ops/support/log-capture.js';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1';

type Listed = { id: string; createdAt: number; lastSeenAt: number; current: boolean; device: string };

async function listOf(browser: Browser, url: string): Promise<Listed[]> {
  const page = await browser.get(`${url}/auth/sessions`);
  expect(page.status).toBe(200);
  return (JSON.parse(page.body) as { sessions: Listed[] }).sessions;
}

function end(browser: Browser, url: string, id = '', headers: Record<string, string> = { 'x-csrf': '1' }) {
  return browser.request(`${url}/auth/sessions${id ? `/${id}` : ''}`, { method: 'DELETE', headers });
}

describe('your sessions', () => {
  const logs = captureLogs();
  let stack: Stack;
  afterEach(() => stack.close());

  it('two logins of one user → both listed, newest first, this device marked, device names from the User-Agent; no session id anywhere', async () => {
    stack = await startStack();
    const laptop = await stack.loggedIn(ALICE, '/', CHROME_LINUX);
    stack.clock.advance(5);
    const phone = await stack.loggedIn(ALICE, '/', SAFARI_IPHONE);
    const page = await phone.browser.get(`${stack.urls.bff}/auth/sessions`);
    const { sessions } = JSON.parse(page.body) as { sessions: Listed[] };
    expect(sessions.map((s) => [s.device, s.current])).toEqual([['Safari on iOS', true], ['Chrome on Linux', false]]);
    expect(sessions[0]?.createdAt).toBeGreaterThan(sessions[1]?.createdAt ?? Infinity);
    for (const browser of [laptop.browser, phone.browser]) {
      const value = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? 'missing';
      expect(page.body).not.toContain(value.split('.')[0]);
    }
    expect((await listOf(laptop.browser, stack.urls.bff)).find((s) => s.current)?.device).toBe('Chrome on Linux');
  });

  it('GET /auth/sessions?slide=false → the idle expiry does not move; without it, it does', async () => {
    stack = await startStack({ bff: { touchIntervalSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    const before = (await stack.storedSession(browser))?.header.uat;
    stack.clock.advance(10);
    await browser.get(`${stack.urls.bff}/auth/sessions?slide=false`);
    expect((await stack.storedSession(browser))?.header.uat).toBe(before);
    await browser.get(`${stack.urls.bff}/auth/sessions`);
    expect((await stack.storedSession(browser))?.header.uat).toBeGreaterThan(before ?? Infinity);
  });

  it('anonymous → 401 JSON', async () => {
    stack = await startStack();
    const response = await fetch(`${stack.urls.bff}/auth/sessions`);
    expect([response.status, (await response.json()).error]).toEqual([401, 'not_authenticated']);
  });

  it('ending another device\'s session → 204; its refresh token revoked; its next /api call 401 session_expired; this one lives on', async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
    const laptop = await stack.loggedIn(ALICE);
    const phone = await stack.loggedIn(ALICE);
    const other = (await listOf(phone.browser, stack.urls.bff)).find((s) => !s.current);
    const before = stack.counts.revocations;
    expect((await end(phone.browser, stack.urls.bff, other?.id)).status).toBe(204);
    expect(stack.counts.revocations).toBe(before + 1);
    const ended = await callApi(laptop.browser, stack.urls.bff);
    expect([ended.status, JSON.parse(ended.body).error]).toEqual([401, 'session_expired']);
    expect((await callApi(phone.browser, stack.urls.bff)).status).toBe(200);
    expect(logs.audit('session_ended').at(-1)).toMatchObject({ by: 'user', sub: expect.any(String) });
  });

  it('ending all other sessions → only this one is left', async () => {
    stack = await startStack();
    const others = [await stack.loggedIn(ALICE), await stack.loggedIn(ALICE)];
    const me = await stack.loggedIn(ALICE);
    expect((await end(me.browser, stack.urls.bff)).status).toBe(204);
    expect((await listOf(me.browser, stack.urls.bff)).map((s) => s.current)).toEqual([true]);
    for (const { browser } of others) expect((await callApi(browser, stack.urls.bff)).status).toBe(401);
  });

  it('another user\'s session handle → 404, nothing ended', async () => {
    stack = await startStack();
    const alice = await stack.loggedIn(ALICE);
    const bob = await stack.loggedIn(BOB);
    const bobs = (await listOf(bob.browser, stack.urls.bff))[0]?.id;
    expect((await end(alice.browser, stack.urls.bff, bobs)).status).toBe(404);
    expect((await callApi(bob.browser, stack.urls.bff)).status).toBe(200);
  });

  it.each([
    ['no X-CSRF header', {}],
    ['Sec-Fetch-Site: cross-site', { 'x-csrf': '1', 'sec-fetch-site': 'cross-site' }],
    ['a foreign Origin', { 'x-csrf': '1', origin: 'https://evil.example' }],
  ])('DELETE with %s → 403 csrf, nothing ended', async (_, headers) => {
    stack = await startStack();
    const laptop = await stack.loggedIn(ALICE);
    const phone = await stack.loggedIn(ALICE);
    const other = (await listOf(phone.browser, stack.urls.bff)).find((s) => !s.current);
    const one = await end(phone.browser, stack.urls.bff, other?.id, headers);
    const all = await end(phone.browser, stack.urls.bff, '', headers);
    expect([one.status, all.status, JSON.parse(one.body).error]).toEqual([403, 403, 'csrf']);
    expect((await callApi(laptop.browser, stack.urls.bff)).status).toBe(200);
  });

  it('eleven logins with SESSIONS_PER_USER=10 → the least recently used ends (refresh token revoked, audit), ten are left', async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
    const browsers: Browser[] = [];
    for (let i = 0; i < 10; i += 1) {
      browsers.push((await stack.loggedIn(ALICE)).browser);
      stack.clock.advance(61);
    }
    // The first one is in use again: the second is now the least recently used.
    expect((await callApi(browsers[0] as Browser, stack.urls.bff)).status).toBe(200);
    const revocations = stack.counts.revocations;
    const eleventh = await stack.loggedIn(ALICE);
    expect(await listOf(eleventh.browser, stack.urls.bff)).toHaveLength(10);
    expect((await callApi(browsers[1] as Browser, stack.urls.bff)).status).toBe(401);
    expect((await callApi(browsers[0] as Browser, stack.urls.bff)).status).toBe(200);
    expect(stack.counts.revocations).toBe(revocations + 1);
    expect(logs.audit('session_evicted').at(-1)).toMatchObject({ by: 'cap' });
  });

  it('the SQLite store after logins from two devices → no user agent, device name, handle, user or email in clear', async () => {
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: 'sqlite:sessions.db' } });
    await stack.loggedIn(ALICE, '/', CHROME_LINUX);
    const phone = await stack.loggedIn(ALICE, '/', SAFARI_IPHONE);
    const listed = await listOf(phone.browser, stack.urls.bff);
    const sub = (await stack.storedSession(phone.browser))?.data.sub ?? 'missing';
    const bytes = readdirSync(stack.dataDir)
      .filter((f) => f.startsWith('sessions.db'))
      .map((f) => readFileSync(join(stack.dataDir, f)).toString('latin1'))
      .join('');
    for (const clear of ['Chrome', 'iPhone', 'Safari on iOS', 'Linux', sub, ALICE.email, ...listed.map((s) => s.id)]) expect(bytes).not.toContain(clear);
  });
});

describe('device names', () => {
  it.each([
    [CHROME_LINUX, 'Chrome on Linux'],
    [SAFARI_IPHONE, 'Safari on iOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on macOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome on ChromeOS'],
    ['curl/8.5.0', 'An unknown browser'],
    [undefined, 'An unknown browser'],
  ])('%s → %s', (userAgent, name) => {
    expect(deviceName(userAgent)).toBe(name);
  });
});

describeWithRedis('your sessions across two instances on Redis', () => {
  let redis: RedisProcess;
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
    await redis.stop();
  });

  it('logins on A, listing and ending through B, the cap across both', async () => {
    redis = await startRedisServer();
    stack = await startStack({ bff: { sessionsPerUser: 3 }, bffEnv: { SESSION_STORE_URL: redis.url } });
    const b = await stack.addInstance();
    const first = await stack.loggedIn(ALICE);
    stack.clock.advance(61);
    const second = await stack.loggedIn(ALICE);
    stack.clock.advance(61);
    const listed = await listOf(second.browser, b.url);
    expect(listed).toHaveLength(2);
    const other = listed.find((s) => !s.current);
    expect((await end(second.browser, b.url, other?.id)).status).toBe(204);
    expect((await callApi(first.browser, stack.urls.bff)).status).toBe(401);
    // Cap of 3: four logins in all leave three.
    await stack.loggedIn(ALICE);
    stack.clock.advance(61);
    await stack.loggedIn(ALICE);
    stack.clock.advance(61);
    const last = await stack.loggedIn(ALICE);
    expect(await listOf(last.browser, b.url)).toHaveLength(3);
    expect((await callApi(second.browser, b.url)).status).toBe(401);
  });
});
