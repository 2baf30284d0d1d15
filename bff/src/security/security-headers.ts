import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet with a strict CSP for the app: scripts and styles only from this origin (the Vite build
 * has no inline code), no framing, no plugins. Development with Vite's dev server needs inline
 * styles and a WebSocket for hot reload, so `development` relaxes exactly those two.
 */
export function securityHeaders(options: { secure: boolean; development?: boolean }): RequestHandler {
  const { secure, development = false } = options;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        // The app shows only same-origin or data: pictures (web/src/claims.ts): no image from elsewhere.
        'img-src': ["'self'", 'data:'],
        'connect-src': development ? ["'self'", 'ws:'] : ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // HSTS only means something over https; on http://localhost it would pin a developer's browser.
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/** Session and API answers are per user: never stored by a browser or shared cache. */
export const noStore: RequestHandler = function noStore(_req, res, next) {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
  next();
};
