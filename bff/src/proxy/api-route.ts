import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HttpError } from '../http-error.js';
import type { ApiHeaders } from '../security/api-headers.js';
import { inOrder, type Next, type NodeHandler } from './in-order.js';

const HANDED_OVER = Symbol('apiRouteError');
type Carrier = IncomingMessage & { [HANDED_OVER]?: unknown };

/** `/api`, `/api/…` or `/api?…` in any letter case: what Express's `app.use('/api')` matched. */
export function isApiPath(url: string | undefined): boolean {
  if (!url || url.length < 4 || url.slice(0, 4).toLowerCase() !== '/api') return false;
  return url.length === 4 || url[4] === '/' || url[4] === '?';
}

/**
 * The /api route, answered outside Express. Express gives every request and response a new
 * prototype (Object.setPrototypeOf), after which V8 reads and writes their properties on its slow
 * path, about 1 µs per access: the same proxy hop costs about 1.6 times the CPU in Express as on
 * node:http alone (scenarios b and b0 of `npm run bench`). The steps need nothing from Express.
 * An error is handed to the Express app (`express`), whose error handler answers it as it answers
 * every other route.
 */
export function apiRoute(steps: NodeHandler[], express: () => RequestListener, headers: ApiHeaders) {
  const run = inOrder(...steps);
  const handOver = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    (req as Carrier)[HANDED_OVER] = error;
    headers.apply(res);
    express()(req, res);
  };
  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      run(req, res, (error) => handOver(req, res, error ?? new HttpError(404, 'not_found', 'No such API route')));
    },
    /** Mounted first in the Express app: an error from the /api route goes straight to the error handler. */
    resumeError(req: IncomingMessage, _res: ServerResponse, next: Next): void {
      const error = (req as Carrier)[HANDED_OVER];
      next(error);
    },
  };
}
