import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, deleteJson, getJson, onUnauthorized } from '../../web/src/api.js';

// The browser app's fetch wrapper, driven in Node with a stubbed fetch (no DOM needed).
function answer(status: number, body?: unknown) {
  const init = { status, headers: { 'content-type': 'application/json' } };
  const response = body === undefined ? new Response(null, init) : new Response(JSON.stringify(body), init);
  const fetchMock = vi.fn(async () => response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

afterEach(() => vi.unstubAllGlobals());

describe('getJson', () => {
  it('any call → same-origin credentials, X-CSRF: 1, Accept JSON, no-store', async () => {
    const fetchMock = answer(200, { message: 'ok' });
    await getJson('/api/external');
    expect(fetchMock).toHaveBeenCalledWith('/api/external', expect.objectContaining({
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF': '1' },
      cache: 'no-store',
    }));
  });

  it('200 JSON → the parsed body', async () => {
    answer(200, { message: 'Your Access Token was successfully validated!' });
    await expect(getJson('/api/external')).resolves.toEqual({ message: 'Your Access Token was successfully validated!' });
  });

  it('403 insufficient_scope → ApiError with code, description and a human message', async () => {
    answer(403, { error: 'insufficient_scope', error_description: 'admin:messages is required' });
    const error = await failure(getJson('/api/admin'));
    expect(error).toMatchObject({ status: 403, code: 'insufficient_scope', description: 'admin:messages is required' });
    expect(error.message).toBe('Your account lacks the permission for this call.');
  });

  it.each([
    [502, 'bad_gateway', 'The API is unavailable — try again'],
    [503, 'service_unavailable', 'The API is unavailable — try again'],
    [504, 'gateway_timeout', 'The API took too long to answer — try again'],
    [401, 'session_expired', 'Your session has expired. Log in again.'],
  ])('%i %s → "%s"', async (status, code, message) => {
    answer(status, { error: code });
    expect((await failure(getJson('/api/external'))).message).toBe(message);
  });

  it('error without a JSON body → code http_<status>, no description', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<h1>Bad Gateway</h1>', { status: 502 })));
    expect(await failure(getJson('/api/external'))).toMatchObject({ status: 502, code: 'http_502', description: undefined });
  });

  it('network failure → ApiError status 0, network_error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed'); }));
    expect(await failure(getJson('/api/external'))).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('a redirect instead of JSON → treated as 401 not_authenticated', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => ({ type: 'opaqueredirect', ok: false, status: 0 }) as Response));
    expect(await failure(getJson('/api/external'))).toMatchObject({ status: 401, code: 'not_authenticated' });
  });

  it('401 → the unauthorized listeners hear of it', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    answer(401, { error: 'session_expired' });
    await failure(getJson('/api/external'));
    stop();
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ status: 401, code: 'session_expired' }));
  });

  it('403 → the unauthorized listeners stay silent', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    answer(403, { error: 'csrf' });
    await failure(getJson('/api/external'));
    stop();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('deleteJson', () => {
  it('any call → DELETE with same-origin credentials, X-CSRF: 1, no-store, no redirect followed', async () => {
    const fetchMock = answer(204);
    await deleteJson('/auth/sessions/abc');
    expect(fetchMock).toHaveBeenCalledWith('/auth/sessions/abc', expect.objectContaining({
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF': '1' },
      cache: 'no-store',
      redirect: 'manual',
    }));
  });

  it('204 → undefined', async () => {
    answer(204);
    await expect(deleteJson('/auth/sessions')).resolves.toBeUndefined();
  });

  it('404 not_found → ApiError with its code and description', async () => {
    answer(404, { error: 'not_found', error_description: 'No such session of yours' });
    expect(await failure(deleteJson('/auth/sessions/gone'))).toMatchObject({ status: 404, code: 'not_found', description: 'No such session of yours' });
  });

  it('403 csrf → the cross-site sentence', async () => {
    answer(403, { error: 'csrf' });
    expect((await failure(deleteJson('/auth/sessions'))).message).toBe(
      'The request was refused as a possible cross-site request. Reload the page and try again.',
    );
  });

  it('401 session_expired → the unauthorized listeners hear of it, as for a GET', async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    answer(401, { error: 'session_expired' });
    await failure(deleteJson('/auth/sessions'));
    stop();
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ status: 401, code: 'session_expired' }));
  });
});
