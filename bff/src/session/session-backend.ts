import type { MaybePromise } from './maybe-async.js';

/** What every store (memory, SQLite, Redis) keeps: opaque sealed data and plain timestamps. */
export type StoredSession = Readonly<{
  /** Sealed under a key only the session's cookie leads to: the tokens. */
  data: string;
  /** Sealed under the server's secret: what another session of the same user may read (your sessions). Unchanged when absent. */
  meta?: string;
  /** Issued at, updated at, expires at: epoch seconds. */
  iat: number;
  uat: number;
  exp: number;
}>;

export type SessionBackend = Readonly<{
  kind: string;
  get(key: string): Promise<StoredSession | undefined>;
  /**
   * The row's times, and its data only when its tag is not `knownTag` (sealedTag of the data the
   * caller holds): an unchanged row costs no read of its data. Stores without it are read whole.
   */
  getUnlessTagged?(key: string, knownTag: string): MaybePromise<(Omit<StoredSession, 'data' | 'meta'> & { data?: string }) | undefined>;
  /** A new session, listed under each index key (back-channel logout by sub or IdP sid). */
  create(key: string, value: StoredSession, indexKeys: readonly string[]): Promise<void>;
  /** Replaces data (and meta, when given) of an existing session only: an ended session is never revived. */
  update(key: string, value: StoredSession): Promise<boolean>;
  /**
   * Replaces the session at `from` by `value` at `to` (with its index keys), in one step and only
   * while `from` still exists: a row moved to a new secret's key is never revived after a logout.
   */
  move(from: string, to: string, value: StoredSession, indexKeys: readonly string[]): Promise<boolean>;
  /** Moves the idle expiry of an existing session; never creates one. */
  touch(key: string, uat: number, exp: number): Promise<void>;
  destroy(key: string): Promise<void>;
  /** The live sessions listed under the index key, with their metadata (not their data). */
  listIndexed(indexKey: string): Promise<{ key: string; iat: number; uat: number; exp: number; meta?: string }[]>;
  /** Destroys every session listed under the index key; returns how many. */
  destroyIndexed(indexKey: string): Promise<number>;
  /** A lease shared by every BFF instance on this store; false when someone else holds it. */
  acquireLock(name: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string): Promise<void>;
  /** Adds one to a counter shared by every instance and returns it; the counter ends `windowMs` after its first count. */
  count(name: string, windowMs: number): Promise<number>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  /** Known reachable right now (no I/O): false while a Redis connection is down. */
  available(): boolean;
  close(): Promise<void>;
}>;

/**
 * A short name for one sealing of a row's data: its random IV and the start of its GCM tag
 * (session-crypto.ts), so every write gives another. Not a secret: the sealed data is stored anyway.
 */
export function sealedTag(sealed: string): string {
  return sealed.slice(0, 22);
}

/** The store could not be reached: requests that need a session answer 503, never 401. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('session store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
