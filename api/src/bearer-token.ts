import type { NextFunction, Request, Response } from 'express';
import { invalidRequest, missingToken } from './auth-errors.js';

// Checked before express-jwt, whose own parsing is lenient (any `split(' ')` of two parts): a
// malformed header must end as a clean 400/401 here, never reach the verifier.

// Far above any real access token (Auth0 tokens with many permissions stay under 4 KiB), far below
// Node's 16 KiB header limit, beyond which Node itself answers 431 before Express runs.
export const MAX_AUTHORIZATION_LENGTH = 8192;

// RFC 6750 section 2.1: "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 11.1).
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const BEARER_SCHEME = /^Bearer(?:\s|$)/i;

const tokens = new WeakMap<Request, string>();

/** The token requireBearerToken accepted for this request (express-jwt's `getToken`). */
export function bearerTokenOf(req: Request): string | undefined {
  return tokens.get(req);
}

export function requireBearerToken(req: Request, _res: Response, next: NextFunction): void {
  const result = parseAuthorization(req);
  if (typeof result === 'string') {
    tokens.set(req, result);
    next();
  } else {
    next(result);
  }
}

function parseAuthorization(req: Request) {
  // Node keeps only the first of several Authorization headers; a second one is an ambiguity
  // (RFC 6750 3.1: more than one way of sending a token is invalid_request), so refuse it.
  if (countHeaders(req.rawHeaders, 'authorization') > 1) {
    return invalidRequest('Send exactly one Authorization header');
  }
  const value = req.headers.authorization ?? '';
  if (value === '') return missingToken();
  if (value.length > MAX_AUTHORIZATION_LENGTH) return invalidRequest('The Authorization header is too long');
  if (!BEARER_SCHEME.test(value)) return missingToken('The Authorization header must use the Bearer scheme');
  const match = BEARER_CREDENTIALS.exec(value);
  return match?.[1] ?? invalidRequest('The Authorization header must be Bearer followed by exactly one token');
}

function countHeaders(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) count += 1;
  }
  return count;
}
