import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { notAuthenticated, sessionExpired, type HttpError } from '../http-error.js';

/**
 * Why there is no session: a browser that still sends a session cookie had one that ended
 * (expired, logged out elsewhere, back-channel logout): the app can say so instead of "log in".
 */
export function noSessionError(req: IncomingMessage, cookieName: string): HttpError {
  return req.headers.cookie?.includes(`${cookieName}=`) ? sessionExpired() : notAuthenticated();
}

/** /api needs a logged-in session: anonymous calls get 401 JSON, never a redirect to the IdP. */
export function requireSession(cookieName: string): RequestHandler {
  return function requireLoggedIn(req, _res, next) {
    next(req.oidc.isAuthenticated() ? undefined : noSessionError(req, cookieName));
  };
}
