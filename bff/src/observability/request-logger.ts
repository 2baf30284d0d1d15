import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { subjectOf } from '../session/request-session.js';

// A caller's id (the edge's, a load balancer's) is kept only when it cannot forge a log line.
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz']);

type Logged = IncomingMessage & Partial<Pick<Request, 'originalUrl' | 'oidc'>> & { id?: unknown };

/**
 * One line per request: id, method, path, status, latency and the user's `sub`. Never a header
 * (cookies, X-CSRF, Authorization) and never the query string: `/auth/callback?code=…` carries the
 * authorization code, `/auth/logout?sid=…` the logout id. Probes log at debug.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp<Logged, ServerResponse>({
    // These lines hold only the fields built below, none of them a secret (tests/ops/logging.test.ts
    // proves it); the logger's redaction paths would cost more than the rest of the line.
    logger: logger.child({}, { redact: [] }),
    // The default wrappers copy every header before our serializer drops them: skip that work.
    wrapSerializers: false,
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      // Forwarded with the proxied call, so the API's log line can be matched with ours.
      req.headers['x-request-id'] = id;
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: Logged) => ({ id: req.id, method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel(req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      return PROBES.has(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, value: { responseTime: number }) => ({ res, responseTime: value.responseTime, sub: subjectOf(req) }),
    // The error handler logs the cause of a 5xx; here the line only says it happened.
    customErrorObject: (req, res, _error, value: { responseTime: number }) => ({ res, responseTime: value.responseTime, sub: subjectOf(req) }),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  });
}

function pathOf(req: Logged): string {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
