import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export type SessionCrypto = Readonly<{
  /** Where a session lives in the store: a keyed hash, so a stored key is never a usable cookie. */
  storageKey(sessionId: string): string;
  /** Index entry for a claim (sub, IdP sid): lets back-channel logout find sessions without storing the claim. */
  indexKey(kind: 'sub' | 'sid', value: string): string;
  seal(sessionId: string, storageKey: string, plaintext: string): string;
  /** Throws when the data was not sealed for this session id and key. */
  open(sessionId: string, storageKey: string, sealed: string): string;
}>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Session data at rest is AES-256-GCM under a key derived from the session id, which only the
 * user's cookie holds. A copy of the store plus the server's secret therefore reveals no token;
 * the storage key is bound as additional data, so rows cannot be swapped.
 */
export function createSessionCrypto(secret: string, options: { cachedSessions?: number } = {}): SessionCrypto {
  const hmac = (label: string, value: string) =>
    createHmac('sha256', secret).update(label).update('\0').update(value).digest('base64url');
  // Both derivations run on every /api call of a session: the most recent sessions' results are
  // kept (bounded, oldest out first), so a busy session pays for them once, not per request.
  const limit = options.cachedSessions ?? 10_000;
  const derived = new Map<string, { storageKey: string; dataKey: Buffer }>();
  const keysOf = (sessionId: string) => {
    let keys = derived.get(sessionId);
    if (!keys) {
      keys = { storageKey: hmac('store', sessionId), dataKey: Buffer.from(hkdfSync('sha256', sessionId, secret, 'bff-session-data-v1', 32)) };
      if (derived.size >= limit) derived.delete(derived.keys().next().value as string);
      if (limit > 0) derived.set(sessionId, keys);
    }
    return keys;
  };
  const dataKey = (sessionId: string) => keysOf(sessionId).dataKey;

  return Object.freeze({
    storageKey: (sessionId: string) => keysOf(sessionId).storageKey,
    indexKey: (kind: 'sub' | 'sid', value: string) => hmac(`index:${kind}`, value),
    seal(sessionId: string, storageKey: string, plaintext: string) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', dataKey(sessionId), iv);
      cipher.setAAD(Buffer.from(storageKey));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sessionId: string, storageKey: string, sealed: string) {
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed session data is truncated');
      const decipher = createDecipheriv('aes-256-gcm', dataKey(sessionId), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(storageKey));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  });
}
