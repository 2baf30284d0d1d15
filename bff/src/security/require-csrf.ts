import { HttpError } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';

/**
 * Cross-site request forgery defence for /api (draft-ietf-oauth-browser-based-apps, BFF section):
 * a custom header a cross-site form or image cannot send without a CORS preflight (which the BFF
 * never grants), plus Fetch Metadata and Origin when the browser provides them.
 */
export function requireCsrf(appOrigin: string): NodeHandler {
  const origin = new URL(appOrigin).origin;
  return function requireCsrfHeaders(req, _res, next) {
    if (req.headers['x-csrf'] !== '1') {
      return next(new HttpError(403, 'csrf', 'Send the header "X-CSRF: 1" with every /api request'));
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') {
      return next(new HttpError(403, 'csrf', `Cross-site request refused (Sec-Fetch-Site: ${site})`));
    }
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return next(new HttpError(403, 'csrf', 'Cross-origin request refused (Origin does not match the app)'));
    }
    next();
  };
}
