import { HttpError } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';

/**
 * Refuses a declared body above the limit before the session is loaded or the API called: the
 * proxy streams bodies, so nothing else in the BFF would stop one. A chunked body has no length
 * to judge here; the API's own limit applies to it.
 */
export function limitRequestBody(maxBytes: number): NodeHandler {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new TypeError(`limitRequestBody: maxBytes must be a positive integer, got ${maxBytes}`);
  return function limitBody(req, res, next) {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      // The unread body would otherwise be drained from a keep-alive connection: close it instead.
      res.setHeader('connection', 'close');
      return next(new HttpError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes`));
    }
    next();
  };
}
