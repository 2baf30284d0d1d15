// The Profile page's "Signed-in devices": the GET /auth/sessions answer made safe to show, and
// the section's sentences (its times are worded in session-times.ts). Import-free, so tests/web
// can load it in Node.

/** What the sentences need of an ApiError (api.ts). */
type Failure = { status: number; message: string };

export type SignedInDevice = {
  /** The BFF's opaque handle: the only thing DELETE /auth/sessions/{id} needs. Never a session id. */
  id: string;
  device: string;
  current: boolean;
  /** Epoch seconds, or undefined when the BFF left it out. */
  createdAt: number | undefined;
  lastSeenAt: number | undefined;
};

/**
 * `{sessions: [...]}` → this device first, then the others newest first; undefined when the answer
 * has no list at all. A BFF older or newer than this app may leave fields out: an entry without a
 * handle cannot be signed out and is skipped; a missing name or time is worded around.
 */
export function readDevices(body: unknown): SignedInDevice[] | undefined {
  const list = isRecord(body) ? body.sessions : undefined;
  if (!Array.isArray(list)) return undefined;
  const devices = list.filter(isRecord).flatMap((entry): SignedInDevice[] => {
    if (typeof entry.id !== 'string' || entry.id === '') return [];
    const device = typeof entry.device === 'string' && entry.device.trim() !== '' ? entry.device.trim() : 'An unknown browser';
    return [{ id: entry.id, device, current: entry.current === true, createdAt: seconds(entry.createdAt), lastSeenAt: seconds(entry.lastSeenAt) }];
  });
  // The BFF already sends newest first; sorting again keeps this page right if it stops doing so.
  // "This device" leads: it is the one row the user cannot act on, and the one they look for first.
  return devices.sort((a, b) => Number(b.current) - Number(a.current) || (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

/** The question of the two-step "Sign out all other devices". */
export function confirmSignOutAllQuestion(others: number): string {
  if (others === 1) return 'Sign out the other device? It will have to log in again. This device stays signed in.';
  return `Sign out all ${others} other devices? They will have to log in again. This device stays signed in.`;
}

export function confirmSignOutAllButton(others: number): string {
  return `Yes, sign out ${others === 1 ? '1 device' : `${others} devices`}`;
}

// Announced in the section's live region (and shown): removing a row is otherwise silent.
export const signedOutNote = (device: string) => `Signed out ${device}.`;
export const alreadySignedOutNote = (device: string) => `${device} was already signed out.`;
// Not a count: a device that logged in after the list was loaded is signed out too.
export const signedOutAllNote = 'Signed out all other devices.';

/** Why the list could not be loaded, in words (the heading of the error says that it could not). */
export function loadProblem(error: Failure): string {
  // An older BFF without the route.
  if (error.status === 404) return 'This server does not list signed-in devices.';
  return problem(error);
}

export function signOutProblem(device: string, error: Failure): string {
  return `Could not sign out ${device}. ${problem(error)}`;
}

// api.ts words a 5xx as "The API is unavailable": here the answer comes from the BFF itself
// (its session store, say), not from the API behind it.
function problem(error: Failure): string {
  if (error.status >= 500) return 'The server could not answer just now — try again.';
  return error.message;
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
