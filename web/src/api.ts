// The app's only door to the network. The browser holds no token: the BFF finds the session from
// its HttpOnly cookie and adds the bearer token upstream. This module must stay import-free so the
// unit tests in tests/web can load it in Node.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string | undefined;
  /** The parsed JSON error body, if there was one (the "raw response" views show it). */
  readonly body: unknown;

  constructor(status: number, code: string, description?: string, body?: unknown) {
    super(humanMessage(status, code));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.description = description;
    this.body = body;
  }
}

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

// session.ts listens here: any 401 means the server no longer knows this browser's session.
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type RequestOptions = { signal?: AbortSignal };

/** GET, the JSON answer parsed (undefined for 204). */
export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return send<T>('GET', path, options);
}

/**
 * DELETE, for the BFF's state-changing routes (ending a session): 204 → undefined, or the JSON
 * answer. The same door as GET, so the same X-CSRF header, cookie rule and error handling.
 */
export function deleteJson<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
  return send<T>('DELETE', path, options);
}

async function send<T>(method: 'GET' | 'DELETE', path: string, options: RequestOptions): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      // The session cookie goes only to our own origin; the BFF refuses /api calls and session
      // changes without X-CSRF (a cross-site form or <img> cannot set a custom header).
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF': '1' },
      // Session state must be read fresh, never from the HTTP cache.
      cache: 'no-store',
      // The BFF answers JSON errors, never redirects; a redirect would mean a lost session
      // sent to the login page, which fetch cannot follow cross-origin anyway.
      redirect: 'manual',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error');
  }

  if (response.type === 'opaqueredirect') throw notify(new ApiError(401, 'not_authenticated'));
  if (!response.ok) throw notify(await errorFrom(response));
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, 'invalid_response');
  }
}

function notify(error: ApiError): ApiError {
  if (error.status === 401) for (const listener of unauthorizedListeners) listener(error);
  return error;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A proxy or a crash can answer HTML or nothing: keep the status, invent no details.
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof fields.error === 'string' ? fields.error : `http_${response.status}`;
  const description = typeof fields.error_description === 'string' ? fields.error_description : undefined;
  return new ApiError(response.status, code, description, body);
}

// What a person reads. Server wording (error_description) is shown only as a detail, for 4xx.
export function humanMessage(status: number, code: string): string {
  if (status === 0) return 'Could not reach the server — check your connection and try again.';
  if (status === 401 && code === 'session_expired') return 'Your session has expired. Log in again.';
  if (status === 401) return 'You are not logged in. Log in again.';
  if (status === 403 && code === 'insufficient_scope') return 'Your account lacks the permission for this call.';
  if (status === 403 && code === 'csrf') return 'The request was refused as a possible cross-site request. Reload the page and try again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'The API has no such route.';
  if (status === 429) return 'Too many requests — wait a moment and try again.';
  if (status === 502 || status === 503) return 'The API is unavailable — try again';
  if (status === 504) return 'The API took too long to answer — try again';
  if (status >= 500) return 'The server had a problem — try again';
  if (code === 'invalid_response') return 'The server sent an answer this app cannot read.';
  return `The request failed (HTTP ${status}).`;
}
