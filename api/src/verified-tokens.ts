import type { VerificationKey } from './jwks-key-store.js';

type Claims = Record<string, unknown> & { exp: number; nbf?: number };
type Entry = Readonly<{ claims: Claims; key: VerificationKey }>;

export type VerifiedTokens = Readonly<{
  /** Claims of a token fully verified before, if it is still in time and its key still in the JWKS. */
  get(token: string): Claims | undefined;
  remember(token: string, claims: unknown, key: VerificationKey): void;
}>;

/**
 * The BFF sends the same access token for every call of a session until it is refreshed: the RSA
 * signature check (the API's largest cost per request) is done once per token, not per request.
 * Only tokens that passed every check are remembered, keyed by their exact bytes; each use still
 * checks exp/nbf, and a key that left the JWKS ends its tokens at once. Bounded: the oldest go first.
 */
export function createVerifiedTokens(options: {
  maxEntries: number;
  clockToleranceSeconds: number;
  keyIsCurrent: (key: VerificationKey) => boolean;
}): VerifiedTokens {
  const { maxEntries, clockToleranceSeconds, keyIsCurrent } = options;
  const entries = new Map<string, Entry>();

  return Object.freeze({
    get(token: string) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      const now = Date.now() / 1000;
      const inTime = now < entry.claims.exp + clockToleranceSeconds && (entry.claims.nbf ?? 0) - clockToleranceSeconds <= now;
      if (inTime && keyIsCurrent(entry.key)) return entry.claims;
      entries.delete(token); // the full check decides, and answers with the precise error
      return undefined;
    },
    remember(token: string, claims: unknown, key: VerificationKey) {
      if (maxEntries === 0 || typeof claims !== 'object' || claims === null) return;
      if (typeof (claims as Claims).exp !== 'number') return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { claims: claims as Claims, key });
    },
  });
}
