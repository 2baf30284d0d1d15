import { shallowRef, type Ref } from 'vue';
import { ApiError, getJson, onUnauthorized } from './api';
import { broadcastSession } from './session-channel';
import { noteSignOut } from './sign-out-note';

// What the app knows of the user, from GET /auth/user. Claims only: the BFF never sends a token.
export type SessionUser = {
  sub: string;
  name?: string;
  email?: string;
  picture?: string;
  [claim: string]: unknown;
};

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | {
      status: 'authenticated';
      user: SessionUser;
      expiresAt: number | undefined;
      idleExpiresAt: number | undefined;
      absoluteExpiresAt: number | undefined;
      /** The idle timeout's length, when the BFF reports it (else only idleExpiresAt is known). */
      idleTimeoutSeconds: number | undefined;
      /** Scopes granted to the session's access token (for wording only: the API enforces them). */
      scopes: readonly string[] | undefined;
      logoutUrl: string;
      /** The /auth/user answer as received, for the profile's "raw response" view. */
      raw: unknown;
    }
  // The user was logged in and is no longer: expiry, logout elsewhere, back-channel logout.
  | { status: 'ended' }
  // /auth/user could not be read (BFF down, network): we do not know, so we claim nothing.
  | { status: 'unavailable'; message: string };

type AuthUserResponse = {
  user: SessionUser;
  session?: { expiresAt?: unknown; idleExpiresAt?: unknown; absoluteExpiresAt?: unknown; idleTimeoutSeconds?: unknown };
  scopes?: unknown;
  logoutUrl: string;
};

const state = shallowRef<SessionState>({ status: 'loading' });
export const session: Readonly<Ref<SessionState>> = state;

let firstLoad: Promise<void> | undefined;

// Resolves once the first /auth/user answer is in: the router guard waits for it.
export function sessionKnown(): Promise<void> {
  firstLoad ??= refreshSession({ mayRevive: true });
  return firstLoad;
}

// mayRevive: only an explicit (re)load may turn an ended session back into a live one; a background
// check that raced with a logout must not resurrect it.
export async function refreshSession({ mayRevive }: { mayRevive: boolean }): Promise<void> {
  const wasLoggedIn = state.value.status === 'authenticated';
  if (!mayRevive && !wasLoggedIn) return;
  try {
    // slide=false: reading the session must not keep it alive, or polling would defeat idle expiry.
    const body = await getJson<AuthUserResponse>('/auth/user?slide=false');
    if (!mayRevive && state.value.status !== 'authenticated') return;
    state.value = {
      status: 'authenticated',
      user: body.user,
      expiresAt: numberOrUndefined(body.session?.expiresAt),
      idleExpiresAt: numberOrUndefined(body.session?.idleExpiresAt),
      absoluteExpiresAt: numberOrUndefined(body.session?.absoluteExpiresAt),
      idleTimeoutSeconds: numberOrUndefined(body.session?.idleTimeoutSeconds),
      scopes: stringsOrUndefined(body.scopes),
      logoutUrl: body.logoutUrl,
      raw: body,
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) {
      // The 401 listener below has already marked a live session as ended.
      if (state.value.status !== 'ended') {
        state.value = { status: error.code === 'session_expired' ? 'ended' : 'anonymous' };
      }
    } else if (!wasLoggedIn) {
      state.value = { status: 'unavailable', message: error.message };
    }
    // A failed background check of a live session changes nothing: the BFF may be restarting.
  }
}

// A BFF older or newer than this app may leave fields out: absent, not wrong, is the fallback.
function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringsOrUndefined(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

export function endSession(): void {
  if (state.value.status === 'authenticated') state.value = { status: 'ended' };
}

onUnauthorized(endSession);

export function loginUrl(returnTo: string): string {
  // The BFF accepts only a same-origin relative path and falls back to / otherwise.
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

export function logIn(returnTo: string): void {
  window.location.assign(loginUrl(returnTo));
}

export function logOut(): void {
  const current = state.value;
  if (current.status !== 'authenticated') return;
  const target = safeLogoutUrl(current.logoutUrl);
  // Tell the other tabs first: this page is about to unload. The note is for this tab's return.
  broadcastSession('logout');
  noteSignOut();
  window.location.assign(target);
}

// The logout URL carries the session's sid (a bare /auth/logout does nothing); it comes from the
// BFF, but we still refuse to navigate anywhere off our origin.
function safeLogoutUrl(logoutUrl: string): string {
  const url = new URL(logoutUrl, window.location.origin);
  return url.origin === window.location.origin ? url.pathname + url.search : '/';
}
