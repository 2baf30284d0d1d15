import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sealedTag, type SessionBackend, type StoredSession } from './session-backend.js';
import { createHotRows } from './hot-rows.js';
import { createLocalCounters } from './local-counters.js';
import { createLocalLocks } from './local-locks.js';

// The table of the BFF's own session format. `sessions`, the table of the format before the BFF
// owned its cookie, held sessions no cookie can open any more: it goes, with its index entries.
const RETIRED = `DROP TABLE IF EXISTS sessions; DELETE FROM session_index WHERE key NOT IN (SELECT key FROM session_rows);`;
const SCHEMA = `
  -- A rowid table: rows of a few KB spill into overflow pages, which WITHOUT ROWID handles poorly.
  -- The small columns come first: reading them never walks the data's overflow pages, so the hot
  -- path reads an unchanged session's times and tag alone (getUnlessTagged).
  CREATE TABLE IF NOT EXISTS session_rows (
    key TEXT NOT NULL UNIQUE, iat INTEGER NOT NULL, uat INTEGER NOT NULL, exp INTEGER NOT NULL, tag TEXT NOT NULL, data TEXT NOT NULL, meta TEXT
  );
  CREATE INDEX IF NOT EXISTS session_rows_exp ON session_rows (exp);
  CREATE TABLE IF NOT EXISTS session_index (
    index_key TEXT NOT NULL, key TEXT NOT NULL, exp INTEGER NOT NULL, PRIMARY KEY (index_key, key)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS session_index_exp ON session_index (exp);
`;

/** The insert of one session row (the bench's bulk fill writes rows with it too). */
export const INSERT_SESSION_SQL =
  'INSERT INTO session_rows (key, iat, uat, exp, tag, data, meta) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET iat = excluded.iat, uat = excluded.uat, exp = excluded.exp, tag = excluded.tag, data = excluded.data, meta = excluded.meta';

/** Another process (a second BFF instance) holds the store file. */
export class SqliteFileInUseError extends Error {
  constructor(readonly file: string, options?: ErrorOptions) {
    super(`${file} is in use by another process`, options);
  }
}

export type SqliteBackendOptions = { file: string; purgeIntervalMs?: number; now?: () => number; hotRows?: number };

