import type { AuthEvents } from '../auth/auth-routes.js';
import type { TokenEvents } from '../tokens/access-tokens.js';

export type BffEvents = TokenEvents & AuthEvents;

/** One observer that tells each of `observers`; an observer that throws never breaks a request. */
export function combineEvents(observers: readonly (BffEvents | undefined)[]): Required<BffEvents> {
  const present = observers.filter((o): o is BffEvents => o !== undefined);
  const tell =
    <K extends keyof BffEvents>(name: K) =>
    (...args: Parameters<Required<BffEvents>[K]>) => {
      for (const observer of present) {
        try {
          (observer[name] as ((...a: typeof args) => void) | undefined)?.(...args);
        } catch {
          // observers are logging and counting: their failure is not the user's
        }
      }
    };
  return {
    refreshed: tell('refreshed'),
    refreshFailed: tell('refreshFailed'),
    loggedOut: tell('loggedOut'),
    loggedIn: tell('loggedIn'),
    sessionReplaced: tell('sessionReplaced'),
    backchannelLoggedOut: tell('backchannelLoggedOut'),
    backchannelLogoutRefused: tell('backchannelLogoutRefused'),
    rateLimited: tell('rateLimited'),
    sessionEnded: tell('sessionEnded'),
  };
}
