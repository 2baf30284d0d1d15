import type { RequestHandler } from 'express';
import { storeUnavailable } from '../http-error.js';
import type { SessionBackend } from './session-backend.js';

/**
 * A request with a session cookie while the store is down gets 503. Without this check the
 * session middleware would see "no session" and clear the cookie: a silent logout.
 */
export function requireStoreForSessions(backend: SessionBackend, cookieName: string): RequestHandler {
  const marker = `${cookieName}=`;
  return function requireStore(req, _res, next) {
    if (backend.available() || !req.headers.cookie?.includes(marker)) return next();
    next(storeUnavailable());
  };
}
