import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { requireBearerToken } from './bearer-token.js';
import type { ApiConfig } from './config.js';
import { createErrorHandler } from './error-handler.js';
import { createJwksKeyStore } from './jwks-key-store.js';
import { discoveredJwksLocation, fixedJwksLocation } from './jwks-location.js';
import { createRequestLogger } from './request-logger.js';
import { createApiRouter, health, notFound } from './routes.js';
import { createVerifyAccessToken } from './verify-access-token.js';

export type ApiDeps = { logger?: Logger };

/** The resource API, not listening. No CORS: the browser only ever talks to the BFF. */
export function createApi(config: ApiConfig, deps: ApiDeps = {}): Express {
  const logger = deps.logger ?? pino({ name: 'api' });
  const location = config.jwksUri !== undefined
    ? fixedJwksLocation(config.jwksUri)
    : discoveredJwksLocation({ issuer: config.issuer, discoveryUrl: config.discoveryUrl, timeoutMs: config.jwksTimeoutMs });
  const keyStore = createJwksKeyStore({
    location,
    cacheMaxAgeMs: config.jwksCacheMaxAgeMs,
    cooldownMs: config.jwksCooldownMs,
    timeoutMs: config.jwksTimeoutMs,
  }, logger);

  const app = express();
  app.disable('x-powered-by');
  app.use(createRequestLogger(logger));
  // JSON only: a CSP that allows nothing, nosniff, frame-ancestors none (helmet's other defaults).
  app.use(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
  }));
  app.use(noStore);

  app.get('/healthz', health);
  app.use('/api', requireBearerToken, createVerifyAccessToken(config, keyStore), createApiRouter());
  app.use(notFound);
  app.use(createErrorHandler(logger));
  return app;
}

// Responses depend on who the token belongs to: no shared cache may keep them (RFC 6750 5.3).
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
