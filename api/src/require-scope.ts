import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Request as JwtRequest } from 'express-jwt';
import { insufficientScope } from './auth-errors.js';

// RFC 6749 3.3 scope-token (NQCHAR): it also keeps the name safe inside the WWW-Authenticate header.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Mounted after verifyAccessToken: every listed scope must be granted, in any of the claims
 * providers use for it: the space-separated `scope` string (RFC 9068, RFC 8693; Auth0, Keycloak,
 * the dev IdP), Auth0's `permissions` array (RBAC), or `scp` — an array at Okta, a space-separated
 * string at Microsoft Entra ID.
 */
export function requireScope(...required: string[]): RequestHandler {
  const invalid = required.filter((scope) => !SCOPE_TOKEN.test(scope));
  if (required.length === 0 || invalid.length > 0) {
    throw new TypeError(`requireScope needs one or more scope names without spaces or quotes; got ${JSON.stringify(required)}`);
  }
  const refusal = insufficientScope(required);

  return function requireScopeMiddleware(req: Request, _res: Response, next: NextFunction): void {
    const granted = grantedScopes((req as JwtRequest).auth);
    next(required.every((scope) => granted.has(scope)) ? undefined : refusal);
  };
}

function grantedScopes(claims: unknown): ReadonlySet<string> {
  if (typeof claims !== 'object' || claims === null) return new Set();
  const { scope, permissions, scp } = claims as { scope?: unknown; permissions?: unknown; scp?: unknown };
  return new Set([
    ...spaceSeparated(scope),
    ...stringsIn(permissions),
    ...(typeof scp === 'string' ? spaceSeparated(scp) : stringsIn(scp)),
  ].filter(Boolean));
}

function spaceSeparated(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ') : [];
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
