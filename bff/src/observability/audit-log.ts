import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuthEvents } from '../auth/auth-routes.js';
import type { HttpError } from '../http-error.js';
import { loginFailureCause } from '../oidc/login-failure.js';
import { CALLBACK_PATH } from '../oidc/openid-protocol.js';
import { subjectOf } from '../session/request-session.js';
import type { TokenEvents } from '../tokens/access-tokens.js';

export type AuditLog = Required<TokenEvents & AuthEvents> & {
  /** A request the error handler refused: the security-relevant refusals become audit lines. */
  rejected(req: Request, error: HttpError): void;
};

/**
 * Security events as log lines with `audit: true` and a stable `event` name, so a log pipeline can
 * route them to an audit store. They name the user (`sub`) and never a token or a session id.
 */
export function createAuditLog(logger: Logger): AuditLog {
  const audit = logger.child({ audit: true });
  return {
    loggedIn: (sub) => audit.info({ event: 'login', sub }, 'user logged in'),
    loggedOut: (sub) => audit.info({ event: 'logout', sub }, 'user logged out'),
    sessionReplaced: (sub) => audit.info({ event: 'session_replaced', sub }, 'a new login replaced the session (refresh token revoked)'),
    refreshed: (sub) => audit.info({ event: 'token_refresh', sub }, 'access token refreshed'),
    refreshFailed: (reason, sub) => audit.warn({ event: 'token_refresh_failed', reason, sub }, 'refresh refused: the session ended'),
    backchannelLoggedOut: (sub, sessions) => audit.info({ event: 'backchannel_logout', sub, sessions }, 'the IdP ended a session'),
    sessionEnded: (sub, by) =>
      audit.info({ event: by === 'cap' ? 'session_evicted' : 'session_ended', sub, by }, by === 'cap' ? 'a login beyond SESSIONS_PER_USER ended the least recently used session' : 'the user ended one of their sessions'),
    rateLimited: (scope) => audit.warn({ event: 'rate_limited', scope }, 'requests refused: over the rate limit'),
    backchannelLogoutRefused: (reason) => audit.warn({ event: 'backchannel_logout_rejected', reason }, 'logout token refused'),
    rejected(req, error) {
      const path = req.path;
      if (error.code === 'csrf') {
        const sub = subjectOf(req);
        audit.warn({ event: 'csrf_rejected', reqId: req.id, sub, path, reason: error.description }, 'request refused by the CSRF check');
      } else if (path === CALLBACK_PATH && error.status < 500) {
        const cause = loginFailureCause(error.cause);
        audit.warn({ event: 'login_failed', reqId: req.id, reason: error.code, cause: cause.error, detail: cause.description }, 'login callback refused');
      }
    },
  };
}
