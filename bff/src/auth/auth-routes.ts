import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { Clock } from '../clock.js';
import type { BffConfig } from '../config.js';
import { HttpError } from '../http-error.js';
import { rateLimit, type RateLimitEvents } from '../security/rate-limit.js';
import type { IssuerDiscovery } from '../oidc/issuer-metadata.js';
import { CALLBACK_PATH, openidProtocol } from '../oidc/openid-protocol.js';
import { sessionOf } from '../session/request-session.js';
import { optionalSession, requireSession } from '../session/require-session.js';
import type { SessionStore } from '../session/session-store.js';
import type { Sessions } from '../session/sessions.js';
import { grantedScopes } from '../tokens/granted-scopes.js';
import type { TokenClient } from '../tokens/token-client.js';
import { backchannelLogout, type BackchannelEvents } from './backchannel-logout.js';
import { endSessionUrl } from './end-session-url.js';
import { finishLogin, type LoginEvents } from './finish-login.js';
import { passedThrough } from './login-parameters.js';
import { safeReturnTo } from './safe-return-to.js';
import { sessionRoutes } from './session-routes.js';
import { yourSessions, type YourSessionsEvents } from './your-sessions.js';

export type AuthEvents = LoginEvents & BackchannelEvents & RateLimitEvents & YourSessionsEvents & { loggedOut?(sub: string | undefined): void };

/** /auth: login, callback and back-channel logout (the protocol), the user, logout. */
export function authRoutes(deps: {
  config: BffConfig;
  sessions: Sessions;
  store: SessionStore;
  tokenClient: TokenClient;
  discovery: IssuerDiscovery;
  clock: Clock;
  /** Warnings about the provider (said once). */
  warn?: (message: string) => void;
  events?: AuthEvents;
}) {
  const { config, sessions, store, tokenClient, discovery, clock, warn, events = {} } = deps;
  const backchannel = backchannelLogout({ store, clock, events });
  const owned = yourSessions({ store, tokenClient, limit: config.sessionsPerUser, events });
  const protocol = openidProtocol(config, {
    loggedIn: finishLogin({ sessions, tokenClient, clock, owned, warn, events }),
    logoutToken: backchannel.endSessions,
  });
  const router = Router();
  // A burst of anonymous logins would start transactions at the IdP without end: both halves of
  // the flow share one budget per client address.
  const loginLimit = rateLimit({
    scope: 'login',
    limit: config.loginRateLimit,
    windowSeconds: 60,
    backend: store.backend,
    trustProxy: config.trustProxy,
    keyOf: (address) => store.hashedName('login-rate', address),
    events,
  });

  // Starting a login ends nothing: the callback replaces a session this browser still has.
  router.get('/login', loginLimit, protocol, (req, res) =>
    res.oidc.login({ returnTo: safeReturnTo(req.query.returnTo, config.appBaseUrl), authorizationParams: passedThrough(req.query) }),
  );
  router.get('/callback', loginLimit, protocol, (_req, res) => res.oidc.callback({ redirectUri: `${config.appBaseUrl}${CALLBACK_PATH}` }));
  router.post('/backchannel-logout', express.urlencoded({ extended: false, limit: '64kb' }), protocol, backchannel.receive);

  router.get('/user', requireSession(sessions, { slide: false }), async (req, res) => {
    const session = sessionOf(req) as NonNullable<ReturnType<typeof sessionOf>>;
    // slide=false: a background check of the session must not keep it alive.
    if (req.query.slide !== 'false') await sessions.slide(session, res);
    const { uat } = session.times;
    res.json({
      user: session.data.user,
      session: {
        expiresAt: sessions.expiresAt(session),
        idleExpiresAt: uat + config.idleTimeoutSeconds,
        absoluteExpiresAt: sessions.absoluteExpiresAt(session),
        idleTimeoutSeconds: config.idleTimeoutSeconds,
      },
      // For the app's wording only (the API enforces): never the token itself.
      scopes: grantedScopes(session.data.access_token, session.data.scope ?? config.scope),
      logoutUrl: `/auth/logout?sid=${encodeURIComponent(session.data.lid)}`,
    });
  });

  // Logout is a GET link (the IdP's end-session flow is a redirect), so it must prove it comes
  // from the app: only the current session's `lid`, read from /auth/user, ends it.
  router.get('/logout', optionalSession(sessions), async (req, res) => {
    const session = sessionOf(req);
    const presented = typeof req.query.sid === 'string' ? req.query.sid : '';
    if (!session || !sameSecret(presented, session.data.lid)) {
      res.redirect(303, '/');
      return;
    }
    await sessions.end(session, res);
    if (typeof session.data.refresh_token === 'string') await tokenClient.revoke(session.data.refresh_token, 'refresh_token');
    events.loggedOut?.(session.data.sub);
    // The session is over here whatever the IdP does; without its metadata the logout stays local.
    const metadata = await discovery.get().catch(() => undefined);
    res.redirect(
      endSessionUrl(metadata, {
        mode: config.provider.idpLogout,
        clientId: config.clientId,
        returnTo: `${config.appBaseUrl}/`,
        ...(config.provider.logoutIdTokenHint && session.data.id_token ? { idTokenHint: session.data.id_token } : {}),
      }),
    );
  });

  router.use('/sessions', sessionRoutes({ sessions, owned, appBaseUrl: config.appBaseUrl }));

  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'No such /auth route')));
  return router;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
