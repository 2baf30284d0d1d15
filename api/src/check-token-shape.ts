import type { GetVerificationKey } from 'express-jwt';
import { invalidToken } from './auth-errors.js';

// Refusals that need no key, run before any key lookup so junk never costs a JWKS fetch. The
// header is read from the unverified token; that is safe for refusing, and the signature check
// that follows covers exactly these bytes. A token's jku/x5u/jwk/x5c are never read: keys come
// only from the configured JWKS.

// RFC 9068 section 2.1 types access tokens `at+jwt` (`application/at+jwt` in full, RFC 7515 4.1.9);
// plain `JWT` is what Auth0 and many providers send. Any other type (`logout+jwt`, `dpop+jwt`, …)
// is another kind of token, and an ID token is refused by its audience (the client id).
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'jwt']);

/** The token as express-jwt decoded it (unverified); undefined or null when it is not a JWT. */
type DecodedToken = Parameters<GetVerificationKey>[1] | null;

export type TokenShape = Readonly<{ alg: string; kid: string | undefined }>;

export function checkTokenShape(token: DecodedToken, algorithms: readonly string[]): TokenShape {
  const header: unknown = token?.header;
  if (!token || !isObject(header) || !isObject(token.payload)) {
    throw invalidToken('The access token is malformed');
  }
  // Exact match against the configured list: `none`, `None`, HS256 and anything else are refused.
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    throw invalidToken('The access token algorithm is not accepted');
  }
  // RFC 7515 4.1.11: a recipient must refuse critical extensions it does not understand (all of them).
  if (header.crit !== undefined) {
    throw invalidToken('The access token has unsupported critical header parameters');
  }
  if (header.typ !== undefined && !isAccessTokenType(header.typ)) {
    throw invalidToken('The token is not an access token');
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw invalidToken('The access token is malformed');
  }
  // jsonwebtoken checks `exp` only when present; an access token without one would never expire.
  if (typeof token.payload.exp !== 'number') {
    throw invalidToken('The access token has no expiry');
  }
  return { alg: header.alg, kid: header.kid };
}

function isAccessTokenType(typ: unknown): boolean {
  return typeof typ === 'string' && ACCESS_TOKEN_TYPES.has(typ.toLowerCase().replace(/^application\//, ''));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
