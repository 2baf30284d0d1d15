import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { ConfigError } from '../config.js';
import { readCaFile } from '../security/ca-file.js';
import { redisTarget } from './redis-problem.js';
import { StoreUnavailableError, type SessionBackend, type StoredSession } from './session-backend.js';
import { watchRedisConnection } from './watch-redis-connection.js';

// Both scripts act only on a session that still exists: a request that loaded a session before
// a logout can never bring it back by touching or updating it.
const TOUCH = `if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'uat', ARGV[1], 'exp', ARGV[2]); redis.call('EXPIREAT', KEYS[1], ARGV[2]); return 1 end return 0`;
// ARGV[5]: the new meta, or '' to keep it.
const UPDATE = `if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'data', ARGV[1], 'iat', ARGV[2], 'uat', ARGV[3], 'exp', ARGV[4]);
  if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'meta', ARGV[5]) end
  redis.call('EXPIREAT', KEYS[1], ARGV[4]); return 1 end return 0`;
// KEYS: from, to, index keys…; ARGV: data, iat, uat, exp, to's bare key (the index members), meta.
const MOVE = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
  redis.call('DEL', KEYS[1]);
  redis.call('HSET', KEYS[2], 'data', ARGV[1], 'iat', ARGV[2], 'uat', ARGV[3], 'exp', ARGV[4], 'meta', ARGV[6]); redis.call('EXPIREAT', KEYS[2], ARGV[4]);
  for i = 3, #KEYS do
    redis.call('SADD', KEYS[i], ARGV[5]); redis.call('EXPIREAT', KEYS[i], ARGV[4], 'GT'); redis.call('EXPIREAT', KEYS[i], ARGV[4], 'NX')
  end
  return 1`;
const COUNT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export type RedisBackendOptions = {
  /** redis://[user:password@]host:port or rediss://… (TLS); the password never reaches a log. */
  url: string;
  /** PEM file of the CA that signed the server's certificate (SESSION_STORE_CA_FILE), for rediss://. */
  caFile?: string;
  prefix?: string;
  connectTimeoutMs?: number;
  /** Connection failures and recoveries are logged here, rate-limited (store-problem-log.ts). */
  logger?: Logger;
  /** The longest wait between two connection attempts while Redis is away. */
  maxRetryDelayMs?: number;
  /** Epoch seconds: the session layer's clock, for the expiry a read checks. */
  now?: () => number;
};

/** Shared store for many BFF instances: sessions, logout indexes and refresh leases. */
export async function createRedisBackend(options: RedisBackendOptions): Promise<SessionBackend> {
  const { url, caFile, prefix = 'bff:', connectTimeoutMs = 2000, logger, maxRetryDelayMs = 2000, now = () => Math.floor(Date.now() / 1000) } = options;
  const target = redisTarget(url, connectTimeoutMs);
  const ca = caFile === undefined ? undefined : caOf(caFile);
  const client = createClient({
    url,
    // Fail fast while disconnected (503) instead of queueing requests until Redis returns.
    disableOfflineQueue: true,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, maxRetryDelayMs), ...(ca ? { ca } : {}) },
  });
  // Errors are told, never swallowed: the cause reaches the log, /readyz and each 503.
  const connection = watchRedisConnection(client, target, { ca, logger });
  const lockOwners = new Map<string, string>();
  const sessionKey = (key: string) => `${prefix}s:${key}`;
  const indexKey = (key: string) => `${prefix}i:${key}`;
  const lockKey = (name: string) => `${prefix}lock:${name}`;
  const call = async <T>(operation: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new StoreUnavailableError(connection.current());
    try {
      const result = await operation();
      connection.succeeded();
      return result;
    } catch (error) {
      throw new StoreUnavailableError(connection.failed(error));
    }
  };

  // Start even when Redis is down: the client keeps reconnecting, /readyz reports it meanwhile
  // (server.ts waits a bounded time for it, then names the cause).
  const connecting = client.connect().catch(() => undefined);
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, connectTimeoutMs).unref())]);

  return Object.freeze({
    kind: 'redis',
    get: (key: string) =>
      call(async () => {
        const fields = await client.hGetAll(sessionKey(key));
        if (!fields.data) return undefined;
        const value: StoredSession = { data: fields.data, iat: Number(fields.iat), uat: Number(fields.uat), exp: Number(fields.exp) };
        return value.exp > now() ? value : undefined;
      }),
    create: (key: string, value: StoredSession, indexKeys: readonly string[]) =>
      call(async () => {
        const multi = client.multi();
        multi.hSet(sessionKey(key), { data: value.data, meta: value.meta ?? '', iat: value.iat, uat: value.uat, exp: value.exp });
        multi.expireAt(sessionKey(key), value.exp);
        for (const index of indexKeys) {
          multi.sAdd(indexKey(index), key);
          // The index may outlive some members; destroyIndexed tolerates missing sessions.
          multi.expireAt(indexKey(index), value.exp, 'GT');
          multi.expireAt(indexKey(index), value.exp, 'NX');
        }
        await multi.exec();
      }),
    move: (from: string, to: string, value: StoredSession, indexKeys: readonly string[]) =>
      call(async () => {
        const keys = [sessionKey(from), sessionKey(to), ...indexKeys.map(indexKey)];
        const args = [value.data, String(value.iat), String(value.uat), String(value.exp), to, value.meta ?? ''];
        return (await client.eval(MOVE, { keys, arguments: args })) === 1;
      }),
    update: (key: string, value: StoredSession) =>
      call(async () => {
        const args = [value.data, String(value.iat), String(value.uat), String(value.exp), value.meta ?? ''];
        return (await client.eval(UPDATE, { keys: [sessionKey(key)], arguments: args })) === 1;
      }),
    touch: (key: string, uat: number, exp: number) =>
      call(async () => {
        await client.eval(TOUCH, { keys: [sessionKey(key)], arguments: [String(uat), String(exp)] });
      }),
    destroy: (key: string) =>
      call(async () => {
        await client.del(sessionKey(key));
      }),
    listIndexed: (index: string) =>
      call(async () => {
        const keys = await client.sMembers(indexKey(index));
        const rows = await Promise.all(keys.map((key) => client.hmGet(sessionKey(key), ['iat', 'uat', 'exp', 'meta'])));
        const at = now();
        return keys.flatMap((key, i) => {
          const [iat, uat, exp, meta] = rows[i] ?? [];
          if (!exp || Number(exp) <= at) return [];
          return [{ key, iat: Number(iat), uat: Number(uat), exp: Number(exp), ...(meta ? { meta } : {}) }];
        });
      }),
    destroyIndexed: (index: string) =>
      call(async () => {
        const keys = await client.sMembers(indexKey(index));
        const removed = keys.length > 0 ? await client.del(keys.map(sessionKey)) : 0;
        await client.del(indexKey(index));
        return Number(removed);
      }),
    acquireLock: (name: string, ttlMs: number) =>
      call(async () => {
        const owner = randomUUID();
        const ok = await client.set(lockKey(name), owner, { NX: true, PX: ttlMs });
        if (ok !== 'OK') return false;
        lockOwners.set(name, owner);
        return true;
      }),
    releaseLock: (name: string) =>
      call(async () => {
        const owner = lockOwners.get(name);
        lockOwners.delete(name);
        if (owner) await client.eval(RELEASE, { keys: [lockKey(name)], arguments: [owner] });
      }),
    count: (name: string, windowMs: number) =>
      call(async () => Number(await client.eval(COUNT, { keys: [`${prefix}count:${name}`], arguments: [String(windowMs)] }))),
    ping: () =>
      call(async () => {
        await client.ping();
      }),
    available: () => client.isReady,
    close: async () => {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  });
}

function caOf(file: string): string {
  const read = readCaFile('SESSION_STORE_CA_FILE', file, "your Redis server's certificate");
  if ('problem' in read) throw new ConfigError([read.problem]);
  return read.pem;
}
