import type { IncomingMessage } from 'node:http';
import type { SessionData } from './session-store.js';

export type RequestSession = Readonly<{
  /** The session express-openid-connect loaded for this request ({} when anonymous). */
  get(req: IncomingMessage): SessionData | undefined;
  /** Ends it: express-openid-connect destroys it in the store and clears the cookie. */
  end(req: IncomingMessage): void;
}>;

/** express-openid-connect keeps the session on `req[<cookie name>]`: one place knows that. */
export function requestSession(cookieName: string): RequestSession {
  type Carrier = Record<string, SessionData | undefined>;
  return Object.freeze({
    get: (req: IncomingMessage) => (req as unknown as Carrier)[cookieName],
    end: (req: IncomingMessage) => {
      (req as unknown as Carrier)[cookieName] = undefined;
    },
  });
}
