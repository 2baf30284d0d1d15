import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError, idpUnavailable, storeUnavailable } from './http-error.js';
import { StoreUnavailableError } from './session/session-backend.js';
import { CALLBACK_PATH } from './oidc/openid-protocol.js';
import { escapeHtml } from './web/escape-html.js';

/**
 * The one place errors become responses. /api and /auth/user answer JSON (scripts read them);
 * browser navigations (/auth/login, /auth/callback) get a short HTML page with a way forward.
 * 5xx details are logged, never sent.
 */
export function errorHandler(
  logger: Logger,
  onSessionExpired: (req: Request, res: Response) => void,
  onError: (req: Request, error: HttpError) => void = () => undefined,
): ErrorRequestHandler {
  return function handleError(error: unknown, req, res, _next) {
    const httpError = toHttpError(error, req);
    const reqId = (req as { id?: unknown }).id;
    if (httpError.status >= 500) logger.error({ err: error, reqId, path: req.path }, httpError.description);
    else logger.debug({ code: httpError.code, reqId, path: req.path }, httpError.description);
    onError(req, httpError);
    if (httpError.code === 'session_expired') onSessionExpired(req, res);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(httpError.status).set(httpError.headers);
    const wantsPage = req.method === 'GET' && !req.path.startsWith('/api') && !req.path.startsWith('/auth/user') && req.accepts(['json', 'html']) === 'html';
    if (wantsPage) {
      res.type('html').send(errorPage(httpError, httpError.status === 503 ? retryPath(req.originalUrl) : undefined));
      return;
    }
    res.json({ error: httpError.code, error_description: httpError.description });
  };
}

function toHttpError(error: unknown, req: Request): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreUnavailableError) return storeUnavailable(error);
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return new HttpError(404, 'not_found', 'Not found');
    if (status === 413) return new HttpError(413, 'payload_too_large', 'The request body is too large');
    // express-openid-connect's callback checks (state, nonce, code, PKCE) fail with a 400.
    if (req.path === CALLBACK_PATH) return new HttpError(400, 'login_failed', 'The login could not be completed: start again from the app', { cause: error });
    return new HttpError(400, 'bad_request', 'The request is malformed');
  }
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|UND_ERR|OAUTH_RESPONSE|ABORT|TimeoutError)/.test(code)) {
    return idpUnavailable(error);
  }
  if (error instanceof Error && /fetch failed|discovery|timed out|aborted/i.test(error.message)) return idpUnavailable(error);
  return new HttpError(500, 'server_error', 'Something went wrong on our side', { cause: error });
}

/** Only a same-origin path may be offered as "Try again" (never `//host` or `/\\host`). */
const retryPath = (url: string): string | undefined => (/^\/(?![/\\])/.test(url) ? url : undefined);

/**
 * A page in the app's look (web/public/error-page.css, served from the built app: the CSP allows
 * no inline style), with the app's header and a way forward: back to the app, or try again.
 */
function errorPage(error: HttpError, retry: string | undefined): string {
  const title = error.status === 503 ? 'Temporarily unavailable' : error.status >= 500 ? 'Something went wrong' : 'That did not work';
  const again = retry ? `<a class="button" href="${escapeHtml(retry)}">Try again</a>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title} · BFF demo</title>
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<link rel="stylesheet" href="/error-page.css">
</head>
<body>
<header class="site-header"><nav class="nav" aria-label="Main"><a class="nav-brand" href="/">BFF demo</a></nav></header>
<main id="main" class="site-main">
<h1>${title}</h1>
<div class="notice" role="alert">
<p>${escapeHtml(error.description)}</p>
<p class="actions">${again}<a class="button${again ? ' button-secondary' : ''}" href="/">Back to the app</a></p>
</div>
</main>
<footer class="site-footer"><p>Tokens stay on the server. This page holds only an HttpOnly session cookie, which its scripts cannot read.</p></footer>
</body>
</html>
`;
}
