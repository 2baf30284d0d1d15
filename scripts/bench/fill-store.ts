import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { createRedisBackend } from '../../bff/src/session/redis-backend.js';
import { sealedTag, type SessionBackend, type StoredSession } from '../../bff/src/session/session-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore, type SessionData, type SessionTimes } from '../../bff/src/session/session-store.js';
import { createSqliteBackend, INSERT_SESSION_SQL } from '../../bff/src/session/sqlite-backend.js';

// Fills a store with many sessions fast, and honestly: every row is made by the BFF's own
// session store (createSessionStore().create: the data sealed under a key derived from the session
// id, the metadata sealed under the secret, the keyed row key, the index keys by sub and IdP sid).
// Only the writing is batched: through the BFF's Redis backend with many creates in flight
// (node-redis pipelines them), and into SQLite in one transaction per chunk with the backend's own
// statements (one transaction per login costs ~0.3 ms of commit: 5 minutes for a million).

export type SessionSeed = { id: string; data: SessionData; times: SessionTimes };
export type SealedRow = { key: string; value: StoredSession; indexKeys: readonly string[] };
export type FillTarget = { name: string; write(rows: readonly SealedRow[]): Promise<void>; close(): Promise<void> };

// The sizes of a login at the dev IdP (measured: ID token 1,392 characters, access token 717; its
// sealed row ~3.9 KB): a million of them weigh what a million real ones would.
const ID_TOKEN = `eyJ${randomBytes(1041).toString('base64url')}`;
const ACCESS_TOKEN = `eyJ${randomBytes(535).toString('base64url')}`;

/** Session number `i` as a login of user `bench-user-<i>` stores it, with a random 256-bit id. */
export function benchSession(i: number, now: number): SessionSeed {
  const user = `bench-user-${i}`;
  return {
    id: randomBytes(32).toString('base64url'),
    data: {
      sub: user,
      sid: `bench-idp-session-${i}`,
      lid: `lid-${i}`.padEnd(22, '0'),
      handle: `handle-${i}`.padEnd(22, '0'),
      device: 'Firefox on Linux',
      user: {
        sub: user, name: `Bench User ${i}`, given_name: 'Bench', family_name: `User ${i}`, nickname: user, email: `${user}@example.com`, email_verified: true,
        picture: `https://www.gravatar.com/avatar/${String(i).padStart(32, '0')}?s=200&d=identicon`, locale: 'en-GB', zoneinfo: 'Europe/London', updated_at: now - 86_400,
      },
      id_token: ID_TOKEN,
      access_token: ACCESS_TOKEN,
      refresh_token: `refresh-${i}`.padEnd(43, '0'),
      token_type: 'Bearer',
      expires_at: now + 3600,
      scope: 'openid profile email offline_access read:messages',
    },
    times: { iat: now, uat: now, exp: now + 3600 },
  };
}

/** Seals each seed as the BFF's session store does at login, under `secret`; nothing is written. */
export async function sealSessions(secret: string, seeds: Iterable<SessionSeed>): Promise<SealedRow[]> {
  const rows: SealedRow[] = [];
  const capture: SessionBackend = {
    ...unusedBackend,
    create: async (key, value, indexKeys) => void rows.push({ key, value, indexKeys }),
  };
  const store = createSessionStore(capture, createSessionCrypto(secret));
  for (const seed of seeds) await store.create(seed.id, seed.data, seed.times);
  return rows;
}

/**
 * Writes `count` sessions (from `seedOf`) to every target, sealed once per chunk and written to
 * each: the same sessions in SQLite and in Redis.
 */
export async function fillStores(options: { secret: string; count: number; targets: readonly FillTarget[]; seedOf?: (i: number) => SessionSeed; chunk?: number; onProgress?: (done: number) => void }): Promise<void> {
  const { count, chunk = 5000 } = options;
  const now = Math.floor(Date.now() / 1000);
  const seedOf = options.seedOf ?? ((i: number) => benchSession(i, now));
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const seeds = Array.from({ length: end - start }, (_, n) => seedOf(start + n));
    const rows = await sealSessions(options.secret, seeds);
    for (const target of options.targets) await target.write(rows);
    options.onProgress?.(end);
  }
}

/**
 * A SQLite session file: created by the BFF's backend (its schema, WAL), closed, then filled
 * through a second connection with the backend's own insert statements, one transaction per
 * chunk. Must run before a BFF opens the file (the BFF holds it exclusively).
 */
export async function sqliteTarget(file: string): Promise<FillTarget> {
  await createSqliteBackend({ file }).close();
  const db = new Database(file);
  // A throw-away fill: no sync per transaction (the BFF's own connection syncs as configured).
  db.pragma('synchronous = OFF');
  const insert = db.prepare(INSERT_SESSION_SQL);
  const insertIndex = db.prepare('INSERT OR REPLACE INTO session_index (index_key, key, exp) VALUES (?, ?, ?)');
  const writeAll = db.transaction((rows: readonly SealedRow[]) => {
    for (const { key, value, indexKeys } of rows) {
      insert.run(key, value.iat, value.uat, value.exp, sealedTag(value.data), value.data, value.meta ?? null);
      for (const indexKey of indexKeys) insertIndex.run(indexKey, key, value.exp);
    }
  });
  return {
    name: 'sqlite',
    write: async (rows) => writeAll(rows),
    close: async () => {
      db.close();
    },
  };
}

/** A Redis store, written through the BFF's own Redis backend (its keys, hashes, index sets and expiries). */
export async function redisTarget(url: string): Promise<FillTarget> {
  const backend = await createRedisBackend({ url });
  await backend.ping();
  return {
    name: 'redis',
    // Creates issued together go out in one pipeline; each is still its own MULTI, as at login.
    write: async (rows) => {
      await Promise.all(rows.map(({ key, value, indexKeys }) => backend.create(key, value, indexKeys)));
    },
    close: () => backend.close(),
  };
}

const unused = () => Promise.reject(new Error('not used while sealing'));
const unusedBackend: SessionBackend = {
  kind: 'capture',
  get: unused,
  create: unused,
  update: unused,
  move: unused,
  touch: unused,
  destroy: unused,
  listIndexed: unused,
  destroyIndexed: unused,
  acquireLock: unused,
  releaseLock: unused,
  count: unused,
  ping: unused,
  available: () => true,
  close: async () => {},
};
