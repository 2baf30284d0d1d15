import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../../bff/src/session/sqlite-backend.js';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { sealedTag, type SessionBackend } from '../../bff/src/session/session-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore, type SessionData } from '../../bff/src/session/session-store.js';

const SECRET = 'a-session-secret-of-enough-length-0123456789';
const DATA: SessionData = { sub: 'user-1', lid: 'l', handle: 'h', device: 'Chrome on Linux', user: { sub: 'user-1' }, access_token: 'at-1', refresh_token: 'rt-1' };
const TIMES = { iat: 2_000_000_000, uat: 2_000_000_000, exp: 2_000_000_600 };

/** A backend that counts reads, and a store on it. */
function storeWith(openedSessions?: number) {
  const backend = createMemoryBackend(() => 1_999_999_000);
  const crypto = createSessionCrypto(SECRET);
  let opens = 0;
  const countingCrypto = { ...crypto, keys: (i: number) => ({ ...crypto.keys(i), open: (...args: Parameters<ReturnType<typeof crypto.keys>['open']>) => (opens++, crypto.keys(i).open(...args)) }) };
  const store = createSessionStore(backend as SessionBackend, countingCrypto, { openedSessions });
  return { store, opens: () => opens };
}

describe('session store: opened sessions', () => {
  it('an unchanged row read twice → decrypted once; the data is frozen', async () => {
    const { store, opens } = storeWith();
    await store.create('id-1', DATA, TIMES);
    const first = await store.load('id-1', 0);
    const second = await store.load('id-1', 0);
    expect([opens(), second?.data.access_token, Object.isFrozen(second?.data)]).toEqual([1, 'at-1', true]);
    expect(second?.data).toBe(first?.data);
  });

  it('a row written since (refreshed tokens) → decrypted again, the new data', async () => {
    const { store, opens } = storeWith();
    const session = await store.create('id-1', DATA, TIMES);
    await store.load('id-1', 0);
    session.data = { ...DATA, access_token: 'at-2' };
    await store.save(session);
    expect([(await store.load('id-1', 0))?.data.access_token, opens()]).toEqual(['at-2', 2]);
  });

  it('a destroyed session → gone from memory too', async () => {
    const { store } = storeWith();
    const session = await store.create('id-1', DATA, TIMES);
    await store.load('id-1', 0);
    await store.destroy(session);
    expect(await store.load('id-1', 0)).toBeUndefined();
  });

  it('SESSION_DATA_CACHE=0 → decrypted on every read', async () => {
    const { store, opens } = storeWith(0);
    await store.create('id-1', DATA, TIMES);
    await store.load('id-1', 0);
    await store.load('id-1', 0);
    expect(opens()).toBe(2);
  });
});

describe('SQLite store: the hot read', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const fileIn = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bff-sqlite-'));
    dirs.push(dir);
    return join(dir, 'sessions.db');
  };
  const row = (data: string) => ({ data, iat: 2_000_000_000, uat: 2_000_000_000, exp: 2_000_000_600 });

  it('getUnlessTagged with the row\'s own tag → times only; with another → the data too', async () => {
    const backend = createSqliteBackend({ file: fileIn(), now: () => 1_999_999_000 });
    await backend.create('k', row('AAAAAAAAAAAAAAAAAAAAAAsealed-data'), []);
    expect(await backend.getUnlessTagged?.('k', sealedTag('AAAAAAAAAAAAAAAAAAAAAAsealed-data'))).toEqual({ iat: 2_000_000_000, uat: 2_000_000_000, exp: 2_000_000_600 });
    expect((await backend.getUnlessTagged?.('k', 'BBBBBBBBBBBBBBBBBBBBBB'))?.data).toBe('AAAAAAAAAAAAAAAAAAAAAAsealed-data');
    await backend.close();
  });

  it('a file of the format before the BFF owned its cookie → its sessions table dropped with its index entries', async () => {
    const file = fileIn();
    const old = new Database(file);
    old.exec(`CREATE TABLE sessions (key TEXT NOT NULL UNIQUE, data TEXT NOT NULL, iat INTEGER NOT NULL, uat INTEGER NOT NULL, exp INTEGER NOT NULL);
      CREATE TABLE session_index (index_key TEXT NOT NULL, key TEXT NOT NULL, exp INTEGER NOT NULL, PRIMARY KEY (index_key, key)) WITHOUT ROWID;
      INSERT INTO sessions VALUES ('old', 'x', 1, 1, 4000000000); INSERT INTO session_index VALUES ('i', 'old', 4000000000);`);
    old.close();
    const backend = createSqliteBackend({ file });
    await backend.close();
    const db = new Database(file);
    expect([db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sessions'").get(), db.prepare('SELECT count(*) AS n FROM session_index').get()]).toEqual([{ n: 0 }, { n: 0 }]);
    db.close();
  });

  it('rows held in memory follow every write: update, touch, move, destroy, destroyIndexed, expiry', async () => {
    let now = 1_999_999_000;
    const backend = createSqliteBackend({ file: fileIn(), now: () => now });
    await backend.create('a', row('AAAAAAAAAAAAAAAAAAAAAAone'), ['user-1']);
    await backend.get('a');
    await backend.update('a', row('BBBBBBBBBBBBBBBBBBBBBBtwo'));
    expect((await backend.get('a'))?.data).toBe('BBBBBBBBBBBBBBBBBBBBBBtwo');
    await backend.touch('a', 2_000_000_100, 2_000_000_700);
    expect(await backend.getUnlessTagged?.('a', sealedTag('BBBBBBBBBBBBBBBBBBBBBBtwo'))).toEqual({ iat: 2_000_000_000, uat: 2_000_000_100, exp: 2_000_000_700 });
    expect(await backend.move('a', 'b', row('CCCCCCCCCCCCCCCCCCCCCCthree'), ['user-1'])).toBe(true);
    expect([await backend.get('a'), (await backend.get('b'))?.data]).toEqual([undefined, 'CCCCCCCCCCCCCCCCCCCCCCthree']);
    await backend.destroyIndexed('user-1');
    expect(await backend.get('b')).toBeUndefined();
    await backend.create('c', row('DDDDDDDDDDDDDDDDDDDDDDfour'), []);
    await backend.get('c');
    await backend.destroy('c');
    expect(await backend.getUnlessTagged?.('c', sealedTag('DDDDDDDDDDDDDDDDDDDDDDfour'))).toBeUndefined();
    await backend.create('d', row('EEEEEEEEEEEEEEEEEEEEEEfive'), []);
    await backend.get('d');
    now = 2_000_000_600;
    expect(await backend.get('d')).toBeUndefined();
    await backend.close();
  });
});
