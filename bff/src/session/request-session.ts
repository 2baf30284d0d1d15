import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionData } from './session-store.js';

export type RequestSession = Readonly<{
  /** The session of this request: express-openid-connect's ({} when anonymous) or the /api fast path's. */
  get(req: IncomingMessage): SessionData | undefined;
  /** The /api fast path's session (express-openid-connect does not run there). */
  attach(req: IncomingMessage, data: SessionData): void;
  /**
   * Ends it in this response. On express-openid-connect's path it destroys the stored session and
   * clears the cookie itself; on the fast path the store is already done with, the cookie is cleared here.
   */
  end(req: IncomingMessage, res: ServerResponse): void;
}>;

const FAST_PATH = Symbol('apiFastPathSession');
const SUBJECT = Symbol('sessionSubject');

/** The user of this request for logs and audit (never a token): the fast path's or express-openid-connect's. */
export function subjectOf(req: IncomingMessage): string | undefined {
  const carrier = req as IncomingMessage & { [SUBJECT]?: string; oidc?: { idTokenClaims?: { sub?: unknown } } };
  const sub = carrier[SUBJECT] ?? carrier.oidc?.idTokenClaims?.sub;
  return typeof sub === 'string' ? sub : undefined;
}

/** express-openid-connect keeps the session on `req[<cookie name>]`: one place knows that. */
export function requestSession(cookieName: string, cookie: { secure: boolean; sameSite: 'Lax' | 'Strict' }): RequestSession {
  type Carrier = Record<string | symbol, unknown>;
  const clearOptions = { path: '/', httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite.toLowerCase() as 'lax' | 'strict' };
  return Object.freeze({
    get: (req: IncomingMessage) => (req as unknown as Carrier)[cookieName] as SessionData | undefined,
    attach(req: IncomingMessage, data: SessionData) {
      (req as unknown as Carrier)[cookieName] = data;
      (req as unknown as Carrier)[FAST_PATH] = true;
      if (typeof data.sub === 'string') (req as unknown as Carrier)[SUBJECT] = data.sub;
    },
    end(req: IncomingMessage, res: ServerResponse) {
      const carrier = req as unknown as Carrier;
      // The fast path, or a refusal before any session layer ran (a forged or stale cookie on /api):
      // nothing else will clear the cookie.
      if (carrier[FAST_PATH] || !(cookieName in carrier)) {
        if (!res.headersSent) (res as ServerResponse & { clearCookie(name: string, options: object): void }).clearCookie(cookieName, clearOptions);
        carrier[cookieName] = undefined;
        return;
      }
      carrier[cookieName] = undefined;
    },
  });
}
