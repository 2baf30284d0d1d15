import { describe, expect, it } from 'vitest';
import { HttpError } from '../../bff/src/http-error.js';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore, type SessionData } from '../../bff/src/session/session-store.js';
import { createAccessTokens } from '../../bff/src/tokens/access-tokens.js';
import type { TokenClient } from '../../bff/src/tokens/token-client.js';

const NOW_MS = 2_000_000_000_000;
const NOW = NOW_MS / 1000;
const DATA: SessionData = { sub: 'user-1', lid: 'l', handle: 'h', device: 'Chrome on Linux', user: { sub: 'user-1' }, access_token: 'at-1' };
const TIMES = { iat: NOW, uat: NOW, exp: NOW + 600 };

/** Access tokens over a real store; the token client counts the refreshes it is asked for. */
async function sessionWith(data: SessionData) {
  const store = createSessionStore(createMemoryBackend(() => NOW), createSessionCrypto('a-session-secret-of-enough-length-0123456789'));
  let refreshes = 0;
  const tokenClient = { refresh: async () => (refreshes++, Promise.reject(new Error('no refresh expected here'))) } as unknown as TokenClient;
  const tokens = createAccessTokens({ store, tokenClient, marginSeconds: 30, clock: () => NOW_MS });
  const session = await store.create('id-1', data, TIMES);
  return { tokens, session, refreshes: () => refreshes };
}

describe('access tokens: the fresh token at once', () => {
  it('a token valid beyond the margin → the token itself, not a promise (no tick on the /api hot path); no refresh', async () => {
    const { tokens, session, refreshes } = await sessionWith({ ...DATA, expires_at: NOW + 3600 });
    const token = tokens.current(session);
    expect(token).not.toBeInstanceOf(Promise);
    expect([token, refreshes()]).toEqual(['at-1', 0]);
  });

  it('a token inside the margin and no refresh token → a promise that rejects with 401 session_expired', async () => {
    const { tokens, session, refreshes } = await sessionWith({ ...DATA, expires_at: NOW + 10 });
    const token = tokens.current(session);
    expect(token).toBeInstanceOf(Promise);
    const error = await Promise.resolve(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect([(error as HttpError).status, (error as HttpError).code, refreshes()]).toEqual([401, 'session_expired', 0]);
  });
});
