import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Next } from '../proxy/in-order.js';
import type { TokenEvents } from '../tokens/access-tokens.js';

export type Metrics = ReturnType<typeof createMetrics>;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const AUTH_ROUTES = new Set(['/auth/login', '/auth/callback', '/auth/user', '/auth/logout', '/auth/backchannel-logout']);
// A refusal reason comes from the IdP: only short error codes become label values.
const REASON = /^[a-z_]{1,40}$/;

/**
 * Prometheus metrics in a registry of their own (one per BFF, so tests may run several). Labels
 * are bounded: the route is a fixed name, never the raw path, so no request can add a series.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'bff_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'bff_http_request_duration_seconds',
    help: 'Time from request to the end of the response',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [registry],
  });
  const refreshes = new Counter({ name: 'bff_token_refreshes_total', help: 'Access tokens refreshed at the IdP', registers: [registry] });
  const refreshFailures = new Counter({
    name: 'bff_token_refresh_failures_total',
    help: 'Refreshes the IdP refused (the session ended)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const storeErrors = new Counter({ name: 'bff_session_store_errors_total', help: 'Session store operations that failed', registers: [registry] });

  // Runs on the /api route outside Express (req.url) and in the Express app (req.originalUrl).
  const recordRequest = function recordRequestMetrics(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next) {
    const started = process.hrtime.bigint();
    // 'close' also fires for a response the client aborted, which 'finish' never reports.
    res.once('close', () => {
      const labels = {
        method: req.method && METHODS.has(req.method) ? req.method : 'OTHER',
        route: routeOf(req.originalUrl ?? req.url ?? ''),
        status: res.writableFinished ? String(res.statusCode) : 'aborted',
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  const events: Required<TokenEvents> = {
    refreshed: () => refreshes.inc(),
    refreshFailed: (reason) => refreshFailures.inc({ reason: REASON.test(reason) ? reason : 'other' }),
  };

  return { registry, recordRequest, events, storeError: () => storeErrors.inc() };
}

function routeOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path === '/api' || path.startsWith('/api/')) return '/api';
  if (AUTH_ROUTES.has(path)) return path;
  if (path.startsWith('/auth/')) return '/auth/other';
  if (path === '/healthz' || path === '/readyz') return path;
  if (path.startsWith('/assets/')) return '/assets';
  return 'page';
}
