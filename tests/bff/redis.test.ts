import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Browser } from '../helpers/http-client.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function userOf(browser: Browser, url: string) {
  const page = await browser.get(`${url}/auth/user`);
  return { status: page.status, body: page.status === 200 ? (JSON.parse(page.body) as { logoutUrl: string }) : undefined };
}

describeWithRedis('two BFF instances on one Redis', () => {
  let redis: RedisProcess;
  let stack: Stack;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-redis-'));
    redis = await startRedisServer({ persistIn: dir });
  });
  afterEach(async () => {
    await stack.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (options: Parameters<typeof startStack>[0] = {}) =>
    startStack({ ...options, bffEnv: { SESSION_STORE_URL: redis.url } });

  it('login on A → the API call through B works', async () => {
    stack = await start();
    const b = await stack.addInstance();
    const { browser } = await stack.loggedIn(ALICE);
    expect((await callApi(browser, b.url)).status).toBe(200);
  });

  it('logout on B → A refuses the cookie', async () => {
    stack = await start();
    const b = await stack.addInstance();
    const { browser } = await stack.loggedIn(ALICE);
    const cookie = await browser.jar.getCookieString(stack.urls.bff);
    const { body } = await userOf(browser, b.url);
    await browser.request(`${b.url}${body?.logoutUrl}`, { follow: false });
    const replay = await fetch(`${stack.urls.bff}/api/external`, { headers: { cookie, 'x-csrf': '1' } });
    expect(replay.status).toBe(401);
  });

  it('back-channel logout received by A → B refuses the session', async () => {
    stack = await start();
    const b = await stack.addInstance();
    const { browser } = await stack.loggedIn(ALICE);
    const idToken = String((await stack.storedSession(browser))?.data.id_token);
    const { sub, sid } = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; sid: string };
    await (await stack.idp.provider.Client.find('bff-demo'))?.backchannelLogout(sub, sid);
    expect((await callApi(browser, b.url)).status).toBe(401);
  });

  it('20 parallel calls at expiry spread over A and B → exactly one refresh at the IdP, no failure', async () => {
    stack = await start({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0 } });
    const b = await stack.addInstance();
    const { browser } = await stack.loggedIn(ALICE);
    stack.clock.advance(301);
    const urls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? stack.urls.bff : b.url));
    const pages = await Promise.all(urls.map((url) => callApi(browser, url)));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(stack.counts.refreshGrants).toBe(1);
  });

  it('Redis down → 503 JSON and the cookie kept; Redis back → the same session works again', async () => {
    stack = await start();
    const { browser } = await stack.loggedIn(ALICE);
    await redis.stop();
    const during = await callApi(browser, stack.urls.bff);
    expect(during.status).toBe(503);
    expect(JSON.parse(during.body)).toMatchObject({ error: 'session_store_unavailable' });
    expect(during.headers.getSetCookie().join()).not.toContain('bff_session');
    const ready = await fetch(`${stack.urls.bff}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { store: 'unavailable' } });
    expect((await fetch(`${stack.urls.bff}/healthz`)).status).toBe(200);

    await redis.start();
    for (let i = 0; i < 100 && (await fetch(`${stack.urls.bff}/readyz`)).status !== 200; i += 1) await sleep(100);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });
});
