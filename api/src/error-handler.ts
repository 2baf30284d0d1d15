import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';
import { bearerChallenge } from './www-authenticate.js';

/**
 * The one place errors become responses: JSON `{error, error_description}`, the Bearer challenge
 * when the error carries one, extra headers (Retry-After). 5xx are logged with their cause and
 * answered with a generic description: no stack, no library message ever reaches a client.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return function errorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
    const httpError = toHttpError(error);
    if (httpError.status >= 500) {
      logger.error({ err: httpError.options.cause ?? error, method: req.method, path: req.path }, httpError.description);
    }
    if (res.headersSent) {
      next(error); // Express then ends the connection; nothing more can be said.
      return;
    }
    for (const [name, value] of Object.entries(httpError.options.headers ?? {})) res.setHeader(name, value);
    if (httpError.options.challenge) res.setHeader('WWW-Authenticate', bearerChallenge(httpError.options.challenge));
    res.status(httpError.status).json({ error: httpError.code, error_description: httpError.description });
  };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // Express itself raises client errors with a `status` (e.g. a path that fails to URI-decode).
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'invalid_request', 'The request is malformed', { cause: error });
  }
  return new HttpError(500, 'server_error', 'The server could not handle the request', { cause: error });
}
