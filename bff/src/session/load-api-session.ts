import type { BffConfig } from '../config.js';
import { notAuthenticated, sessionExpired, storeUnavailable } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';
import type { CookieSigner } from './cookie-signature.js';
import { readCookie } from './cookie-signature.js';
import type { RequestSession } from './request-session.js';
import type { SessionStore } from './session-store.js';

/**
 * The /api hot path: cookie → signature → one store read and decrypt → expiry checks, and nothing
 * else. express-openid-connect's session layer (a second signature check through WebCrypto, a
 * cookie re-signed and re-sent on every response, a store write per request) stays on /auth.
 * The same rules as there: signed cookie, idle and absolute timeouts, an ID token present. The
 * idle expiry moves at most once per touch interval, together with the cookie's Expires.
 */
export function loadApiSession(options: { config: BffConfig; store: SessionStore; signer: CookieSigner; session: RequestSession }): NodeHandler {
  const { config, store, signer, session } = options;
  // The attributes express-openid-connect gives the cookie at login (this path runs outside Express).
  const cookieAttributes = `; Path=/; HttpOnly${config.secure ? '; Secure' : ''}; SameSite=${config.cookieSameSite}`;

  return async function loadSession(req, res, next) {
    const cookie = readCookie(req.headers.cookie, config.cookieName);
    if (cookie === undefined) return next(notAuthenticated());
    const sessionId = signer.verify(cookie);
    if (sessionId === undefined) return next(sessionExpired());
    let loaded: Awaited<ReturnType<SessionStore['load']>>;
    try {
      loaded = await store.load(sessionId);
    } catch (error) {
      // Never "no session" on a failed read: that would read as a logout. 503, the cookie kept.
      return next(storeUnavailable(error));
    }
    const now = Math.floor(Date.now() / 1000);
    if (!loaded || typeof loaded.data.id_token !== 'string') return next(sessionExpired());
    const { header, data } = loaded;
    const absoluteEnd = header.iat + config.absoluteTimeoutSeconds;
    if (header.exp <= now || header.uat + config.idleTimeoutSeconds <= now || absoluteEnd <= now) return next(sessionExpired());

    session.attach(req, data);
    if (now - header.uat >= config.touchIntervalSeconds) {
      const exp = Math.min(now + config.idleTimeoutSeconds, absoluteEnd);
      await store.touch(data, now, exp);
      res.setHeader('set-cookie', `${config.cookieName}=${encodeURIComponent(cookie)}; Expires=${new Date(exp * 1000).toUTCString()}${cookieAttributes}`);
    }
    next();
  };
}
