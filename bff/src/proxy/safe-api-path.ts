import { HttpError } from '../http-error.js';
import type { NodeHandler } from './in-order.js';

// One pass over the path: an encoded slash, backslash, dot or NUL; a backslash; an empty segment;
// a "." or ".." segment.
const ESCAPES = /%2f|%5c|%2e|%00|\\|\/\/|\/\.\.?(?:\/|$)/i;

/**
 * Only paths under the allowed prefixes reach the API, judged on the raw URL: no dot segments,
 * no encoded slash, backslash or dot that an upstream server might decode into another path.
 */
export function allowApiPaths(prefixes: readonly string[]): NodeHandler {
  return function allowedApiPath(req, _res, next) {
    const raw = req.url ?? '';
    const queryAt = raw.indexOf('?');
    const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
    const escapes = ESCAPES.test(path);
    if (escapes) return next(new HttpError(400, 'invalid_path', 'The API path contains dot segments or encoded separators'));
    if (!prefixes.some((prefix) => path.startsWith(prefix))) {
      return next(new HttpError(404, 'not_found', 'No such API route'));
    }
    next();
  };
}
