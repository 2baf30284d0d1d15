import { createHash } from 'node:crypto';
import { epochSeconds, systemClock, type Clock } from '../clock.js';
import { idpUnavailable, sessionExpired } from '../http-error.js';
import type { MaybePromise } from '../session/maybe-async.js';
import type { SessionData, SessionStore, StoredSessionHandle } from '../session/session-store.js';
import { GrantRevokedError, type TokenClient } from './token-client.js';

/** `sub`: the user whose session it is, for the audit log. */
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
  clock?: Clock;
  leaseMs?: number;
  pollMs?: number;
  events?: TokenEvents;
}) {
  const { store, tokenClient, marginSeconds, clock = systemClock, leaseMs = 15_000, pollMs = 50, events = {} } = options;
  const inflight = new Map<string, Promise<SessionData | undefined>>();
  const usable = (data: SessionData, stale?: string) =>
    typeof data.access_token === 'string' &&
    data.access_token !== stale &&
    typeof data.expires_at === 'number' &&
    data.expires_at - marginSeconds > clock() / 1000;

  async function refreshOnce(session: StoredSessionHandle, stale: string): Promise<SessionData | undefined> {
    const lock = store.lockName(session, 'refresh');
    const deadline = Date.now() + leaseMs;
    for (;;) {
      if (await store.backend.acquireLock(lock, leaseMs)) {
        try {
          return await refreshLocked(session, stale);
        } finally {
          await store.backend.releaseLock(lock).catch(() => undefined);
        }
      }
      // Another instance holds the lease: wait for the tokens it stores.
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const latest = await store.reload(session);
      if (!latest) return undefined;
      if (usable(latest.data, stale)) return latest.data;
      if (Date.now() > deadline) throw idpUnavailable(new Error('timed out waiting for another instance to refresh'));
    }
  }

  async function refreshLocked(session: StoredSessionHandle, stale: string): Promise<SessionData | undefined> {
    const latest = await store.reload(session);
    if (!latest) return undefined;
    const data = latest.data;
    if (usable(data, stale)) return data; // refreshed by someone else meanwhile
    if (typeof data.refresh_token !== 'string') {
      await store.destroy(latest);
      events.refreshFailed?.('no_refresh_token', data.sub);
      return undefined;
    }
    try {
      const tokens = await tokenClient.refresh(data.refresh_token);
      latest.data = {
        ...data,
        access_token: tokens.access_token,
        // Rotation: the old refresh token is now spent; a provider without rotation keeps the old one.
        refresh_token: tokens.refresh_token ?? data.refresh_token,
        id_token: tokens.id_token ?? data.id_token,
        expires_at: epochSeconds(clock) + (tokens.expires_in ?? 300),
        scope: tokens.scope ?? data.scope,
      };
      const stored = await store.save(latest);
      events.refreshed?.(data.sub);
      return stored ? latest.data : undefined;
    } catch (error) {
      if (!(error instanceof GrantRevokedError)) throw error;
      await store.destroy(latest);
      events.refreshFailed?.(error.reason, data.sub);
      return undefined;
    }
  }

  async function refreshed(session: StoredSessionHandle, stale: string): Promise<string> {
    let flight = inflight.get(session.id);
    if (!flight) {
      flight = refreshOnce(session, stale).finally(() => inflight.delete(session.id));
      inflight.set(session.id, flight);
    }
    const latest = await flight;
    if (!latest || typeof latest.access_token !== 'string') throw sessionExpired();
    session.data = latest; // this request goes on with the new tokens
    return latest.access_token;
  }

  return {
    /**
     * A token valid for at least the margin (at once when the session holds one, a promise when it
     * must be refreshed); rejects with 401 session_expired when the session cannot go on.
     */
    current(session: StoredSessionHandle): MaybePromise<string> {
      if (usable(session.data)) return session.data.access_token as string;
      return refreshed(session, typeof session.data.access_token === 'string' ? session.data.access_token : '');
    },
    /** The API refused `rejected` although it looked valid: get a different one (refreshing at most once). */
    replace: (session: StoredSessionHandle, rejected: string) => refreshed(session, rejected),
    /** The API refused `token` after a refresh already: no refresh for it again. */
    refusedBefore: (session: StoredSessionHandle, token: string) => session.data.refused_token === fingerprint(token),
    async markRefused(session: StoredSessionHandle, token: string): Promise<void> {
      session.data = { ...session.data, refused_token: fingerprint(token) };
      // Onto the session as stored now: its idle timestamps may have moved since this request read it.
      const latest = await store.reload(session);
      if (!latest || latest.data.access_token !== token) return;
      latest.data = { ...latest.data, refused_token: session.data.refused_token };
      await store.save(latest);
    },
  };
}

/** Enough to recognise a token again, nothing to use it with. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}
