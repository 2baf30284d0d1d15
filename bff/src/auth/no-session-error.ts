import type { IncomingMessage } from 'node:http';
import { notAuthenticated, sessionExpired, type HttpError } from '../http-error.js';

/**
 * Why there is no session: a browser that still sends a session cookie had one that ended
 * (expired, logged out elsewhere, back-channel logout): the app can say so instead of "log in".
 */
export function noSessionError(req: IncomingMessage, cookieName: string): HttpError {
  return req.headers.cookie?.includes(`${cookieName}=`) ? sessionExpired() : notAuthenticated();
}
