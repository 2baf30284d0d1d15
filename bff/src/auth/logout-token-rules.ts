import type { LogoutTokenClaims } from '../oidc/openid-protocol.js';

/** How old a logout token may be (its `iat`), and how far ahead of our clock. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;
export const LOGOUT_TOKEN_CLOCK_SKEW_SECONDS = 60;

/**
 * The checks express-openid-connect leaves out (OpenID Back-Channel Logout 1.0 §2.4, §2.6): a
 * token must say when it was issued, recently, and carry a `jti` so a replay can be recognised.
 * Without them a captured token (a log line, a proxy) would end the user's sessions again and
 * again, forever. Returns the reason for a refusal, or undefined.
 */
export function logoutTokenRefusal(claims: LogoutTokenClaims, now: number): string | undefined {
  const { iat, exp, jti } = claims;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) return 'no jti';
  if (typeof iat !== 'number') return 'no iat';
  if (iat > now + LOGOUT_TOKEN_CLOCK_SKEW_SECONDS) return 'iat in the future';
  if (iat < now - LOGOUT_TOKEN_MAX_AGE_SECONDS) return 'iat too old';
  if (exp !== undefined && (typeof exp !== 'number' || exp <= now - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS)) return 'expired';
  return undefined;
}
