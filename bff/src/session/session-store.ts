import { andThen, type MaybePromise } from './maybe-async.js';
import { sealedTag, type SessionBackend, type StoredSession } from './session-backend.js';
import type { SessionCrypto } from './session-crypto.js';

/** What the BFF keeps per session, sealed (session-crypto.ts): never sent to the browser. */
export type SessionData = {
  /** The user, from the ID token verified at login. */
  sub: string;
  /** The IdP's session id from that ID token (back-channel logout by sid). */
  sid?: string;
  /** Random per session; /auth/logout must present it (no cross-site logout). */
  lid: string;
  /** Random per session: its name in /auth/sessions (never the session id, not derivable into it). */
  handle: string;
  /** "Chrome on Linux": from the User-Agent at login. */
  device: string;
  /** The ID token's user claims, for /auth/user (protocol claims removed). */
  user: Record<string, unknown>;
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  /** Access-token expiry, epoch seconds (our clock). */
  expires_at?: number;
  /** The scopes granted to the access token, space-separated. */
  scope?: string;
  /** A hash of the access token the API refused even after a refresh: it triggers no further refresh. */
  refused_token?: string;
};

/** Issued at, last used at, expires at: epoch seconds, stored in clear beside the sealed data. */
export type SessionTimes = { iat: number; uat: number; exp: number };

/** A session as one request loaded it. */
export type StoredSessionHandle = {
  readonly id: string;
  /** Which SESSION_SECRET its row is under (0: the newest). */
  secretIndex: number;
  times: SessionTimes;
  data: SessionData;
};

/** A session of the user as another of their sessions sees it (your sessions): never its tokens' key. */
export type ListedSession = Readonly<{
  storageKey: string;
  handle: string;
  device: string;
  createdAt: number;
  lastSeenAt: number;
  /** For revocation when another session ends this one (see sealMeta in session-crypto.ts). */
  refreshToken?: string;
}>;

type Meta = { handle: string; device: string; refresh_token?: string };

export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * Sessions at rest: sealed data under a keyed-hash row key (session-crypto.ts), on any backend.
 * Every write goes under the newest secret; a row found under an older one is moved, atomically
 * and only while it still exists, so a rotation logs nobody out and a logout is never undone.
 */
