import type { RequestListener } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * The Prometheus scrape endpoint, for a server of its own on METRICS_PORT: metrics never share the
 * app's origin, so the public edge cannot expose them by accident.
 */
export function metricsListener(registry: Registry): RequestListener {
  return function serveMetrics(req, res) {
    if (req.method !== 'GET' || req.url?.split('?', 1)[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  };
}
