import type { ServerResponse } from 'node:http';
import { epochSeconds, type Clock } from '../clock.js';
import { andThen, type MaybePromise } from './maybe-async.js';
import type { SessionCookie } from './session-cookie.js';
import type { SessionData, SessionStore, SessionTimes, StoredSessionHandle } from './session-store.js';

export type SessionLookup =
  /** No session cookie: an anonymous visitor. */
  | { kind: 'none' }
  /** A cookie without a live session behind it: expired, ended, forged or ambiguous. */
  | { kind: 'ended' }
  | { kind: 'active'; session: StoredSessionHandle };

export type Sessions = ReturnType<typeof createSessions>;

const NONE: SessionLookup = Object.freeze({ kind: 'none' });
const ENDED: SessionLookup = Object.freeze({ kind: 'ended' });

/**
 * The BFF's one session layer, for every route (/auth, /api): cookie → signature → one store read
 * → idle and absolute expiry. It owns the cookie: issued at login, re-sent when the idle expiry
 * moves (at most once per touch interval) or the row moves to a new secret, cleared at the end.
 * A store that cannot be reached throws (StoreUnavailableError): the caller answers 503 and the
 * cookie stays, since "no session" would read as a logout.
 */
export function createSessions(options: {
  cookie: SessionCookie;
  store: SessionStore;
  clock: Clock;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  touchIntervalSeconds: number;
}) {
  const { cookie, store, clock, idleTimeoutSeconds, absoluteTimeoutSeconds, touchIntervalSeconds } = options;
  const clearCookie = (res: ServerResponse) => {
    if (!res.headersSent) appendSetCookie(res, cookie.clear());
  };
  const endOf = (times: SessionTimes) => Math.min(times.exp, times.uat + idleTimeoutSeconds, times.iat + absoluteTimeoutSeconds);

  return {
    cookieName: cookie.name,
    /** When the session ends unless used again: the earliest of its stored, idle and absolute expiries. */
    expiresAt: (session: StoredSessionHandle) => endOf(session.times),
    absoluteExpiresAt: (session: StoredSessionHandle) => session.times.iat + absoluteTimeoutSeconds,

    /** Synchronous when the store is (SQLite): no promise on the hot path. May throw: a store failure. */
    lookup(cookieHeader: string | undefined, res: ServerResponse): MaybePromise<SessionLookup> {
      const presented = cookie.read(cookieHeader);
      if (presented.kind === 'absent') return NONE;
      if (presented.kind === 'invalid') return ENDED;
      const active = (session: StoredSessionHandle): SessionLookup => {
        if (presented.secretIndex > 0) appendSetCookie(res, cookie.issue(session.id, endOf(session.times)));
        return { kind: 'active', session };
      };
      return andThen(store.load(presented.sessionId, presented.secretIndex), (session) => {
        if (!session || endOf(session.times) <= epochSeconds(clock)) return ENDED;
        // A secret rotation: the row moves under the newest secret on its first use, and the
        // cookie is signed anew; both stay valid until then.
        if (session.secretIndex > 0) return store.moveToNewestSecret(session).then((moved) => (moved ? active(session) : ENDED));
        return active(session);
      });
    },

    /**
     * Moves the idle expiry (and the cookie's Expires) when the touch interval has passed; within
     * it (most calls) nothing to wait for: undefined.
     */
    slide(session: StoredSessionHandle, res: ServerResponse): Promise<void> | undefined {
      const now = epochSeconds(clock);
      if (now - session.times.uat < touchIntervalSeconds) return undefined;
      const exp = Math.min(now + idleTimeoutSeconds, session.times.iat + absoluteTimeoutSeconds);
      return store.touch(session, now, exp).then(() => appendSetCookie(res, cookie.issue(session.id, exp)));
    },

    /** A new session with a fresh random id (never one the browser sent: no fixation). */
    async start(data: SessionData, res: ServerResponse): Promise<StoredSessionHandle> {
      const now = epochSeconds(clock);
      const exp = now + Math.min(idleTimeoutSeconds, absoluteTimeoutSeconds);
      const session = await store.create(cookie.newSessionId(), data, { iat: now, uat: now, exp });
      appendSetCookie(res, cookie.issue(session.id, exp));
      return session;
    },

    /** Ends a session whose cookie another one replaces in this response (a new login). */
    async discard(session: StoredSessionHandle): Promise<void> {
      await store.destroy(session);
    },

    async end(session: StoredSessionHandle, res: ServerResponse): Promise<void> {
      await store.destroy(session);
      clearCookie(res);
    },

    clearCookie,
  };
}

/** Adds a Set-Cookie header beside those already set (express-openid-connect's, another of ours). */
export function appendSetCookie(res: ServerResponse, value: string): void {
  const previous = res.getHeader('set-cookie');
  if (previous === undefined) res.setHeader('set-cookie', value);
  else res.setHeader('set-cookie', [...(Array.isArray(previous) ? previous : [String(previous)]), value]);
}
