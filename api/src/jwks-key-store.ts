import { createPublicKey, type KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';
import type { Logger } from 'pino';
import { invalidToken, signingKeysUnavailable } from './auth-errors.js';
import { FetchError, fetchJson } from './fetch-json.js';
import type { JwksLocation } from './jwks-location.js';

// fetchJson fetches the JWKS, jwks-rsa turns its public signing keys into PEM; this store decides
// *when* to fetch. jwks-rsa's own cache memoises per `kid` and its rate limiter is shared by unknown kids
// and routine refreshes, so a stream of forged kids could starve a legitimate refresh and a cache
// expiry during an outage would drop good keys. Here instead:
// - steady state: keys are served from memory, no network call (pinned by a test counting fetches);
// - keys older than cacheMaxAgeMs are refreshed in the background while the old ones keep serving;
// - an unknown kid triggers one refetch, at most one per cooldownMs whatever the kid, then 401;
// - a failed fetch keeps the cached keys (an outage of the IdP is not an outage of the API); only a
//   successful fetch replaces them, so a key removed from the JWKS stops working at the next refresh;
// - with no usable key and an unreachable JWKS: 503, and the next attempt after the cooldown
//   recovers by itself.
// Concurrent requests share one in-flight fetch. A fetch first resolves where the keys are (the
// discovery document, read once; see jwks-location.ts), and every failure is logged with the URL
// and the reason.

export type JwksKeyStoreOptions = Readonly<{
  location: JwksLocation;
  cacheMaxAgeMs: number;
  cooldownMs: number;
  timeoutMs: number;
}>;

export type VerificationKey = Readonly<{ key: KeyObject; alg?: string }>;

export type JwksKeyStore = Readonly<{
  getKey: (kid: string | undefined) => Promise<VerificationKey>;
  /** Still one of the keys the JWKS served last (no I/O). */
  holds: (key: VerificationKey) => boolean;
}>;

type Snapshot = Readonly<{ byKid: ReadonlyMap<string, VerificationKey>; all: readonly VerificationKey[]; fetchedAt: number }>;

export function createJwksKeyStore(options: JwksKeyStoreOptions, logger: Logger): JwksKeyStore {
  let snapshot: Snapshot | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastFailure: unknown;
  let inFlight: Promise<void> | undefined;

  const coolingDown = () => Date.now() - lastAttemptAt < options.cooldownMs;

  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      lastAttemptAt = Date.now();
      let jwksUri: string | undefined;
      try {
        jwksUri = await options.location.resolve();
        snapshot = toSnapshot(await signingKeysAt(jwksUri, options.timeoutMs));
        lastFailure = undefined;
      } catch (error) {
        lastFailure = error;
        if (jwksUri !== undefined) options.location.forget();
        const [url, reason] = error instanceof FetchError ? [error.url, error.reason] : [jwksUri, (error as Error).message];
        logger.warn({ err: error, url, reason, cachedKeys: snapshot?.all.length ?? 0 },
          jwksUri === undefined ? `OpenID discovery failed: ${url}: ${reason}` : `JWKS fetch failed: ${url}: ${reason}`);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  function refreshIfStale(): void {
    if (snapshot && Date.now() - snapshot.fetchedAt >= options.cacheMaxAgeMs && !inFlight && !coolingDown()) {
      void refresh(); // never rejects; the cached keys answer this request
    }
  }

  async function getKey(kid: string | undefined): Promise<VerificationKey> {
    refreshIfStale();
    const cached = snapshot && find(snapshot, kid);
    if (cached) return cached;

    if (inFlight) await inFlight;
    else if (!coolingDown()) await refresh();

    const fetched = snapshot && find(snapshot, kid);
    if (fetched) return fetched;
    if (lastFailure !== undefined) {
      const retryAfterMs = options.cooldownMs - (Date.now() - lastAttemptAt);
      throw signingKeysUnavailable(retryAfterMs / 1000, lastFailure);
    }
    throw invalidToken('The access token was signed by an unknown key');
  }

  // Tokens served from the verified-token cache never call getKey: keep the keys fresh here too.
  function holds(key: VerificationKey): boolean {
    refreshIfStale();
    return snapshot?.all.includes(key) ?? false;
  }

  return Object.freeze({ getKey, holds });
}

// jwks-rsa turns the JWKs into public keys (and skips encryption and private keys); fetchJson does
// the request. cache/rateLimit off: both are this store's job (see above).
function signingKeysAt(jwksUri: string, timeoutMs: number) {
  const fetcher = async (url: string): Promise<{ keys: unknown[] }> => {
    const body = await fetchJson(url, timeoutMs);
    const keys = (body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new FetchError(url, 'the body has no "keys" array: it is not a JWKS');
    return { keys: keys as unknown[] }; // jwks-rsa skips the entries it cannot use
  };
  return new JwksClient({ jwksUri, fetcher, cache: false, rateLimit: false }).getSigningKeys();
}

function toSnapshot(signingKeys: Awaited<ReturnType<JwksClient['getSigningKeys']>>): Snapshot {
  const all = signingKeys.map((signingKey) => ({
    kid: signingKey.kid as string | undefined,
    key: createPublicKey(signingKey.getPublicKey()),
    ...(signingKey.alg ? { alg: signingKey.alg } : {}),
  }));
  const byKid = new Map(all.filter((entry) => entry.kid !== undefined).map((entry) => [entry.kid as string, entry] as const));
  return { byKid, all, fetchedAt: Date.now() };
}

/** A token without `kid` is only matched when the JWKS holds exactly one key (as jwks-rsa does). */
function find(snapshot: Snapshot, kid: string | undefined): VerificationKey | undefined {
  if (kid !== undefined) return snapshot.byKid.get(kid);
  return snapshot.all.length === 1 ? snapshot.all[0] : undefined;
}
