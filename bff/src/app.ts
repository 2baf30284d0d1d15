import type { RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { authRoutes } from './auth/auth-routes.js';
import type { BffConfig } from './config.js';
import { errorHandler } from './error-handler.js';
import { healthRoutes } from './health/health-routes.js';
import { HttpError } from './http-error.js';
import { systemClock, type Clock } from './clock.js';
import { createIssuerDiscovery } from './oidc/issuer-metadata.js';
import { providerWarnings } from './oidc/provider-warnings.js';
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
import { openBackend } from './session/open-backend.js';
import { requireSession } from './session/require-session.js';
import type { SessionBackend } from './session/session-backend.js';
import { createSessionCookie } from './session/session-cookie.js';
import { createSessionCrypto } from './session/session-crypto.js';
import { createSessionStore } from './session/session-store.js';
import { createSessions } from './session/sessions.js';
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
  /** Session and token expiry read the time here (tests move it forward). */
  clock?: Clock;
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
  const clock = deps.clock ?? systemClock;
  const opened = deps.backend ?? (await openBackend(config.sessionStore, clock));
  const backend = metrics ? countStoreErrors(opened, metrics.storeError) : opened;
  const store = createSessionStore(backend, createSessionCrypto(config.sessionSecrets), { openedSessions: config.sessionDataCache });
  const sessions = createSessions({
    cookie: createSessionCookie({ name: config.cookieName, secrets: config.sessionSecrets, secure: config.secure, sameSite: config.cookieSameSite }),
    store,
    clock,
    idleTimeoutSeconds: config.idleTimeoutSeconds,
    absoluteTimeoutSeconds: config.absoluteTimeoutSeconds,
    touchIntervalSeconds: config.touchIntervalSeconds,
  });
  const discovery = createIssuerDiscovery(config.issuerBaseUrl, {
    // What the provider cannot do for this BFF, said once: a missing feature is a warning, never a crash.
    onFirstMetadata(metadata) {
      const settings = { clientAuthMethod: config.clientAuth.method, idTokenSigningAlg: config.provider.idTokenSigningAlg, idpLogout: config.provider.idpLogout, scope: config.scope };
      for (const warning of providerWarnings(metadata, settings)) logger.warn({ issuer: metadata.issuer }, `OpenID provider: ${warning}`);
    },
  });
  // Read at once, not at the first refresh: what the provider lacks is said at start-up.
  void discovery.get().catch(() => undefined);
  const tokenClient = createTokenClient({ discovery, clientId: config.clientId, auth: config.clientAuth, idTokenSigningAlg: config.provider.idTokenSigningAlg });
  const accessTokens = createAccessTokens({ store, tokenClient, marginSeconds: config.refreshMarginSeconds, clock, events });
  const web = deps.web ?? serveWeb(DEFAULT_WEB_DIST);

  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY trusts one hop, the edge in front (client-address.ts): never the client's own X-Forwarded-* entries.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  // A silent logger (tests, benchmarks) would still pay for a child logger per request.
  const logRequest = logger.isLevelEnabled('error') ? requestLogger(logger) : undefined;
  // /api: lean JSON headers, outside Express (api-route.ts says why); the same session layer as /auth.
  const jsonHeaders = apiHeaders({ secure: config.secure });
  const api = apiRoute(
    [
      ...(logRequest ? [logRequest] : []),
      ...(metrics ? [metrics.recordRequest] : []),
      limitRequestBody(config.maxBodyBytes),
      allowApiPaths(config.apiPathPrefixes),
      // The session first: a CSRF refusal is audited with the user it targeted.
      requireSession(sessions, { slide: true }),
      requireCsrf(config.appBaseUrl),
      apiProxy({ apiBaseUrl: config.apiBaseUrl, apiCa: config.apiCa, appBaseUrl: config.appBaseUrl, trustProxy: config.trustProxy, timeoutMs: config.apiTimeoutMs, accessTokens, headers: jsonHeaders }),
    ],
    () => app,
    jsonHeaders,
  );
  app.use(api.resumeError);
  if (logRequest) app.use(logRequest);
  if (metrics) app.use(metrics.recordRequest);
  app.use(securityHeaders({ secure: config.secure, development: deps.development }));
  app.use(healthRoutes({ backend, discovery, apiBaseUrl: config.apiBaseUrl, stopping: deps.stopping }));
  // Static files need no session: served before the session middleware.
  app.use(web.assets);
  app.use('/auth', noStore, authRoutes({ config, sessions, store, tokenClient, discovery, clock, events, warn: (message) => logger.warn(`OpenID provider: ${message}`) }));
  app.use(web.fallback);
  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'Not found')));
  app.use(errorHandler(logger, (_req, res) => sessions.clearCookie(res), audit.rejected));

  const handle: RequestListener = (req, res) => (isApiPath(req.url) ? api.handle(req, res) : app(req, res));
  return { app: handle, backend, metrics, close: () => backend.close() };
}

