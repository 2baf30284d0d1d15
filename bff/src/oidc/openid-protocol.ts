import type { Request, RequestHandler, Response } from 'express';
import eoc from 'express-openid-connect';
import type { BffConfig } from '../config.js';
import { eocClientAuthentication } from './client-authentication.js';

export const CALLBACK_PATH = '/auth/callback';
export const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout';

/** What a completed code flow yields: the ID token was verified (signature, iss, aud, nonce). */
export type CompletedLogin = Readonly<{
  sub: string;
  /** The ID token's user claims, protocol claims removed. */
  user: Record<string, unknown>;
  sid?: string;
  idToken: string;
  accessToken?: string;
  refreshToken?: string;
  tokenType?: string;
  expiresAt?: number;
}>;

/** Claims of a logout token express-openid-connect verified (signature, iss, aud, events, no nonce, sub or sid). */
export type LogoutTokenClaims = Readonly<Record<string, unknown>>;

/** express-openid-connect's back-channel logout handler, missing from its type declarations. */
export type BackchannelLogoutContext = { backchannelLogout(): Promise<void> };

// Claims that describe the token, not the user: kept out of /auth/user (the IdP's session id too).
const PROTOCOL_CLAIMS = ['aud', 'iss', 'iat', 'exp', 'nbf', 'nonce', 'azp', 'auth_time', 's_hash', 'at_hash', 'c_hash', 'sid'];

/**
 * express-openid-connect for the protocol only: the authorization request (state, nonce, PKCE and
 * the transaction cookie), the callback (code exchange, ID-token validation) and the validation of
 * back-channel logout tokens. It keeps no session: the callback hands the result to `loggedIn`,
 * which starts the BFF's own session, and gives the library an empty one back, so it writes no
 * session cookie. Run it in front of /auth/login, /auth/callback and /auth/backchannel-logout only;
 * its own routes are off (our handlers call res.oidc.login/callback/backchannelLogout).
 */
export function openidProtocol(
  config: BffConfig,
  hooks: {
    loggedIn(req: Request, res: Response, login: CompletedLogin): Promise<void>;
    logoutToken(claims: LogoutTokenClaims): Promise<void>;
  },
): RequestHandler {
  return eoc.auth({
    authRequired: false,
    idpLogout: false,
    enableTelemetry: false,
    baseURL: config.appBaseUrl,
    issuerBaseURL: config.issuerBaseUrl,
    clientID: config.clientId,
    ...eocClientAuthentication(config.clientAuth),
    // The transaction cookie's signing keys; newest first, so a rotation does not break a login in flight.
    secret: [...config.sessionSecrets],
    httpTimeout: 5000,
    idTokenSigningAlg: config.provider.idTokenSigningAlg,
    authorizationParams: {
      ...config.provider.authorizeParams,
      ...(config.provider.organization ? { organization: config.provider.organization } : {}),
      response_type: 'code',
      scope: config.scope,
      audience: config.audience,
      redirect_uri: `${config.appBaseUrl}${CALLBACK_PATH}`,
    },
    // Never matched where this runs (mounted under /auth, it sees /callback…): our routes call it.
    routes: { login: false, logout: false, callback: false, backchannelLogout: BACKCHANNEL_LOGOUT_PATH },
    identityClaimFilter: PROTOCOL_CLAIMS,
    session: {
      // The library's own session: never filled, so never written (see afterCallback).
      name: `${config.cookieName.replace(/^__Host-/, '')}_oidc_unused`,
      cookie: { httpOnly: true, secure: config.secure, sameSite: 'Lax', path: '/' },
    },
    // __Host- over https (RFC 6265bis): a transaction cookie planted from a sibling domain or an
    // earlier http visit cannot be taken for ours (login CSRF). Lax: the IdP's redirect back is a
    // top-level GET navigation.
    transactionCookie: { name: config.secure ? '__Host-bff_auth' : 'bff_auth', sameSite: 'Lax' },
    legacySameSiteCookie: false,
    async afterCallback(req, res, session) {
      const claims: Record<string, unknown> = req.oidc.idTokenClaims ?? {};
      if (typeof claims.sub !== 'string' || typeof session.id_token !== 'string') throw loginRefused('invalid_id_token', 'the ID token has no subject');
      const organization = config.provider.organization;
      if (organization && !sameOrganization(claims, organization)) {
        throw loginRefused('organization_mismatch', `the ID token is not for the organization ${organization} (org_id / org_name)`);
      }
      await hooks.loggedIn(req, res, {
        sub: claims.sub,
        user: { ...req.oidc.user },
        sid: typeof claims.sid === 'string' ? claims.sid : undefined,
        idToken: session.id_token,
        accessToken: session.access_token,
        refreshToken: session.refresh_token,
        tokenType: session.token_type,
        expiresAt: typeof session.expires_at === 'number' ? session.expires_at : undefined,
      });
      // Nothing for the library to keep: with an empty session it writes no cookie of its own.
      return {} as typeof session;
    },
    backchannelLogout: {
      isLoggedOut: false,
      onLogin: false,
      onLogoutToken: (token: object) => hooks.logoutToken(token as LogoutTokenClaims),
    },
  }) as RequestHandler;
}

/** Auth0 Organizations: an `org_…` value is an id, compared exactly; anything else a name, without case. */
function sameOrganization(claims: Record<string, unknown>, organization: string): boolean {
  if (organization.startsWith('org_')) return claims.org_id === organization;
  return typeof claims.org_name === 'string' && claims.org_name.toLowerCase() === organization.toLowerCase();
}

/** A refusal of the login, shaped like the library's own (400, error, error_description): the audit log names it. */
function loginRefused(error: string, description: string): Error {
  return Object.assign(new Error(description), { status: 400, error, error_description: description });
}
