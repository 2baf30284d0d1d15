import type { ListedSession, SessionStore } from '../session/session-store.js';
import type { TokenClient } from '../tokens/token-client.js';

/** Why a session of the user ended: from another of their devices, or over the per-user cap. */
export type EndedBy = 'user' | 'cap';

export type YourSessionsEvents = {
  sessionEnded?(sub: string, by: EndedBy): void;
};

/**
 * The user's own sessions, as every device of theirs sees them: listed from the store's index of
 * the user, ended one by one with their refresh token revoked at the IdP (when it has a revocation
 * endpoint), and kept to at most `limit` — a login beyond it ends the least recently used.
 */
export function yourSessions(deps: { store: SessionStore; tokenClient: TokenClient; limit: number; events?: YourSessionsEvents }) {
  const { store, tokenClient, limit, events = {} } = deps;

  async function end(sub: string, session: ListedSession, by: EndedBy): Promise<void> {
    await store.destroyListed(session);
    if (session.refreshToken) await tokenClient.revoke(session.refreshToken, 'refresh_token');
    events.sessionEnded?.(sub, by);
  }

  return {
    /** Newest first; logins of the same second by their last use, then by handle, so the order is stable. */
    list: async (sub: string) =>
      (await store.listBySubject(sub)).sort((a, b) => b.createdAt - a.createdAt || b.lastSeenAt - a.lastSeenAt || (a.handle < b.handle ? -1 : 1)),
    end,
    /** After a login: the least recently used sessions beyond the cap end (never `keep`, the new one). */
    async enforceLimit(sub: string, keep: string): Promise<void> {
      const others = (await store.listBySubject(sub)).filter((session) => session.handle !== keep);
      const excess = others.length + 1 - limit;
      if (excess <= 0) return;
      const leastRecent = others.sort((a, b) => a.lastSeenAt - b.lastSeenAt || a.createdAt - b.createdAt).slice(0, excess);
      for (const session of leastRecent) await end(sub, session, 'cap');
    },
  };
}
