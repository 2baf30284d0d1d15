import type { SessionBackend, StoredSession } from './session-backend.js';
import { createLocalCounters } from './local-counters.js';
import { createLocalLocks } from './local-locks.js';

/** For tests and single-process demos: everything is lost on restart (refused in production). */
export function createMemoryBackend(now = () => Math.floor(Date.now() / 1000)): SessionBackend {
  const sessions = new Map<string, StoredSession>();
  const index = new Map<string, Set<string>>();
  const locks = createLocalLocks();
  const counters = createLocalCounters();
  const live = (key: string) => {
    const value = sessions.get(key);
    if (value && value.exp <= now()) {
      sessions.delete(key);
      return undefined;
    }
    return value;
  };

  const add = (key: string, value: StoredSession, indexKeys: readonly string[]) => {
    sessions.set(key, value);
    for (const indexKey of indexKeys) {
      const keys = index.get(indexKey) ?? new Set<string>();
      keys.add(key);
      index.set(indexKey, keys);
    }
  };

  return Object.freeze({
    kind: 'memory',
    async get(key: string) {
      return live(key);
    },
    async create(key: string, value: StoredSession, indexKeys: readonly string[]) {
      add(key, value, indexKeys);
    },
    async move(from: string, to: string, value: StoredSession, indexKeys: readonly string[]) {
      if (!live(from)) return false;
      sessions.delete(from);
      add(to, value, indexKeys);
      return true;
    },
    async update(key: string, value: StoredSession) {
      const current = live(key);
      if (!current) return false;
      sessions.set(key, { ...value, meta: value.meta ?? current.meta });
      return true;
    },
    async touch(key: string, uat: number, exp: number) {
      const value = live(key);
      if (value) sessions.set(key, { ...value, uat, exp });
    },
    async destroy(key: string) {
      sessions.delete(key);
    },
    async listIndexed(indexKey: string) {
      const found = [];
      for (const key of index.get(indexKey) ?? []) {
        const value = live(key);
        if (value) found.push({ key, iat: value.iat, uat: value.uat, exp: value.exp, meta: value.meta });
      }
      return found;
    },
    async destroyIndexed(indexKey: string) {
      const keys = index.get(indexKey) ?? new Set<string>();
      index.delete(indexKey);
      let count = 0;
      for (const key of keys) if (sessions.delete(key)) count += 1;
      return count;
    },
    acquireLock: async (name: string, ttlMs: number) => locks.acquire(name, ttlMs),
    releaseLock: async (name: string) => locks.release(name),
    count: async (name: string, windowMs: number) => counters.count(name, windowMs),
    async ping() {},
    available: () => true,
    async close() {
      sessions.clear();
      index.clear();
    },
  });
}
