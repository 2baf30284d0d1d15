import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBff } from '../../bff/src/app.js';
import type { SessionBackend } from '../../bff/src/session/session-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { createRedisBackend } from '../../bff/src/session/redis-backend.js';
import { createSqliteBackend } from '../../bff/src/session/sqlite-backend.js';
import { listen } from '../helpers/listen.js';
import { redisServerAvailable, startRedisServer } from '../helpers/redis-server.js';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';

const OLD = 'the-secret-before-the-rotation-0123456789abcdef';
const NEW = 'the-secret-after-the-rotation-fedcba9876543210';

type Store = { backend: SessionBackend; close(): Promise<void> };
const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => ({ backend: createMemoryBackend(), close: async () => undefined })],
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bff-rotation-'));
      const backend = createSqliteBackend({ file: join(dir, 'sessions.db') });
      return { backend, close: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
if (redisServerAvailable()) {
  stores.push([
    'Redis',
    async () => {
      const redis = await startRedisServer();
      const backend = await createRedisBackend({ url: redis.url });
      return { backend, close: () => redis.stop() };
    },
  ]);
}

describe.each(stores)('SESSION_SECRET rotation on %s', (_, openStore) => {
  let stack: Stack;
  let store: Store;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await stack.close();
    await store.close();
  });

  /** Another BFF on the same store and clock with these secrets, as after a restart with a new SESSION_SECRET. */
  async function bffWith(secrets: string[]) {
    const bff = await createBff({ ...stack.bffConfig, sessionSecrets: secrets }, { backend: store.backend, clock: stack.clock.now });
    const server = await listen(bff.app);
    closers.push(() => server.close());
    const call = (cookie: string) => fetch(`${server.url}/api/external`, { headers: { cookie: `bff_session=${cookie}`, 'x-csrf': '1' } });
    return { call };
  }
  const rowUnder = async (secret: string, sessionId: string) =>
    (await createSessionStore(store.backend, createSessionCrypto(secret)).load(sessionId, 0)) !== undefined;

  it('a new secret prepended → the old cookie works, its row moves to the new secret and the cookie is signed anew; the old secret removed → the old cookie is refused', async () => {
    store = await openStore();
    stack = await startStack({ backend: store.backend, bffEnv: { SESSION_SECRET: OLD } });
    const { browser } = await stack.loggedIn(ALICE);
    const oldCookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? '';
    const sessionId = oldCookie.split('.')[0] ?? '';
    expect([await rowUnder(OLD, sessionId), await rowUnder(NEW, sessionId)]).toEqual([true, false]);

    const rotated = await bffWith([NEW, OLD]);
    const first = await rotated.call(oldCookie);
    expect(first.status).toBe(200);
    expect([await rowUnder(OLD, sessionId), await rowUnder(NEW, sessionId)]).toEqual([false, true]);
    const newCookie = /^bff_session=([^;]+)/.exec(first.headers.getSetCookie().join())?.[1] ?? '';
    expect(newCookie).toMatch(new RegExp(`^${sessionId}\\.`));
    expect(newCookie).not.toBe(oldCookie);
    // Until the old secret goes, a browser that missed the new cookie still gets in.
    expect((await rotated.call(oldCookie)).status).toBe(200);

    const retired = await bffWith([NEW]);
    expect((await retired.call(oldCookie)).status).toBe(401);
    expect((await retired.call(newCookie)).status).toBe(200);
  });

  it('a session never used during the rotation → refused once the old secret is removed', async () => {
    store = await openStore();
    stack = await startStack({ backend: store.backend, bffEnv: { SESSION_SECRET: OLD } });
    const { browser } = await stack.loggedIn(ALICE);
    const oldCookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? '';
    expect((await (await bffWith([NEW])).call(oldCookie)).status).toBe(401);
  });

  it('a logout during the rotation → the old cookie cannot bring the session back', async () => {
    store = await openStore();
    stack = await startStack({ backend: store.backend, bffEnv: { SESSION_SECRET: OLD } });
    const { browser } = await stack.loggedIn(ALICE);
    const oldCookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? '';
    const logoutUrl = (JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { logoutUrl: string }).logoutUrl;
    await browser.request(`${stack.urls.bff}${logoutUrl}`, { follow: false });
    expect((await (await bffWith([NEW, OLD])).call(oldCookie)).status).toBe(401);
  });
});
