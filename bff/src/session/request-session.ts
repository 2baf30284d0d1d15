import type { IncomingMessage } from 'node:http';
import type { StoredSessionHandle } from './session-store.js';

const SESSION = Symbol('bffSession');
type Carrier = IncomingMessage & { [SESSION]?: StoredSessionHandle };

/** Gives this request its session (requireSession / optionalSession do, once per request). */
export function attachSession(req: IncomingMessage, session: StoredSessionHandle): void {
  (req as Carrier)[SESSION] = session;
}

/** The session this request loaded, if any. */
export function sessionOf(req: IncomingMessage): StoredSessionHandle | undefined {
  return (req as Carrier)[SESSION];
}

/** The user of this request for logs and audit (never a token). */
export function subjectOf(req: IncomingMessage): string | undefined {
  return (req as Carrier)[SESSION]?.data.sub;
}
