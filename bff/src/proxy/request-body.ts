import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';

/**
 * What http-proxy sends upstream as the request body: its `buffer` option, piped into the upstream
 * request (`(options.buffer || req).pipe(proxyReq)`, web-incoming.js). A request without a body
 * (RFC 9112 §6.3: no Content-Length, no Transfer-Encoding — every GET of the app) needs no pipe:
 * the upstream request is ended at once, which spares a pipe's listeners and an extra tick per
 * call. Any other request is piped as http-proxy would. http-proxy calls `pipe` synchronously
 * right after its `start` event, in the same turn, so `starting` is always that request.
 */
export function requestBody() {
  let starting: IncomingMessage | undefined;
  return {
    /** For HPM's `on.start`: the request whose upstream request comes next. */
    start(req: IncomingMessage): void {
      starting = req;
    },
    /** For HPM's `buffer` option. */
    source: {
      pipe<T extends Writable>(upstream: T): T {
        const req = starting as IncomingMessage;
        starting = undefined;
        if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
          upstream.end();
          return upstream;
        }
        return req.pipe(upstream);
      },
    },
  };
}