export function createSessionStore(backend: SessionBackend, crypto: SessionCrypto, options: { openedSessions?: number } = {}) {
  // The last sessions opened, by row key, with the sealed text they came from: a row read again
  // unchanged (every call of a busy session between two writes) is not decrypted and parsed again.
  // Any write seals anew (a fresh IV), so a changed row never matches. Bounded, oldest out first;
  // the price is that these sessions' tokens stay in the heap in clear (SESSION_DATA_CACHE=0: never).
  const openedLimit = options.openedSessions ?? 10_000;
  const opened = new Map<string, { tag: string; data: SessionData }>();
  const newest = crypto.keys(0);

  // The metadata another session of the user may read: where it was made, when, and the refresh
  // token, so that ending this session from another device (or the per-user cap) can revoke it.
  const sealed = (id: string, key: string, data: SessionData, times: SessionTimes): StoredSession => {
    const meta: Meta = { handle: data.handle, device: data.device, ...(data.refresh_token ? { refresh_token: data.refresh_token } : {}) };
    return { data: newest.seal(id, key, JSON.stringify(data)), meta: newest.sealMeta(key, JSON.stringify(meta)), ...times };
  };
  const indexKeys = (data: SessionData) => [newest.indexKey('sub', data.sub), ...(data.sid ? [newest.indexKey('sid', data.sid)] : [])];

  function read(id: string, secretIndex: number): MaybePromise<StoredSessionHandle | undefined> {
    const keys = crypto.keys(secretIndex);
    const key = keys.storageKey(id);
    const cached = opened.get(key);
    const stored = cached && backend.getUnlessTagged ? backend.getUnlessTagged(key, cached.tag) : backend.get(key);
    return andThen(stored, (row) => {
      if (!row) return undefined;
      const times = { iat: row.iat, uat: row.uat, exp: row.exp };
      if (cached && (row.data === undefined || sealedTag(row.data) === cached.tag)) return { id, secretIndex, times, data: cached.data };
      let data: SessionData;
      try {
        data = Object.freeze(JSON.parse(keys.open(id, key, row.data ?? '')) as SessionData);
      } catch {
        return undefined; // sealed for another id or tampered with: no session
      }
      if (openedLimit > 0) {
        if (opened.size >= openedLimit) opened.delete(opened.keys().next().value as string);
        opened.set(key, { tag: sealedTag(row.data ?? ''), data });
      }
      return { id, secretIndex, times, data };
    });
  }

  async function moveToNewestSecret(session: StoredSessionHandle): Promise<boolean> {
    if (session.secretIndex === 0) return true;
    const from = crypto.keys(session.secretIndex).storageKey(session.id);
    const to = newest.storageKey(session.id);
    const moved = await backend.move(from, to, sealed(session.id, to, session.data, session.times), indexKeys(session.data));
    if (moved) session.secretIndex = 0;
    return moved;
  }

  return {
    backend,
    /** A new session under the newest secret, indexed by its user and IdP session. */
    async create(id: string, data: SessionData, times: SessionTimes): Promise<StoredSessionHandle> {
      const key = newest.storageKey(id);
      await backend.create(key, sealed(id, key, data, times), indexKeys(data));
      return { id, secretIndex: 0, times, data };
    },
    /**
     * The session `id` whose cookie was signed with secret `secretIndex`. Its row is there, or
     * under the newest secret when an earlier request moved it but its new cookie never arrived.
     */
    load(id: string, secretIndex: number): MaybePromise<StoredSessionHandle | undefined> {
      if (secretIndex === 0) return read(id, 0);
      return andThen(read(id, secretIndex), (found) => found ?? read(id, 0));
    },
    /** The session as stored now (another request or instance may have refreshed or moved it). */
    reload: async (session: StoredSessionHandle) => (await read(session.id, 0)) ?? (session.secretIndex > 0 ? read(session.id, session.secretIndex) : undefined),
    /** Re-seals a row found under an older secret under the newest one; false when it ended meanwhile. */
    moveToNewestSecret,
    /** Moves the idle expiry; never creates or revives a session. */
    async touch(session: StoredSessionHandle, uat: number, exp: number): Promise<void> {
      await backend.touch(crypto.keys(session.secretIndex).storageKey(session.id), uat, exp);
      session.times = { ...session.times, uat, exp };
    },
    /** Writes `session.data` (refreshed tokens); false when the session ended meanwhile: it is not revived. */
    async save(session: StoredSessionHandle): Promise<boolean> {
      if (session.secretIndex !== 0) return moveToNewestSecret(session);
      const key = newest.storageKey(session.id);
      return backend.update(key, sealed(session.id, key, session.data, session.times));
    },
    async destroy(session: Pick<StoredSessionHandle, 'id' | 'secretIndex'>): Promise<void> {
      const key = crypto.keys(session.secretIndex).storageKey(session.id);
      opened.delete(key);
      await backend.destroy(key);
      if (session.secretIndex !== 0) await backend.destroy(newest.storageKey(session.id));
    },
    /** A keyed hash of `value` for a name in the store (rate-limit counters): no address or claim in clear. */
    hashedName: (kind: string, value: string) => newest.indexKey(kind, value),
    /** A lease name for this session that every instance derives alike (refresh once per session). */
    lockName: (session: StoredSessionHandle, purpose: string) => `${purpose}:${newest.storageKey(session.id)}`,
    /** The user's live sessions, under every secret, with what each may show of itself. */
    async listBySubject(sub: string): Promise<ListedSession[]> {
      const listed: ListedSession[] = [];
      for (let index = 0; index < crypto.secretCount; index += 1) {
        const keys = crypto.keys(index);
        for (const row of await backend.listIndexed(keys.indexKey('sub', sub))) {
          if (!row.meta) continue;
          let meta: Meta;
          try {
            meta = JSON.parse(keys.openMeta(row.key, row.meta)) as Meta;
          } catch {
            continue; // not sealed for this row: not one of ours
          }
          listed.push({ storageKey: row.key, handle: meta.handle, device: meta.device, createdAt: row.iat, lastSeenAt: row.uat, refreshToken: meta.refresh_token });
        }
      }
      return listed;
    },
    /** Ends a listed session (it has no handle object: its id is not known here). */
    destroyListed(session: ListedSession) {
      opened.delete(session.storageKey);
      return backend.destroy(session.storageKey);
    },
    destroyBySubject: (sub: string) => destroyIndexed('sub', sub),
    destroyByIdpSession: (sid: string) => destroyIndexed('sid', sid),
  };

  // Sessions sealed under an older secret are indexed under it: look under every secret.
  async function destroyIndexed(kind: 'sub' | 'sid', value: string): Promise<number> {
    let ended = 0;
    for (let index = 0; index < crypto.secretCount; index += 1) ended += await backend.destroyIndexed(crypto.keys(index).indexKey(kind, value));
    return ended;
  }
}
