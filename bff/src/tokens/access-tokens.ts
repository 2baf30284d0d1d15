import { idpUnavailable, sessionExpired } from '../http-error.js';
import { subjectOfIdToken, type SessionData, type SessionStore } from '../session/session-store.js';
import { GrantRevokedError, type TokenClient } from './token-client.js';

/** `sub`: the user whose session it is (from the ID token), for the audit log. */
export type TokenEvents = {
  refreshed?(sub: string | undefined): void;
  refreshFailed?(reason: string, sub: string | undefined): void;
};

export type AccessTokens = ReturnType<typeof createAccessTokens>;

/**
 * Hands out a usable access token for a session, refreshing it before it expires. A refresh
 * happens once per session however many requests need it: in this process through a shared
 * promise, across instances through a lease in the shared store; waiters reuse the new tokens.
 * With refresh-token rotation, a second refresh with the same token would revoke the grant.
 */
export function createAccessTokens(options: {
  store: SessionStore;
  tokenClient: TokenClient;
  marginSeconds: number;
  leaseMs?: number;
  pollMs?: number;
  events?: TokenEvents;
}) {
  const { store, tokenClient, marginSeconds, leaseMs = 15_000, pollMs = 50, events = {} } = options;
  const inflight = new Map<string, Promise<SessionData | undefined>>();
  const usable = (data: SessionData, stale?: string) =>
    typeof data.access_token === 'string' &&
    data.access_token !== stale &&
    typeof data.expires_at === 'number' &&
    data.expires_at - marginSeconds > Date.now() / 1000;

  async function refreshOnce(sessionId: string, stale: string): Promise<SessionData | undefined> {
    const lock = `refresh:${store.storageKeyOf(sessionId)}`;
    const deadline = Date.now() + leaseMs;
    for (;;) {
      if (await store.backend.acquireLock(lock, leaseMs)) {
        try {
          return await refreshLocked(sessionId, stale);
        } finally {
          await store.backend.releaseLock(lock).catch(() => undefined);
        }
      }
      // Another instance holds the lease: wait for the tokens it stores.
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const latest = await store.reload(sessionId);
      if (!latest) return undefined;
      if (usable(latest, stale)) return latest;
      if (Date.now() > deadline) throw idpUnavailable(new Error('timed out waiting for another instance to refresh'));
    }
  }

  async function refreshLocked(sessionId: string, stale: string): Promise<SessionData | undefined> {
    const latest = await store.reload(sessionId);
    if (!latest) return undefined;
    if (usable(latest, stale)) return latest; // refreshed by someone else meanwhile
    if (typeof latest.refresh_token !== 'string') {
      await store.destroy(sessionId);
      events.refreshFailed?.('no_refresh_token', subjectOfIdToken(latest.id_token));
      return undefined;
    }
    try {
      const tokens = await tokenClient.refresh(latest.refresh_token);
      const stored = await store.replaceTokens(latest, {
        access_token: tokens.access_token,
        // Rotation: the old refresh token is now spent; a provider without rotation keeps the old one.
        refresh_token: tokens.refresh_token ?? latest.refresh_token,
        id_token: tokens.id_token ?? latest.id_token,
        expires_at: Math.floor(Date.now() / 1000) + (tokens.expires_in ?? 300),
      });
      events.refreshed?.(subjectOfIdToken(latest.id_token));
      return stored ? latest : undefined;
    } catch (error) {
      if (!(error instanceof GrantRevokedError)) throw error;
      await store.destroy(sessionId);
      events.refreshFailed?.(error.reason, subjectOfIdToken(latest.id_token));
      return undefined;
    }
  }

  async function refreshed(data: SessionData, stale: string): Promise<string> {
    const sessionId = store.sessionIdOf(data);
    if (!sessionId) throw sessionExpired();
    let flight = inflight.get(sessionId);
    if (!flight) {
      flight = refreshOnce(sessionId, stale).finally(() => inflight.delete(sessionId));
      inflight.set(sessionId, flight);
    }
    const latest = await flight;
    if (!latest || typeof latest.access_token !== 'string') throw sessionExpired();
    store.adopt(data, latest);
    return latest.access_token;
  }

  return {
    /** A token valid for at least the margin; throws 401 session_expired when the session cannot go on. */
    async current(data: SessionData): Promise<string> {
      if (usable(data)) return data.access_token as string;
      return refreshed(data, typeof data.access_token === 'string' ? data.access_token : '');
    },
    /** The API refused `rejected` although it looked valid: get a different one (refreshing at most once). */
    replace: (data: SessionData, rejected: string) => refreshed(data, rejected),
  };
}
