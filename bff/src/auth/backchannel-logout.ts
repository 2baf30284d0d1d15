import type { RequestHandler } from 'express';
import type { BackchannelLogoutContext, LogoutTokenClaims } from '../oidc/openid-protocol.js';
import type { SessionStore } from '../session/session-store.js';

export type BackchannelEvents = {
  backchannelLoggedOut?(sub: string | undefined, sessions: number): void;
};

/**
 * OpenID Back-Channel Logout 1.0: express-openid-connect verifies the logout token and calls
 * `endSessions` with its claims; the sessions of that IdP session (`sid`, §2.7) or, with a `sub`
 * alone, all of the user's end.
 */
export function backchannelLogout(deps: { store: SessionStore; events?: BackchannelEvents }) {
  const { store, events = {} } = deps;
  return {
    async endSessions(claims: LogoutTokenClaims): Promise<void> {
      let ended = 0;
      if (typeof claims.sid === 'string') ended = await store.destroyByIdpSession(claims.sid);
      else if (typeof claims.sub === 'string') ended = await store.destroyBySubject(claims.sub);
      events.backchannelLoggedOut?.(typeof claims.sub === 'string' ? claims.sub : undefined, ended);
    },
    /** Runs the verification and answers (204, or 400 with the library's JSON). */
    receive: function receiveLogoutToken(_req, res) {
      return (res.oidc as unknown as BackchannelLogoutContext).backchannelLogout();
    } satisfies RequestHandler,
  };
}