/** The default store: one file, survives restarts, serves one BFF instance (use Redis for more). */
export function createSqliteBackend({ file, purgeIntervalMs = 60_000, now = epoch, hotRows = 10_000 }: SqliteBackendOptions): SessionBackend {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 2000 });
  try {
    // One process owns the file (SQLite serves one BFF instance): an exclusive lock, held from the
    // first write until close, spares every read transaction two fcntl() lock calls and keeps the
    // WAL index in memory. A second BFF on the same file fails here instead of splitting locks.
    db.pragma('locking_mode = EXCLUSIVE');
    // WAL lets reads proceed during a write; NORMAL sync is durable across process crashes.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Reads through a memory map and a 32 MB page cache: a large store costs no read() per request.
    db.pragma('mmap_size = 268435456');
    db.pragma('cache_size = -32000');
    // A write takes the exclusive lock now, not on the first login.
    db.exec(`BEGIN IMMEDIATE; ${SCHEMA}`);
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'").get()) db.exec(RETIRED);
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new SqliteFileInUseError(file, { cause: error });
    throw error;
  }

  const select = db.prepare<[string, number], StoredSession>('SELECT data, iat, uat, exp FROM session_rows WHERE key = ? AND exp > ?');
  const selectTimes = db.prepare<[string, number], { iat: number; uat: number; exp: number; tag: string }>(
    'SELECT iat, uat, exp, tag FROM session_rows WHERE key = ? AND exp > ?',
  );
  const selectData = db.prepare<[string], { data: string }>('SELECT data FROM session_rows WHERE key = ?');
  const insert = db.prepare(INSERT_SESSION_SQL);
  const insertIndex = db.prepare('INSERT OR REPLACE INTO session_index (index_key, key, exp) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE session_rows SET data = ?, tag = ?, meta = coalesce(?, meta), iat = ?, uat = ?, exp = ? WHERE key = ? AND exp > ?');
  const listed = db.prepare<[string, number], { key: string; iat: number; uat: number; exp: number; meta: string | null }>(
    'SELECT s.key, s.iat, s.uat, s.exp, s.meta FROM session_index i JOIN session_rows s ON s.key = i.key WHERE i.index_key = ? AND s.exp > ?',
  );
  const touch = db.prepare('UPDATE session_rows SET uat = ?, exp = ? WHERE key = ? AND exp > ?');
  const remove = db.prepare('DELETE FROM session_rows WHERE key = ?');
  const indexed = db.prepare<[string], { key: string }>('SELECT key FROM session_index WHERE index_key = ?');
  const removeIndex = db.prepare('DELETE FROM session_index WHERE index_key = ?');
  const purgeSessions = db.prepare('DELETE FROM session_rows WHERE exp <= ?');
  const purgeIndex = db.prepare('DELETE FROM session_index WHERE exp <= ?');

  // Every statement below that changes a row also changes its entry here (hot-rows.ts says why that holds).
  const hot = createHotRows(hotRows);
  const held = (key: string, value: StoredSession) => hot.set(key, { iat: value.iat, uat: value.uat, exp: value.exp, tag: sealedTag(value.data), data: value.data });

  const create = db.transaction((key: string, value: StoredSession, indexKeys: readonly string[]) => {
    insert.run(key, value.iat, value.uat, value.exp, sealedTag(value.data), value.data, value.meta ?? null);
    for (const indexKey of indexKeys) insertIndex.run(indexKey, key, value.exp);
    held(key, value);
  });
  const exists = db.prepare<[string, number], { found: number }>('SELECT 1 AS found FROM session_rows WHERE key = ? AND exp > ?');
  const move = db.transaction((from: string, to: string, value: StoredSession, indexKeys: readonly string[]) => {
    if (!exists.get(from, now())) return false;
    remove.run(from);
    hot.delete(from);
    create(to, value, indexKeys);
    return true;
  });
  const destroyIndexed = db.transaction((indexKey: string) => {
    let count = 0;
    for (const { key } of indexed.all(indexKey)) {
      count += remove.run(key).changes;
      hot.delete(key);
    }
    removeIndex.run(indexKey);
    return count;
  });
  const purge = () => {
    const at = now();
    purgeSessions.run(at);
    purgeIndex.run(at);
  };
  purge();
  const timer = setInterval(purge, purgeIntervalMs);
  timer.unref();
  const locks = createLocalLocks();
  const counters = createLocalCounters();
  function read(key: string): StoredSession | undefined {
    const at = now();
    const cached = hot.get(key, at);
    if (cached === 'expired') return undefined;
    if (cached) return { data: cached.data, iat: cached.iat, uat: cached.uat, exp: cached.exp };
    const row = select.get(key, at);
    if (row) held(key, row);
    return row;
  }

  return Object.freeze({
    kind: 'sqlite',
    get: async (key: string) => read(key),
    // Synchronous (no promise): the file is read in this call anyway, and the hot path spares an await.
    getUnlessTagged(key: string, knownTag: string) {
      const at = now();
      const cached = hot.get(key, at);
      if (cached === 'expired') return undefined;
      if (cached) return cached.tag === knownTag ? { iat: cached.iat, uat: cached.uat, exp: cached.exp } : cached;
      const row = selectTimes.get(key, at);
      if (!row) return undefined;
      const times = { iat: row.iat, uat: row.uat, exp: row.exp };
      if (row.tag === knownTag) return times;
      const changed = { ...times, data: selectData.get(key)?.data ?? '' };
      held(key, changed);
      return changed;
    },
    create: async (key: string, value: StoredSession, indexKeys: readonly string[]) => {
      create(key, value, indexKeys);
    },
    move: async (from: string, to: string, value: StoredSession, indexKeys: readonly string[]) => move(from, to, value, indexKeys),
    update: async (key: string, value: StoredSession) => {
      const changed = update.run(value.data, sealedTag(value.data), value.meta ?? null, value.iat, value.uat, value.exp, key, now()).changes > 0;
      if (changed) held(key, value);
      else hot.delete(key);
      return changed;
    },
    listIndexed: async (indexKey: string) =>
      listed.all(indexKey, now()).map(({ meta, ...row }) => ({ ...row, ...(meta === null ? {} : { meta }) })),
    touch: async (key: string, uat: number, exp: number) => {
      if (touch.run(uat, exp, key, now()).changes > 0) hot.touch(key, uat, exp);
      else hot.delete(key);
    },
    destroy: async (key: string) => {
      remove.run(key);
      hot.delete(key);
    },
    destroyIndexed: async (indexKey: string) => destroyIndexed(indexKey),
    acquireLock: async (name: string, ttlMs: number) => locks.acquire(name, ttlMs),
    releaseLock: async (name: string) => locks.release(name),
    count: async (name: string, windowMs: number) => counters.count(name, windowMs),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    available: () => db.open,
    close: async () => {
      clearInterval(timer);
      hot.clear();
      if (db.open) db.close();
    },
  });
}

function epoch(): number {
  return Math.floor(Date.now() / 1000);
}
