import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { expressjwt, type Request as JwtRequest } from 'express-jwt';
import { invalidToken } from './auth-errors.js';
import { bearerTokenOf } from './bearer-token.js';
import { refuseOtherOrganization } from './refuse-other-organization.js';
import { checkTokenShape, refuseNonJwt } from './check-token-shape.js';
import type { ApiConfig } from './config.js';
import type { JwksKeyStore, VerificationKey } from './jwks-key-store.js';
import { createVerifiedTokens } from './verified-tokens.js';
import { fromJwtError } from './jwt-error.js';

/**
 * Verifies the bearer token requireBearerToken extracted: a JWT at all, then its shape (alg, crit,
 * typ, ID-token claims, exp), then the key from the JWKS, then express-jwt/jsonwebtoken check
 * signature, exp/nbf with the clock tolerance, audience and issuer (both exact), and last the
 * organization when ORGANIZATION is set. On success `req.auth` holds the claims.
 */
export function createVerifyAccessToken(config: ApiConfig, keyStore: JwksKeyStore): RequestHandler {
  const verified = createVerifiedTokens({
    maxEntries: config.verifiedTokenCacheSize,
    clockToleranceSeconds: config.clockToleranceSeconds,
    keyIsCurrent: keyStore.holds,
  });
  const keyUsed = new WeakMap<Request, VerificationKey>();
  const policy = { algorithms: config.algorithms, requireAtJwt: config.requireAtJwt };
  const { organization } = config;
  const verify = expressjwt({
    algorithms: [...config.algorithms],
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    getToken: bearerTokenOf,
    secret: async (req, token) => {
      const { alg, kid } = checkTokenShape(token, policy);
      const found = await keyStore.getKey(kid);
      const { key, alg: keyAlg } = found;
      keyUsed.set(req as Request, found);
      // RFC 7517 4.4: a JWK's `alg` names the one algorithm it is meant for.
      if (keyAlg !== undefined && keyAlg !== alg) {
        throw invalidToken('The access token algorithm does not match its key');
      }
      return key;
    },
  });

  return function verifyAccessToken(req: Request, res: Response, next: NextFunction): void {
    const token = bearerTokenOf(req);
    const claims = token === undefined ? undefined : verified.get(token);
    if (claims) {
      (req as JwtRequest).auth = claims;
      return next();
    }
    const notJwt = token === undefined ? undefined : refuseNonJwt(token);
    if (notJwt) return next(notJwt);
    void verify(req, res, (error?: unknown) => {
      if (error) return next(fromJwtError(error));
      // express-jwt waves CORS preflights (OPTIONS + Access-Control-Request-Headers) through
      // unverified; nothing without verified claims may go further.
      const auth = (req as JwtRequest).auth;
      if (!isClaims(auth)) return next(invalidToken('The access token is invalid'));
      const otherOrganization = organization === undefined ? undefined : refuseOtherOrganization(auth, organization);
      if (otherOrganization) return next(otherOrganization);
      const key = keyUsed.get(req);
      if (token !== undefined && key) verified.remember(token, auth, key);
      next();
    });
  };
}

function isClaims(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
