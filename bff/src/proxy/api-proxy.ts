import { parse as parseUrl } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createProxyMiddleware, proxyEventsPlugin } from 'http-proxy-middleware';
import { HttpError } from '../http-error.js';
import type { ApiHeaders } from '../security/api-headers.js';
import type { Next, NodeHandler } from './in-order.js';
import type { AccessTokens } from '../tokens/access-tokens.js';
import { andThen } from '../session/maybe-async.js';
import { sessionOf } from '../session/request-session.js';
import { requestBody } from './request-body.js';
import { createUpstreamAgent } from './upstream-agent.js';
import { upstreamHeaders } from './upstream-headers.js';

// What of the API's answer reaches the browser: the representation and the auth challenge. Not
// Set-Cookie (the API never sets cookies on the app's origin), not CORS headers (no other origin
// may read /api), not hop-by-hop headers (RFC 9110 §7.6.1); the BFF sets its own security headers.
const FORWARDED_RESPONSE_HEADERS = new Set([
  'content-type', 'content-length', 'content-encoding', 'content-language', 'content-disposition',
  'etag', 'last-modified', 'vary', 'www-authenticate', 'retry-after', 'location', 'x-request-id',
]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// Answers up to this size (the usual JSON) are read whole and sent with their headers in one
// write; larger or unsized ones (downloads, streams) are piped as they come.
const WHOLE_BODY_BYTES = 64 * 1024;

type ProxyState = { next: Next; token: string; retried: boolean; timedOut: boolean; reusedSocket: boolean; reconnected: boolean };
const STATE = Symbol('apiProxyState');
type WithState = IncomingMessage & { [STATE]?: ProxyState };

/**
 * Forwards /api/* to the API with the session's access token as bearer. The browser's Cookie,
 * Authorization and X-CSRF headers never go upstream. A 401 from the API to a token the BFF
 * believed valid gets one refresh and, for an idempotent request, one retry.
 */
export function apiProxy(options: { apiBaseUrl: string; apiCa?: string; appBaseUrl: string; trustProxy: boolean; timeoutMs: number; accessTokens: AccessTokens; headers: ApiHeaders }): NodeHandler {
  const { apiBaseUrl, timeoutMs, accessTokens } = options;
  const ownHeaders = options.headers.pairs;
  const shapeHeaders = upstreamHeaders(options);
  // Idle sockets are dropped after 4 s, before the common 5 s keep-alive timeout of upstream servers
  // (Node's default), so the BFF rarely writes to a socket the API is closing.
  const target = parseUrl(apiBaseUrl);
  const agent = createUpstreamAgent({ protocol: target.protocol ?? 'http:', ca: options.apiCa, maxSockets: 256, idleTimeoutMs: 4000 });
  const body = requestBody();

  const proxy = createProxyMiddleware({
    // req.url is the browser's path, /api/… as allowApiPaths checked it. Parsed here, once: as a
    // string, http-proxy would parse it again for every request.
    target,
    changeOrigin: true,
    xfwd: false,
    agent,
    proxyTimeout: timeoutMs,
    selfHandleResponse: true,
    // Only our handlers below: the default plugins would log every exchange (building a URL per
    // request), answer errors themselves and add listeners per request; the BFF's own request log,
    // error handler and the close handling in forward() do those jobs.
    ejectPlugins: true,
    plugins: [proxyEventsPlugin],
    buffer: body.source as unknown as NonNullable<Parameters<typeof createProxyMiddleware>[0]>['buffer'],
    on: {
      start: (req) => body.start(req),
      proxyReq(proxyReq, req) {
        const state = (req as WithState)[STATE];
        if (state) state.reusedSocket = proxyReq.reusedSocket;
        proxyReq.on('timeout', () => {
          if (state) state.timedOut = true;
        });
      },
      proxyRes(proxyRes, req, res) {
        const state = (req as WithState)[STATE];
        if (proxyRes.statusCode === 401 && state) {
          proxyRes.resume();
          refusedByApi(req as WithState, res, state);
          return;
        }
        forward(proxyRes, res, state);
      },
      error(error, req, res) {
        const state = (req as WithState)[STATE];
        // A kept-alive socket the API closed just as we wrote to it: the request never reached the
        // API, so an idempotent one is sent again, once, on a fresh connection (Node's documented remedy).
        const code = (error as NodeJS.ErrnoException).code;
        const unsent = state?.reusedSocket && !state.reconnected && (code === 'ECONNRESET' || code === 'EPIPE');
        if (state && unsent && !state.timedOut && IDEMPOTENT.has(req.method ?? '') && !(res as ServerResponse).headersSent) {
          state.reconnected = true;
          void send(req as WithState, res as ServerResponse, state.token);
          return;
        }
        const timedOut = state?.timedOut || (error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
        const failure = timedOut
          ? new HttpError(504, 'gateway_timeout', 'The API did not answer in time: try again', { cause: error })
          : new HttpError(502, 'bad_gateway', 'The API cannot be reached: try again', { cause: error });
        if (state && !(res as ServerResponse).headersSent) state.next(failure);
        else if ('destroy' in res) res.destroy();
      },
    },
  });

  /** The API's answer to the browser: status, the allowed headers and the body. */
  function forward(proxyRes: IncomingMessage, res: ServerResponse, state: ProxyState | undefined) {
    const status = proxyRes.statusCode ?? 502;
    const headers: string[] = [...ownHeaders];
    let length = Number.NaN;
    // The raw list keeps repeated headers (Vary) as sent, and spares Node building proxyRes.headers.
    const raw = proxyRes.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (!FORWARDED_RESPONSE_HEADERS.has(name)) continue;
      headers.push(raw[i] as string, raw[i + 1] as string);
      if (name === 'content-length') length = Number(raw[i + 1]);
    }
    const failed = (error: Error) => {
      if (state && !res.headersSent) state.next(new HttpError(502, 'bad_gateway', 'The API answer broke off: try again', { cause: error }));
      else res.destroy();
    };
    if (length <= WHOLE_BODY_BYTES) {
      const chunks: Buffer[] = [];
      proxyRes.on('data', (chunk: Buffer) => chunks.push(chunk));
      proxyRes.on('end', () => {
        res.writeHead(status, headers);
        res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      });
      proxyRes.on('error', failed);
      return;
    }
    res.writeHead(status, headers);
    // A browser that goes away mid-stream releases the API's connection too.
    res.on('close', () => {
      if (!res.writableEnded) proxyRes.destroy();
    });
    proxyRes.on('error', failed);
    proxyRes.pipe(res);
  }

  function send(req: WithState, res: ServerResponse, token: string) {
    req.headers.authorization = `Bearer ${token}`;
    return proxy(req, res, (req[STATE] as ProxyState).next);
  }

  /**
   * The API refused a token the BFF believed valid. One refresh and, for an idempotent request, one
   * retry; never more than one refresh per access token (a provider issuing tokens this API cannot
   * read — opaque ones — would otherwise cost a refresh per call). A token still refused is not the
   * user's session ending: 502 upstream_token_rejected, never a 401 the app would read as a logout.
   */
  function refusedByApi(req: WithState, res: ServerResponse, state: ProxyState) {
    const session = loadedSession(req);
    if (!state.retried && IDEMPOTENT.has(req.method ?? '') && !accessTokens.refusedBefore(session, state.token)) {
      state.retried = true;
      retryWithNewToken(req, res, state);
      return;
    }
    const rejected = new HttpError(502, 'upstream_token_rejected', 'The API refused the access token the BFF holds for this session: the provider may not issue JWT access tokens for AUDIENCE');
    if (!state.retried) return state.next(rejected);
    // Refreshed and still refused: remember it, so the next call does not refresh again for it.
    accessTokens.markRefused(session, state.token).then(
      () => state.next(rejected),
      () => state.next(rejected),
    );
  }

  function retryWithNewToken(req: WithState, res: ServerResponse, state: ProxyState) {
    Promise.resolve()
      .then(() => accessTokens.replace(loadedSession(req), state.token))
      .then((token) => {
        state.token = token;
        return send(req, res, token);
      })
      .catch(state.next);
  }

  // No await when the session's token is fresh (nearly every call): no promise, no extra tick.
  return function proxyToApi(req, res, next) {
    return andThen(accessTokens.current(loadedSession(req)), (token) => {
      shapeHeaders(req);
      (req as WithState)[STATE] = { next, token, retried: false, timedOut: false, reusedSocket: false, reconnected: false };
      return send(req as WithState, res, token);
    });
  };
}

// Mounted after requireSession: a request without a session never reaches the proxy.
function loadedSession(req: IncomingMessage) {
  const session = sessionOf(req);
  if (!session) throw new HttpError(500, 'server_error', 'The API proxy ran without a session');
  return session;
}
