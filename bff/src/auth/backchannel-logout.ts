import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { epochSeconds, type Clock } from '../clock.js';
import type { BackchannelLogoutContext, LogoutTokenClaims } from '../oidc/openid-protocol.js';
import type { SessionStore } from '../session/session-store.js';
import { LOGOUT_TOKEN_CLOCK_SKEW_SECONDS, LOGOUT_TOKEN_MAX_AGE_SECONDS, logoutTokenRefusal } from './logout-token-rules.js';

export type BackchannelEvents = {
  backchannelLoggedOut?(sub: string | undefined, sessions: number): void;
  /** A logout token refused: why, for the log (the answer itself says nothing specific). */
  backchannelLogoutRefused?(reason: string): void;
};

const REFUSED = { error: 'invalid_request', error_description: 'The logout token was refused' };
// A token is remembered as long as it could pass the iat check: a replay after that fails on iat.
const REMEMBER_MS = (LOGOUT_TOKEN_MAX_AGE_SECONDS + 2 * LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) * 1000;

class LogoutTokenRefused extends Error {}

/**
 * OpenID Back-Channel Logout 1.0: express-openid-connect verifies the logout token (signature,
 * issuer, audience, event, no nonce, sub or sid) and hands over its claims; here the rest: a
 * recent `iat`, a `jti` seen for the first time — remembered in the session store, so every
 * instance agrees — and then the sessions of that IdP session (`sid`, §2.7) or, with a `sub`
 * alone, all of the user's end. Any refusal is a 400 with one fixed description; the detail (a
 * library's wording included) goes to the log only.
 */
export function backchannelLogout(deps: { store: SessionStore; clock: Clock; events?: BackchannelEvents }) {
  const { store, clock, events = {} } = deps;
  const { backend } = store;

  return {
    async endSessions(claims: LogoutTokenClaims): Promise<void> {
      const refusal = logoutTokenRefusal(claims, epochSeconds(clock));
      const seen = `logout-jti:${createHash('sha256').update(String(claims.iss)).update('\0').update(String(claims.jti)).digest('base64url')}`;
      if (refusal !== undefined || !(await backend.acquireLock(seen, REMEMBER_MS))) {
        events.backchannelLogoutRefused?.(refusal ?? 'replayed (jti already used)');
        throw new LogoutTokenRefused(refusal);
      }
      try {
        let ended = 0;
        if (typeof claims.sid === 'string') ended = await store.destroyByIdpSession(claims.sid);
        else if (typeof claims.sub === 'string') ended = await store.destroyBySubject(claims.sub);
        events.backchannelLoggedOut?.(typeof claims.sub === 'string' ? claims.sub : undefined, ended);
      } catch (error) {
        // Nothing ended: the IdP may send the same token again.
        await backend.releaseLock(seen).catch(() => undefined);
        events.backchannelLogoutRefused?.(`the sessions could not be ended: ${(error as Error).message}`);
        throw error;
      }
    },
    /** Runs the library's verification; every refusal it answers goes out with the fixed description. */
    receive: function receiveLogoutToken(_req, res) {
      const json = res.json.bind(res);
      res.json = (body: { error?: unknown; error_description?: unknown }) => {
        // `application_error`: endSessions refused or failed and said why already.
        if (body.error !== 'application_error') events.backchannelLogoutRefused?.(`${String(body.error)}: ${String(body.error_description)}`);
        return json(REFUSED);
      };
      return (res.oidc as unknown as BackchannelLogoutContext).backchannelLogout();
    } satisfies RequestHandler,
  };
}
