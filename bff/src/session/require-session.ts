import { notAuthenticated, sessionExpired, storeUnavailable } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';
import { attachSession } from './request-session.js';
import type { MaybePromise } from './maybe-async.js';
import type { SessionLookup, Sessions } from './sessions.js';

/**
 * The request needs a live session: 401 `not_authenticated` without a cookie, 401
 * `session_expired` when the cookie's session is gone (the error handler clears the cookie), 503
 * when the store cannot tell. `slide`: the request counts as activity (every /api call does;
 * /auth/user?slide=false, a background check, does not).
 */
export function requireSession(sessions: Sessions, options: { slide: boolean }): NodeHandler {
  return function loadSession(req, res, next) {
    // On a store that answers at once (SQLite) and within the touch interval, this step takes no
    // promise at all: it runs on every /api call.
    return whenFound(sessions, req.headers.cookie, res, next, (found) => {
      if (found.kind === 'none') return next(notAuthenticated());
      if (found.kind === 'ended') return next(sessionExpired());
      attachSession(req, found.session);
      const touching = options.slide ? sessions.slide(found.session, res) : undefined;
      if (!touching) return next();
      return touching.then(() => next());
    });
  };
}

/** The session when there is one (logout, the login callback); a dead cookie is cleared. */
export function optionalSession(sessions: Sessions): NodeHandler {
  return function loadOptionalSession(req, res, next) {
    return whenFound(sessions, req.headers.cookie, res, next, (found) => {
      if (found.kind === 'active') attachSession(req, found.session);
      else if (found.kind === 'ended') sessions.clearCookie(res);
      next();
    });
  };
}

/** `then` with the lookup's result; a failed read (a Redis timeout, a busy file) is a 503, never "no session". */
function whenFound(
  sessions: Sessions,
  cookieHeader: string | undefined,
  res: Parameters<Sessions['lookup']>[1],
  next: (error?: unknown) => void,
  then: (found: SessionLookup) => unknown,
): unknown {
  let found: MaybePromise<SessionLookup>;
  try {
    found = sessions.lookup(cookieHeader, res);
  } catch (error) {
    return next(storeUnavailable(error));
  }
  if (!(found instanceof Promise)) return then(found);
  return found.then(then, (error: unknown) => next(storeUnavailable(error)));
}
