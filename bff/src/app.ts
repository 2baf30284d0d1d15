import type { RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { authRoutes } from './auth/auth-routes.js';
import type { BffConfig } from './config.js';
import { errorHandler } from './error-handler.js';
import { healthRoutes } from './health/health-routes.js';
import { HttpError } from './http-error.js';
import { createIssuerDiscovery } from './oidc/issuer-metadata.js';
import { BACKCHANNEL_LOGOUT_PATH, openidAuth } from './oidc/openid-auth.js';
import { createAuditLog } from './observability/audit-log.js';
import { combineEvents, type BffEvents } from './observability/combine-events.js';
import { countStoreErrors } from './observability/count-store-errors.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { requestLogger } from './observability/request-logger.js';
import { apiProxy } from './proxy/api-proxy.js';
import { apiRoute, isApiPath } from './proxy/api-route.js';
import { allowApiPaths } from './proxy/safe-api-path.js';
import { apiHeaders } from './security/api-headers.js';
import { limitRequestBody } from './security/limit-request-body.js';
import { requireCsrf } from './security/require-csrf.js';
import { noStore, securityHeaders } from './security/security-headers.js';
import { createCookieSigner } from './session/cookie-signature.js';
import { dropChunkedSessionCookies } from './session/drop-chunked-cookies.js';
import { guardSessionReads } from './session/guard-session-reads.js';
import { loadApiSession } from './session/load-api-session.js';
import { openBackend } from './session/open-backend.js';
import { requestSession } from './session/request-session.js';
import { requireStoreForSessions } from './session/require-store.js';
import type { SessionBackend } from './session/session-backend.js';
import { createSessionCrypto } from './session/session-crypto.js';
import { createSessionStore } from './session/session-store.js';
import { createAccessTokens } from './tokens/access-tokens.js';
import { createTokenClient } from './tokens/token-client.js';
import { serveWeb } from './web/serve-web.js';

export type { BffEvents };

export type BffDeps = {
  /** A session store already opened (tests share one between instances); else opened from the config. */
  backend?: SessionBackend;
  /** Serves the web app; default: the built files in web/dist. `npm run dev` passes Vite's middleware. */
  web?: { assets: RequestHandler; fallback: RequestHandler };
  development?: boolean;
  logger?: Logger;
  /** Observers beside the audit log and the metrics (tests count events with them). */
  events?: BffEvents;
  /** True once server.ts has begun a graceful stop: /readyz answers 503 from then on. */
  stopping?: () => boolean;
};

export type Bff = {
  /** The request listener: /api on its own route, everything else through Express. */
  app: RequestListener;
  backend: SessionBackend;
  /** Present when METRICS_PORT is set; server.ts serves it on that port. */
  metrics: Metrics | undefined;
  close(): Promise<void>;
};

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the BFF without listening: the routes of DESIGN.md in the order that protects them. */
export async function createBff(config: BffConfig, deps: BffDeps = {}): Promise<Bff> {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const metrics = config.metricsPort === undefined ? undefined : createMetrics();
  const audit = createAuditLog(logger);
  const events = combineEvents([audit, metrics?.events, deps.events]);
  const opened = deps.backend ?? (await openBackend(config.sessionStore));
  const backend = metrics ? countStoreErrors(opened, metrics.storeError) : opened;
  const store = createSessionStore(backend, createSessionCrypto(config.sessionSecret), config.touchIntervalSeconds);
  const session = requestSession(config.cookieName, { secure: config.secure, sameSite: config.cookieSameSite });
  const signer = createCookieSigner(config.sessionSecret, config.cookieName);
  const discovery = createIssuerDiscovery(config.issuerBaseUrl);
  const tokenClient = createTokenClient({ discovery, clientId: config.clientId, clientSecret: config.clientSecret });
  const accessTokens = createAccessTokens({ store, tokenClient, marginSeconds: config.refreshMarginSeconds, events });
  const web = deps.web ?? serveWeb(DEFAULT_WEB_DIST);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // A silent logger (tests, benchmarks) would still pay for a child logger per request.
  const logRequest = logger.isLevelEnabled('error') ? requestLogger(logger) : undefined;
  // /api: its own session fast path and lean JSON headers, outside Express (api-route.ts says why).
  // express-openid-connect's session layer and the app's full helmet policy serve everything else.
  const api = apiRoute(
    [
      ...(logRequest ? [logRequest] : []),
      ...(metrics ? [metrics.recordRequest] : []),
      apiHeaders({ secure: config.secure }),
      limitRequestBody(config.maxBodyBytes),
      allowApiPaths(config.apiPathPrefixes),
      // The session first: a CSRF refusal is audited with the user it targeted.
      loadApiSession({ config, store, signer, session }),
      requireCsrf(config.appBaseUrl),
      apiProxy({ apiBaseUrl: config.apiBaseUrl, timeoutMs: config.apiTimeoutMs, accessTokens, session }),
    ],
    () => app,
  );
  app.use(api.resumeError);
  if (logRequest) app.use(logRequest);
  if (metrics) app.use(metrics.recordRequest);
  app.use(securityHeaders({ secure: config.secure, development: deps.development }));
  app.use(healthRoutes({ backend, discovery, apiBaseUrl: config.apiBaseUrl, stopping: deps.stopping }));
  // Static files need no session: served before the session middleware.
  app.use(web.assets);
  app.use('/auth', noStore);
  app.use(requireStoreForSessions(backend, config.cookieName));
  app.use(dropChunkedSessionCookies(config.cookieName));
  app.post(BACKCHANNEL_LOGOUT_PATH, audit.watchBackchannelLogout);
  const reads = guardSessionReads(store, session, config.idleTimeoutSeconds);
  app.use(openidAuth(config, reads.store, events));
  app.use(reads.refuseUnreadSession);
  app.use('/auth', authRoutes({ config, store, session, tokenClient, events }));
  app.use(web.fallback);
  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'Not found')));
  app.use(errorHandler(logger, (req, res) => session.end(req, res), audit.rejected));

  const handle: RequestListener = (req, res) => (isApiPath(req.url) ? api.handle(req, res) : app(req, res));
  return { app: handle, backend, metrics, close: () => backend.close() };
}

