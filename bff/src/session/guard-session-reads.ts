import type { RequestHandler } from 'express';
import { storeUnavailable } from '../http-error.js';
import type { RequestSession } from './request-session.js';
import type { SessionStore } from './session-store.js';

// A string key: express-openid-connect counts Object.keys() to decide a session exists.
const UNREAD = '__bff_session_unread';

type EocStore = SessionStore['eocStore'];

/**
 * express-openid-connect swallows an error from `store.get` and carries on as if there were no
 * session: it clears the cookie and destroys the stored session at the end of the request, so
 * one failed read (a Redis timeout, a busy SQLite file) logs the user out for good. Here a failed
 * read becomes a placeholder session that is never written; the request then answers 503 and
 * the cookie and the stored session stay as they were.
 */
export function guardSessionReads(store: SessionStore, session: RequestSession, idleTimeoutSeconds: number): { store: SessionStore; refuseUnreadSession: RequestHandler } {
  const inner = store.eocStore;
  // Plain async methods only: express-openid-connect inspects their source to pick a calling style.
  const eocStore: EocStore = {
    async get(sessionId: string) {
      try {
        return await inner.get(sessionId);
      } catch (error) {
        const now = Math.floor(Date.now() / 1000);
        // The cookie is re-sent with this expiry: a full idle period, so an outage shortens nothing.
        return { header: { iat: now, uat: now, exp: now + idleTimeoutSeconds }, data: { [UNREAD]: error } };
      }
    },
    async set(sessionId: string, value: Parameters<EocStore['set']>[1]) {
      if (UNREAD in value.data) return;
      await inner.set(sessionId, value);
    },
    async destroy(sessionId: string) {
      await inner.destroy(sessionId);
    },
  };

  const refuseUnreadSession: RequestHandler = function refuseUnreadSession(req, _res, next) {
    const data = session.get(req);
    next(data && UNREAD in data ? storeUnavailable(data[UNREAD]) : undefined);
  };
  return { store: { ...store, eocStore }, refuseUnreadSession };
}
