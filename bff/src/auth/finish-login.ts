import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { epochSeconds, type Clock } from '../clock.js';
import type { CompletedLogin } from '../oidc/openid-protocol.js';
import type { SessionData } from '../session/session-store.js';
import type { Sessions } from '../session/sessions.js';
import type { TokenClient } from '../tokens/token-client.js';
import { deviceName } from './device-name.js';
import type { yourSessions } from './your-sessions.js';

export type LoginEvents = {
  loggedIn?(sub: string): void;
  /** A login in a browser that still had a session: the old one ended. */
  sessionReplaced?(sub: string): void;
};

/**
 * The end of the code flow: a new session with a fresh id (never the one the browser sent), the
 * tokens sealed in the store. A session this browser still had ends here, and only here — starting
 * a login ends nothing (a cross-site link to /auth/login must not log anyone out) — and properly:
 * its refresh token is revoked at the IdP. Then the user's sessions beyond SESSIONS_PER_USER end,
 * the least recently used first.
 */
export function finishLogin(deps: {
  sessions: Sessions;
  tokenClient: TokenClient;
  clock: Clock;
  owned: ReturnType<typeof yourSessions>;
  /** Told once, at the first login without a refresh token. */
  warn?: (message: string) => void;
  events?: LoginEvents;
}) {
  const { sessions, tokenClient, clock, owned, warn, events = {} } = deps;
  let warnedNoRefreshToken = false;
  return async function startSession(req: Request, res: Response, login: CompletedLogin): Promise<void> {
    // The session this browser had, if the store can tell (when it cannot, the new one still starts).
    const previous = await Promise.resolve()
      .then(() => sessions.lookup(req.headers.cookie, res))
      .catch(() => undefined);
    const now = epochSeconds(clock);
    // express-openid-connect computes expires_at on the wall clock: keep the lifetime, on our clock.
    const expiresIn = login.expiresAt === undefined ? undefined : login.expiresAt - Math.floor(Date.now() / 1000);
    const data: SessionData = {
      sub: login.sub,
      ...(login.sid ? { sid: login.sid } : {}),
      lid: randomBytes(16).toString('base64url'),
      handle: randomBytes(16).toString('base64url'),
      device: deviceName(req.headers['user-agent']),
      user: login.user,
      id_token: login.idToken,
      access_token: login.accessToken,
      refresh_token: login.refreshToken,
      token_type: login.tokenType,
      expires_at: expiresIn === undefined ? undefined : now + expiresIn,
    };
    await sessions.start(data, res);
    events.loggedIn?.(login.sub);
    if (!login.refreshToken && !warnedNoRefreshToken) {
      warnedNoRefreshToken = true;
      warn?.(`the provider issued no refresh token: sessions end when the access token expires${expiresIn ? ` (after ${expiresIn} s)` : ''}; ask for offline_access in SCOPE and allow it for this client (Auth0: the API's "Allow Offline Access")`);
    }
    if (previous?.kind === 'active') {
      const old = previous.session;
      await sessions.discard(old);
      if (typeof old.data.refresh_token === 'string') await tokenClient.revoke(old.data.refresh_token, 'refresh_token');
      events.sessionReplaced?.(old.data.sub);
    }
    await owned.enforceLimit(login.sub, data.handle);
  };
}
