import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend } from '../../bff/src/session/redis-backend.js';
import type { SessionBackend } from '../../bff/src/session/session-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { createSqliteBackend } from '../../bff/src/session/sqlite-backend.js';
import { benchSession, fillStores, redisTarget, sealSessions, sqliteTarget, type FillTarget, type SessionSeed } from '../../scripts/bench/fill-store.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';

// The bench's fast fill must store sessions the BFF itself would find, open and end: rows made by
// the BFF's own session store, written in bulk. If the BFF's schema or keys change, these fail.

const SECRET = 'the-bench-session-secret-0123456789abcdef';
const now = Math.floor(Date.now() / 1000);
const seeds: SessionSeed[] = [0, 1, 2].map((i) => benchSession(i, now));

/** The stored sessions as the BFF sees them through its own store on `backend`. */
async function asTheBffSees(backend: SessionBackend) {
  const store = createSessionStore(backend, createSessionCrypto(SECRET));
  const loaded = await Promise.all(seeds.map((seed) => store.load(seed.id, 0)));
  return { store, loaded };
}

function fillTests(open: () => Promise<{ target: () => Promise<FillTarget>; backend: () => Promise<SessionBackend> }>) {
  let backend: SessionBackend;
  beforeAll(async () => {
    const opened = await open();
    const target = await opened.target();
    await target.write(await sealSessions(SECRET, seeds));
    await target.close();
    backend = await opened.backend();
  });
  afterAll(() => backend?.close());

  it('each filled session → opened by the BFF\'s store with its id, its tokens and times intact', async () => {
    const { loaded } = await asTheBffSees(backend);
    expect(loaded.map((found) => found?.data.sub)).toEqual(['bench-user-0', 'bench-user-1', 'bench-user-2']);
    expect(loaded[1]?.data.access_token).toBe(seeds[1]?.data.access_token);
    expect(loaded[1]?.times).toEqual(seeds[1]?.times);
  });

  it('a filled session → listed among its user\'s sessions, with its sealed metadata (your sessions)', async () => {
    const { store } = await asTheBffSees(backend);
    expect(await store.listBySubject('bench-user-2')).toMatchObject([{ handle: seeds[2]?.data.handle, device: 'Firefox on Linux' }]);
  });

  it('a filled session → ended by a back-channel logout by its IdP session (the sid index)', async () => {
    const { store } = await asTheBffSees(backend);
    expect(await store.destroyByIdpSession('bench-idp-session-0')).toBe(1);
    expect(await store.load(seeds[0]?.id ?? '', 0)).toBeUndefined();
  });

  it('the store read with another secret → nothing opens (the rows are sealed, not just stored)', async () => {
    const other = createSessionStore(backend, createSessionCrypto(`${SECRET}-other`));
    expect(await other.load(seeds[1]?.id ?? '', 0)).toBeUndefined();
  });
}

describe('the bench fill, SQLite (one transaction per chunk, the backend\'s schema)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fill-'));
  const file = join(dir, 'sessions.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  fillTests(async () => ({ target: () => sqliteTarget(file), backend: async () => createSqliteBackend({ file }) }));

  it('fillStores with 12 sessions in chunks of 5 → 12 rows and an index row by sub and by sid for each', async () => {
    const other = join(dir, 'counted.db');
    const target = await sqliteTarget(other);
    await fillStores({ secret: SECRET, count: 12, targets: [target], chunk: 5 });
    await target.close();
    const db = new Database(other, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect([count('SELECT count(*) AS n FROM session_rows'), count('SELECT count(*) AS n FROM session_index')]).toEqual([12, 24]);
    db.close();
  });
});

describeWithRedis('the bench fill, Redis (the BFF\'s backend, pipelined)', () => {
  let redis: RedisProcess;
  afterAll(() => redis?.stop());
  fillTests(async () => {
    redis = await startRedisServer();
    return { target: () => redisTarget(redis.url), backend: () => createRedisBackend({ url: redis.url }) };
  });
});

describe('bench sessions', () => {
  it('each → a fresh random 256-bit id, its own user and IdP session, token sizes of a real login', () => {
    const [a, b] = [benchSession(7, now), benchSession(8, now)];
    expect(Buffer.from(a.id, 'base64url')).toHaveLength(32);
    expect(a.id).not.toBe(b.id);
    expect([a.data.sub, a.data.sid]).toEqual(['bench-user-7', 'bench-idp-session-7']);
    expect(a.data.id_token?.length).toBeGreaterThan(800);
  });
});
