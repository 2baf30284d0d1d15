import { notAuthenticated, sessionExpired, storeUnavailable } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';
import { attachSession } from './request-session.js';
import type { Sessions } from './sessions.js';

/**
 * The request needs a live session: 401 `not_authenticated` without a cookie, 401
 * `session_expired` when the cookie's session is gone (the error handler clears the cookie), 503
 * when the store cannot tell. `slide`: the request counts as activity (every /api call does;
 * /auth/user?slide=false, a background check, does not).
 */
export function requireSession(sessions: Sessions, options: { slide: boolean }): NodeHandler {
  return async function loadSession(req, res, next) {
    const found = await lookup(sessions, req.headers.cookie, res);
    if (found.kind === 'none') return next(notAuthenticated());
    if (found.kind === 'ended') return next(sessionExpired());
    attachSession(req, found.session);
    // Most calls move nothing (the touch interval): then nothing is awaited either.
    const touching = options.slide ? sessions.slide(found.session, res) : undefined;
    if (touching) await touching;
    next();
  };
}

/** The session when there is one (logout, the login callback); a dead cookie is cleared. */
export function optionalSession(sessions: Sessions): NodeHandler {
  return async function loadOptionalSession(req, res, next) {
    const found = await lookup(sessions, req.headers.cookie, res);
    if (found.kind === 'active') attachSession(req, found.session);
    else if (found.kind === 'ended') sessions.clearCookie(res);
    next();
  };
}

function lookup(sessions: Sessions, cookieHeader: string | undefined, res: Parameters<Sessions['lookup']>[1]) {
  // Whatever failed the read (a Redis timeout, a busy file), it is not "no session".
  return sessions.lookup(cookieHeader, res).catch((error: unknown) => {
    throw storeUnavailable(error);
  });
}
