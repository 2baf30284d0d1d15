import { HttpError } from './http-error.js';

// The refusals of a bearer-token resource server (RFC 6750 section 3.1), each with its challenge.

/** No bearer credentials at all: RFC 6750 3.1 says the challenge then carries no error code. */
export function missingToken(description = 'An access token is required'): HttpError {
  return new HttpError(401, 'unauthorized', description, { challenge: {} });
}

export function invalidRequest(description: string): HttpError {
  return new HttpError(400, 'invalid_request', description, {
    challenge: { error: 'invalid_request', description },
  });
}

export function invalidToken(description: string, cause?: unknown): HttpError {
  return new HttpError(401, 'invalid_token', description, {
    challenge: { error: 'invalid_token', description },
    cause,
  });
}

export function insufficientScope(required: readonly string[]): HttpError {
  const scope = required.join(' ');
  const description = `The access token lacks the scope ${scope}`;
  return new HttpError(403, 'insufficient_scope', description, {
    challenge: { error: 'insufficient_scope', description, scope },
  });
}

/**
 * The keys to check a token cannot be fetched and none cached fits: the token may well be valid,
 * so this is the API's outage (503), not the client's fault (401).
 */
export function signingKeysUnavailable(retryAfterSeconds: number, cause: unknown): HttpError {
  return new HttpError(503, 'temporarily_unavailable', 'The API cannot verify access tokens right now; try again later', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    cause,
  });
}
