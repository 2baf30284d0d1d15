import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import eoc from 'express-openid-connect';
import type { BffConfig } from '../config.js';
import type { SessionStore } from '../session/session-store.js';

export const CALLBACK_PATH = '/auth/callback';
export const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout';

/** For the audit log and metrics: a completed login, a session ended by the IdP. */
export type OidcEvents = {
  loggedIn?(sub: string | undefined): void;
  backchannelLoggedOut?(sub: string | undefined, sessions: number): void;
};

/**
 * express-openid-connect does the code flow (PKCE, state, nonce, ID-token checks) and the session
 * cookie (`<id>.<hmac>` only). Login and logout are our own routes (safe returnTo, logout needs
 * the session's `lid`); back-channel logout destroys the sessions instead of writing markers.
 */
export function openidAuth(config: BffConfig, store: SessionStore, events: OidcEvents = {}): RequestHandler {
  return eoc.auth({
    authRequired: false,
    idpLogout: true,
    enableTelemetry: false,
    baseURL: config.appBaseUrl,
    issuerBaseURL: config.issuerBaseUrl,
    clientID: config.clientId,
    clientSecret: config.clientSecret,
    clientAuthMethod: 'client_secret_basic',
    secret: config.sessionSecret,
    httpTimeout: 5000,
    authorizationParams: { response_type: 'code', scope: config.scope, audience: config.audience },
    routes: { login: false, logout: false, callback: CALLBACK_PATH, backchannelLogout: BACKCHANNEL_LOGOUT_PATH, postLogoutRedirect: '/' },
    // The IdP session id is not for the browser, nor are token timestamps.
    identityClaimFilter: ['aud', 'iss', 'iat', 'exp', 'nbf', 'nonce', 'azp', 'auth_time', 's_hash', 'at_hash', 'c_hash', 'sid'],
    session: {
      name: config.cookieName,
      store: store.eocStore as never,
      genid: () => randomBytes(32).toString('base64url'),
      signSessionStoreCookie: true,
      requireSignedSessionStoreCookie: true,
      rolling: true,
      rollingDuration: config.idleTimeoutSeconds,
      absoluteDuration: config.absoluteTimeoutSeconds,
      cookie: { httpOnly: true, secure: config.secure, sameSite: config.cookieSameSite, path: '/' },
    },
    transactionCookie: { sameSite: 'Lax' },
    legacySameSiteCookie: false,
    afterCallback: (req, _res, session) => {
      // The ID token was verified just before this hook; req.oidc reads the new session's claims.
      const sub = req.oidc.idTokenClaims?.sub;
      events.loggedIn?.(sub);
      // `sub` kept beside the tokens: the /api fast path logs it without decoding the ID token.
      return { ...session, lid: randomBytes(16).toString('base64url'), sub };
    },
    backchannelLogout: {
      isLoggedOut: false,
      onLogin: false,
      // OpenID Back-Channel Logout 1.0 §2.7: a sid ends that IdP session's logins, a sub alone all of the user's.
      async onLogoutToken(token: { sid?: unknown; sub?: unknown }) {
        let ended = 0;
        if (typeof token.sid === 'string') ended = await store.destroyByIdpSession(token.sid);
        else if (typeof token.sub === 'string') ended = await store.destroyBySubject(token.sub);
        events.backchannelLoggedOut?.(typeof token.sub === 'string' ? token.sub : undefined, ended);
      },
    },
  }) as RequestHandler;
}
