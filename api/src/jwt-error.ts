import { UnauthorizedError } from 'express-jwt';
import { invalidToken, missingToken } from './auth-errors.js';
import { HttpError } from './http-error.js';

// express-jwt wraps jsonwebtoken's errors in UnauthorizedError; this names each refusal in words a
// client can act on (the BFF refreshes on "expired") without echoing library messages, which
// change between versions and print the expected audience and issuer. Matched by name, not class:
// jsonwebtoken is express-jwt's dependency, not ours.
const DESCRIPTIONS: readonly (readonly [RegExp, string])[] = [
  [/^TokenExpiredError:/, 'The access token expired'],
  [/^NotBeforeError:/, 'The access token is not valid yet'],
  [/: invalid signature$/, 'The access token signature is invalid'],
  [/: jwt audience invalid/, 'The access token is not intended for this API'],
  [/: jwt issuer invalid/, 'The access token issuer is not trusted'],
  [/: jwt malformed$|: invalid token$/, 'The access token is malformed'],
];

/** Anything that is not a token refusal passes through unchanged (and becomes a logged 500). */
export function fromJwtError(error: unknown): unknown {
  if (error instanceof HttpError || !(error instanceof UnauthorizedError)) return error;
  if (error.code === 'credentials_required') return missingToken();
  const { inner } = error;
  const summary = `${inner instanceof Error ? inner.name : 'Error'}: ${inner.message}`;
  const match = DESCRIPTIONS.find(([pattern]) => pattern.test(summary));
  return invalidToken(match?.[1] ?? 'The access token is invalid', error);
}
