import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBrowser } from '../helpers/http-client.js';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { ALICE, BOB, callApi, countingBackend, login, startStack, type Stack } from '../helpers/stack.js';

describe('sessions', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('SQLite store file after login → holds no token, no ID token claim and no cookie value', async () => {
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: 'sqlite:sessions.db' } });
    const { browser } = await stack.loggedIn(ALICE);
    const stored = await stack.storedSession(browser);
    const cookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session');
    const sessionId = stored?.sessionId ?? 'missing';
    const files = readdirSync(stack.dataDir).filter((f) => f.startsWith('sessions.db'));
    const bytes = files.map((f) => readFileSync(join(stack.dataDir, f)).toString('latin1')).join('');
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [stored?.data.access_token, stored?.data.refresh_token, stored?.data.id_token, sessionId, cookie?.value]) {
      expect(typeof secret).toBe('string');
      expect(bytes).not.toContain(secret);
    }
    expect(bytes).not.toContain('access_token');
    expect(bytes).not.toContain(ALICE.email);
  });

  it('BFF restart on the SQLite store → the session still works', async () => {
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: 'sqlite:sessions.db' } });
    const { browser } = await stack.loggedIn(ALICE);
    await stack.restartBff();
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('a second BFF on the same SQLite file → it refuses to start, naming SESSION_STORE_URL and Redis; the first one still works', async () => {
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: 'sqlite:sessions.db' } });
    const { browser } = await stack.loggedIn(ALICE);
    const second = stack.addInstance();
    await expect(second).rejects.toThrow(/SESSION_STORE_URL: .*sessions\.db is in use by another BFF process.*redis:\/\//s);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('a second login in the same browser → a new session id; the old cookie is dead', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const before = await browser.jar.getCookieString(stack.urls.bff);
    await login(browser, stack.urls.bff, ALICE);
    const after = await browser.jar.getCookieString(stack.urls.bff);
    expect(after).not.toBe(before);
    const replay = await fetch(`${stack.urls.bff}/auth/user`, { headers: { cookie: before } });
    expect(replay.status).toBe(401);
  });

  it('a session id planted before login → not the id after login', async () => {
    stack = await startStack();
    const browser = createBrowser();
    await browser.jar.setCookie('bff_session=planted-by-attacker', stack.urls.bff);
    await login(browser, stack.urls.bff, BOB);
    const cookie = await browser.jar.getCookieString(stack.urls.bff);
    expect(cookie).not.toContain('planted-by-attacker');
    expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(200);
  });

  it('a forged cookie (valid shape, wrong signature) → 401, no session', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const stored = await stack.storedSession(browser);
    const forged = `bff_session=${stored?.sessionId}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    const response = await fetch(`${stack.urls.bff}/auth/user`, { headers: { cookie: forged } });
    expect(response.status).toBe(401);
  });

  it('the bare session id sent as a chunk cookie (bff_session.0) → 401, the signature is still required', async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    const stored = await stack.storedSession(browser);
    const response = await fetch(`${stack.urls.bff}/auth/user`, { headers: { cookie: `bff_session.0=${stored?.sessionId}` } });
    expect(response.status).toBe(401);
  });

  it('idle for less than the idle timeout → 200; longer → 401 session_expired on the next call', async () => {
    stack = await startStack({ bff: { idleTimeoutSeconds: 600, touchIntervalSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    stack.clock.advance(590);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    stack.clock.advance(601);
    const page = await callApi(browser, stack.urls.bff);
    expect([page.status, JSON.parse(page.body).error]).toEqual([401, 'session_expired']);
  });

  it('active past the absolute lifetime → 401 although never idle', async () => {
    stack = await startStack({ bff: { idleTimeoutSeconds: 600, absoluteTimeoutSeconds: 3600, touchIntervalSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    for (let i = 0; i < 6; i += 1) {
      expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
      stack.clock.advance(590);
    }
    stack.clock.advance(100);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(401);
  });

  it('GET /auth/user?slide=false → the stored idle expiry does not move', async () => {
    stack = await startStack({ bff: { touchIntervalSeconds: 0 } });
    const { browser } = await stack.loggedIn(ALICE);
    const before = await stack.storedSession(browser);
    stack.clock.advance(10);
    expect((await browser.get(`${stack.urls.bff}/auth/user?slide=false`)).status).toBe(200);
    expect((await stack.storedSession(browser))?.header?.uat).toBe(before?.header?.uat);
    await browser.get(`${stack.urls.bff}/auth/user`);
    expect((await stack.storedSession(browser))?.header?.uat).toBeGreaterThan(before?.header?.uat ?? Infinity);
  });

  it('an /api call after the touch interval → the cookie comes again, same value and attributes, Expires moved to now + idle timeout', async () => {
    stack = await startStack({ bff: { idleTimeoutSeconds: 600, touchIntervalSeconds: 60 } });
    const { browser } = await stack.loggedIn(ALICE);
    const cookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session');
    stack.clock.advance(60);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.status).toBe(200);
    const setCookie = page.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    const [pair, ...attributes] = (setCookie[0] ?? '').split('; ');
    expect(pair).toBe(`bff_session=${cookie?.value}`);
    expect(attributes.filter((a) => !a.startsWith('Expires=')).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Lax']);
    const expires = Date.parse(attributes.find((a) => a.startsWith('Expires='))?.slice('Expires='.length) ?? '');
    expect(Math.abs(expires - (stack.clock.now() + 600_000))).toBeLessThan(3000);
    // Within the interval: nothing to move, no cookie.
    expect((await callApi(browser, stack.urls.bff)).headers.getSetCookie()).toEqual([]);
  });

  it('requests within the touch interval → no store write at all', async () => {
    const backend = countingBackend(createMemoryBackend());
    stack = await startStack({ backend, bff: { touchIntervalSeconds: 60 } });
    const { browser } = await stack.loggedIn(ALICE);
    const before = backend.writes;
    for (let i = 0; i < 5; i += 1) expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(backend.writes - before).toBe(0);
  });
});
