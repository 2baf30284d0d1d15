import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** The keys of one SESSION_SECRET. */
export type SecretKeys = Readonly<{
  /** Where a session lives in the store: a keyed hash, so a stored key is never a usable cookie. */
  storageKey(sessionId: string): string;
  /** Index entry for a claim (sub, IdP sid…): finds sessions without storing the claim. */
  indexKey(kind: string, value: string): string;
  seal(sessionId: string, storageKey: string, plaintext: string): string;
  /** Throws when the data was not sealed for this session id and key. */
  open(sessionId: string, storageKey: string, sealed: string): string;
  /** The session's metadata (your sessions), sealed under the server's secret: another session of the user reads it. */
  sealMeta(storageKey: string, plaintext: string): string;
  openMeta(storageKey: string, sealed: string): string;
}>;

export type SessionCrypto = Readonly<{
  /** The keys of SESSION_SECRET number `index` (0: the newest, the one every write uses). */
  keys(index: number): SecretKeys;
  secretCount: number;
}>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Session data at rest is AES-256-GCM under a key derived from the session id, which only the
 * user's cookie holds. A copy of the store plus the server's secret therefore reveals no token;
 * the storage key is bound as additional data, so rows cannot be swapped. Several secrets (newest
 * first) let a rotation keep every session: rows sealed under an older secret are still opened.
 */
export function createSessionCrypto(secrets: string | readonly string[], options: { cachedSessions?: number } = {}): SessionCrypto {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new TypeError('createSessionCrypto: at least one secret is needed');
  const keyring = list.map((secret) => secretKeys(secret, options.cachedSessions ?? 10_000));
  return Object.freeze({
    keys(index: number) {
      const found = keyring[index];
      if (!found) throw new RangeError(`no session secret number ${index}`);
      return found;
    },
    secretCount: keyring.length,
  });
}

function secretKeys(secret: string, limit: number): SecretKeys {
  const hmac = (label: string, value: string) =>
    createHmac('sha256', secret).update(label).update('\0').update(value).digest('base64url');
  // Both derivations run on every /api call of a session: the most recent sessions' results are
  // kept (bounded, oldest out first), so a busy session pays for them once, not per request.
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

  const metaKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'bff-session-meta-v1', 32));

  return Object.freeze({
    storageKey: (sessionId: string) => keysOf(sessionId).storageKey,
    indexKey: (kind: string, value: string) => hmac(`index:${kind}`, value),
    seal: (sessionId: string, storageKey: string, plaintext: string) => seal(keysOf(sessionId).dataKey, storageKey, plaintext),
    open: (sessionId: string, storageKey: string, sealed: string) => open(keysOf(sessionId).dataKey, storageKey, sealed),
    sealMeta: (storageKey: string, plaintext: string) => seal(metaKey, storageKey, plaintext),
    openMeta: (storageKey: string, sealed: string) => open(metaKey, storageKey, sealed),
  });
}

/** AES-256-GCM with the row's storage key as additional data: a sealed value cannot move to another row. */
function seal(key: Buffer, storageKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(storageKey));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(key: Buffer, storageKey: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed session data is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(storageKey));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
