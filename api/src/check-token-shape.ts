import type { GetVerificationKey } from 'express-jwt';
import { invalidToken } from './auth-errors.js';
import type { HttpError } from './http-error.js';

// Refusals that need no key, run before any key lookup so junk never costs a JWKS fetch. The
// header is read from the unverified token; that is safe for refusing, and the signature check
// that follows covers exactly these bytes. A token's jku/x5u/jwk/x5c are never read: keys come
// only from the configured JWKS.

// RFC 9068 section 2.1 types access tokens `at+jwt` (`application/at+jwt` in full, RFC 7515 4.1.9);
// plain `JWT` is what Auth0, Entra, Keycloak and Okta send, so it passes unless REQUIRE_AT_JWT is on.
// Any other type (`logout+jwt`, `dpop+jwt`, …) is another kind of token.
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'jwt']);

// Claims only an ID token carries (OpenID Connect Core 2, 3.1.3.6, 3.3.2.11). An ID token's `aud` is
// the client id, but some providers add the API's audience to it (LemonLDAP::NG with "additional
// audiences"), and then only these claims tell it from an access token. Keycloak before 25 also
// copied `nonce` into access tokens (keycloak#26893): such tokens are refused too; see api/README.md.
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'] as const;

// Three dot-separated parts, the first two non-empty (an unsigned `alg: none` token has an empty
// third part and must reach the algorithm check). Anything else is an opaque or an encrypted token.
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type TokenPolicy = Readonly<{ algorithms: readonly string[]; requireAtJwt: boolean }>;

/** An opaque token gets its own answer: the fix is at the provider (issue JWT access tokens), not the client. */
export function refuseNonJwt(token: string): HttpError | undefined {
  return JWS_COMPACT.test(token) ? undefined : invalidToken('The access token is not a JWT; this API expects JWT access tokens (RFC 9068)');
}

/** The token as express-jwt decoded it (unverified); undefined or null when it is not a JWT. */
type DecodedToken = Parameters<GetVerificationKey>[1] | null;

export type TokenShape = Readonly<{ alg: string; kid: string | undefined }>;

export function checkTokenShape(token: DecodedToken, policy: TokenPolicy): TokenShape {
  const { algorithms, requireAtJwt } = policy;
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
  if (requireAtJwt && normalisedType(header.typ) !== 'at+jwt') {
    throw invalidToken('The access token is not of type at+jwt (RFC 9068), which this API requires');
  }
  if (ID_TOKEN_CLAIMS.some((claim) => Object.hasOwn(token.payload as object, claim))) {
    throw invalidToken('The token is an ID token, not an access token');
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
  const type = normalisedType(typ);
  return type !== undefined && ACCESS_TOKEN_TYPES.has(type);
}

// RFC 7515 4.1.9: media types compare case-insensitively, and `application/` may be left out.
function normalisedType(typ: unknown): string | undefined {
  return typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
