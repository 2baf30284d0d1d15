import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { BffConfig } from '../config.js';
import { HttpError } from '../http-error.js';
import type { RequestSession } from '../session/request-session.js';
import type { SessionStore } from '../session/session-store.js';
import { grantedScopes } from '../tokens/granted-scopes.js';
import type { TokenClient } from '../tokens/token-client.js';
import { noSessionError } from './no-session-error.js';
import { safeReturnTo } from './safe-return-to.js';

export type AuthEvents = { loggedOut?(sub: string | undefined): void };

/** /auth/login, /auth/user, /auth/logout (the callback and back-channel logout are express-openid-connect's). */
export function authRoutes(deps: { config: BffConfig; store: SessionStore; session: RequestSession; tokenClient: TokenClient; events?: AuthEvents }) {
  const { config, store, session, tokenClient, events = {} } = deps;
  const router = Router();

  router.get('/login', (req, res) => {
    // A login always starts a new session: ending the current one here means the callback can
    // never keep an old id (express-openid-connect keeps it when the same user logs in again).
    if (req.oidc.isAuthenticated()) session.end(req, res);
    return res.oidc.login({ returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.get('/user', (req, res) => {
    const data = session.get(req);
    if (!req.oidc.isAuthenticated() || !data) throw noSessionError(req, config.cookieName);
    if (req.query.slide === 'false') store.doNotSlide(data);
    const header = store.headerOf(data);
    const idleExpiresAt = header ? header.uat + config.idleTimeoutSeconds : undefined;
    const absoluteExpiresAt = header ? header.iat + config.absoluteTimeoutSeconds : undefined;
    res.json({
      user: req.oidc.user,
      session: {
        expiresAt: header ? Math.min(header.exp, idleExpiresAt ?? header.exp, absoluteExpiresAt ?? header.exp) : undefined,
        idleExpiresAt,
        absoluteExpiresAt,
      },
      scopes: grantedScopes(data.access_token, config.scope),
      logoutUrl: `/auth/logout?sid=${encodeURIComponent(String(data.lid ?? ''))}`,
    });
  });

  // Logout is a GET link (the IdP's end-session flow is a redirect), so it must prove it comes
  // from the app: only the current session's `lid`, read from /auth/user, ends it.
  router.get('/logout', async (req, res) => {
    const data = session.get(req);
    const presented = typeof req.query.sid === 'string' ? req.query.sid : '';
    if (!req.oidc.isAuthenticated() || !data || typeof data.lid !== 'string' || !sameSecret(presented, data.lid)) {
      res.redirect(303, '/');
      return;
    }
    if (typeof data.refresh_token === 'string') await tokenClient.revoke(data.refresh_token, 'refresh_token');
    events.loggedOut?.(req.oidc.user?.sub as string | undefined);
    // client_id instead of id_token_hint (RP-Initiated Logout 1.0 §2): an ID token in the
    // end-session URL would land in the browser's address bar and history.
    await res.oidc.logout({ returnTo: `${config.appBaseUrl}/`, logoutParams: { id_token_hint: null, client_id: config.clientId } });
  });

  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'No such /auth route')));
  return router;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
