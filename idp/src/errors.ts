import { HttpError } from '@vue-bff/shared';
import type { ErrorRequestHandler } from 'express';
import { errors } from 'oidc-provider';

import { messagePage, PAGE_CSP } from './views.js';

// The IdP's login pages use the shared error model as it is (4xx described, 5xx generic).
export { HttpError };

const EXPIRED = 'This sign-in request has expired or was already used. Go back to the application and sign in again.';

/** Maps the errors a client can cause to an HttpError; anything else is a fault (500). */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError && err.status < 500) return err;
  // oidc-provider's "no such interaction": a user who came back late, twice, or without its cookie.
  if (err instanceof errors.SessionNotFound) return new HttpError(400, 'invalid_request', EXPIRED);
  // body-parser marks a malformed or oversized form as a client error.
  const status = (err as { status?: unknown; expose?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose === true) {
    return new HttpError(status, 'invalid_request', 'The submitted form could not be read.');
  }
  return new HttpError(500, 'server_error', 'The development IdP failed; see its log.');
}

export const expiredInteraction = (): HttpError => new HttpError(400, 'invalid_request', EXPIRED);

/**
 * The one error handler of the express part (login pages, /healthz): an HTML page for browsers,
 * `{error, error_description}` for everyone else. 5xx details are logged, never sent.
 */
export function errorHandler(logError: (err: unknown) => void): ErrorRequestHandler {
  return function handleError(err, req, res, next) {
    if (res.headersSent) return next(err);
    const safe = toHttpError(err);
    if (safe.status >= 500) logError(err);
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(safe.status).json({ error: safe.code, error_description: safe.description });
      return;
    }
    const title = safe.status >= 500 ? 'Something went wrong' : 'Cannot continue';
    res.status(safe.status).set('Content-Security-Policy', PAGE_CSP).type('html').send(messagePage(title, safe.description));
  };
}
