import type { SessionBackend, StoredSession } from './session-backend.js';
import type { SessionCrypto } from './session-crypto.js';

/** What express-openid-connect keeps per session (plus our `lid`, the logout id). */
export type SessionData = {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  /** Access-token expiry, epoch seconds. */
  expires_at?: number;
  /** The IdP session id from the ID token (back-channel logout). */
  sid?: string;
  /** Random per session; /auth/logout must present it (no cross-site logout). */
  lid?: string;
  [claim: string]: unknown;
};
type Header = { iat: number; uat: number; exp: number };
type Meta = { sessionId: string; key: string; fingerprint: string; header: Header; slide: boolean };

export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * The express-openid-connect store (get/set/destroy, promise style) on top of an encrypted backend.
 * It also remembers, per loaded session object, what was loaded: a request that changed nothing
 * writes nothing but a coalesced touch, and never writes stale tokens over a newer refresh.
 */
export function createSessionStore(backend: SessionBackend, sessionCrypto: SessionCrypto, touchIntervalSeconds: number) {
  const loaded = new WeakMap<object, Meta>();

  const seal = (sessionId: string, key: string, data: SessionData, header: Header): StoredSession => ({
    data: sessionCrypto.seal(sessionId, key, JSON.stringify(data)),
    ...header,
  });

  async function load(sessionId: string): Promise<{ header: Header; data: SessionData } | undefined> {
    const key = sessionCrypto.storageKey(sessionId);
    const stored = await backend.get(key);
    if (!stored) return undefined;
    let plaintext: string;
    try {
      plaintext = sessionCrypto.open(sessionId, key, stored.data);
    } catch {
      return undefined; // sealed for another id or tampered with: no session
    }
    const data = JSON.parse(plaintext) as SessionData;
    const header = { iat: stored.iat, uat: stored.uat, exp: stored.exp };
    loaded.set(data, { sessionId, key, fingerprint: plaintext, header, slide: true });
    return { header, data };
  }

  function indexKeys(data: SessionData): string[] {
    const keys: string[] = [];
    const sub = subjectOfIdToken(data.id_token);
    if (sub) keys.push(sessionCrypto.indexKey('sub', sub));
    if (typeof data.sid === 'string') keys.push(sessionCrypto.indexKey('sid', data.sid));
    return keys;
  }

  // express-openid-connect promisifies any method that is not an `async function` (and any whose
  // source mentions a callback): every method here must stay a plain async method.
  const eocStore = {
    async get(sessionId: string) {
      return load(sessionId);
    },
    async set(sessionId: string, session: { header: Header; data: SessionData }) {
      const { header, data } = session;
      const meta = loaded.get(data);
      if (meta && meta.sessionId === sessionId) {
        const plaintext = JSON.stringify(data);
        if (plaintext === meta.fingerprint) {
          if (meta.slide && header.uat - meta.header.uat >= touchIntervalSeconds) {
            await backend.touch(meta.key, header.uat, header.exp);
            meta.header = header;
          }
          return;
        }
        await backend.update(meta.key, seal(sessionId, meta.key, data, header));
        loaded.set(data, { ...meta, fingerprint: plaintext, header });
        return;
      }
      const key = sessionCrypto.storageKey(sessionId);
      await backend.create(key, seal(sessionId, key, data, header), indexKeys(data));
      loaded.set(data, { sessionId, key, fingerprint: JSON.stringify(data), header, slide: true });
    },
    async destroy(sessionId: string) {
      await backend.destroy(sessionCrypto.storageKey(sessionId));
    },
  };

  return {
    eocStore,
    backend,
    /** The stored timestamps of a session this request loaded (for /auth/user). */
    headerOf: (data: object): Header | undefined => loaded.get(data)?.header,
    sessionIdOf: (data: object): string | undefined => loaded.get(data)?.sessionId,
    /** This request must not extend the session (`/auth/user?slide=false`, background polls). */
    doNotSlide(data: object): void {
      const meta = loaded.get(data);
      if (meta) meta.slide = false;
    },
    /** The session and its timestamps, for the /api fast path (which bypasses eocStore). */
    load,
    /** Moves the idle expiry of a loaded session (never creates or revives one). */
    async touch(data: object, uat: number, exp: number): Promise<void> {
      const meta = loaded.get(data);
      if (!meta) return;
      await backend.touch(meta.key, uat, exp);
      meta.header = { ...meta.header, uat, exp };
    },
    /** Re-reads the session as stored now (another request or instance may have refreshed it). */
    reload: (sessionId: string) => load(sessionId).then((found) => found?.data),
    /**
     * Stores refreshed tokens into `data` (the request's session object) and the store. Returns false
     * when the session ended meanwhile (logout): it is not revived.
     */
    async replaceTokens(data: SessionData, tokens: Partial<SessionData>): Promise<boolean> {
      const meta = loaded.get(data);
      if (!meta) return false;
      Object.assign(data, tokens);
      const plaintext = JSON.stringify(data);
      const stored = await backend.update(meta.key, seal(meta.sessionId, meta.key, data, meta.header));
      loaded.set(data, { ...meta, fingerprint: plaintext });
      return stored;
    },
    /** Adopts tokens another request already stored, without writing. */
    adopt(data: SessionData, latest: SessionData): void {
      const meta = loaded.get(data);
      Object.assign(data, latest);
      if (meta) loaded.set(data, { ...meta, fingerprint: JSON.stringify(data) });
    },
    storageKeyOf: (sessionId: string) => sessionCrypto.storageKey(sessionId),
    destroy: (sessionId: string) => backend.destroy(sessionCrypto.storageKey(sessionId)),
    destroyBySubject: (sub: string) => backend.destroyIndexed(sessionCrypto.indexKey('sub', sub)),
    destroyByIdpSession: (sid: string) => backend.destroyIndexed(sessionCrypto.indexKey('sid', sid)),
  };
}

/** The ID token was verified at login; here only its `sub` is read (to index the session, to audit). */
export function subjectOfIdToken(idToken: string | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
