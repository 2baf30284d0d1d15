import type http from 'node:http';
import type { Logger } from 'pino';

export type ServerLifecycle = Readonly<{
  /** Fails readiness, stops accepting, lets in-flight requests finish within the grace period, then runs `onClosed`. */
  shutdown(reason: string): Promise<void>;
  /** True from the moment shutdown began: /readyz answers 503 (health-routes.ts). */
  stopping(): boolean;
}>;

/**
 * Graceful shutdown for a rolling deploy, the same in the idp, the api and the bff, in this order:
 * 1. readiness fails at once; for `delayMs` the listener still accepts and every response closes
 *    its connection, so a balancer that polls /readyz (or an edge holding kept-alive connections)
 *    moves on while nothing is refused yet;
 * 2. the listener closes (new connections are refused: an edge retries them on another replica),
 *    requests already running are answered, idle keep-alive connections are closed as they fall
 *    idle, and after `graceMs` whatever is left is cut;
 * 3. only then does `onClosed` run (the BFF closes its session store, the IdP writes its grants),
 *    so no in-flight request loses a store underneath it.
 */
export function createServerLifecycle(
  server: http.Server,
  options: { graceMs: number; delayMs?: number; onClosed?: () => Promise<void> | void; logger?: Logger; idleSweepMs?: number },
): ServerLifecycle {
  const { graceMs, delayMs = 0, onClosed = () => undefined, logger, idleSweepMs = 100 } = options;
  let stopping: Promise<void> | undefined;

  // Installed only at shutdown: a request that still arrives on an open keep-alive connection is
  // answered, and its connection closed after the response.
  const closeAfterResponse = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('connection', 'close');
  };

  async function stop(reason: string): Promise<void> {
    server.prependListener('request', closeAfterResponse);
    if (delayMs > 0) {
      logger?.info({ reason, delayMs }, 'shutting down: not ready, still serving');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    logger?.info({ reason, graceMs }, 'shutting down: finishing in-flight requests');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A connection becomes idle when its last response ends: sweep until none is left.
    const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), graceMs);
    });
    const outcome = await Promise.race([closed.then(() => 'drained' as const), expired]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (outcome === 'expired') {
      logger?.warn({ graceMs }, 'grace period over: closing the remaining connections');
      server.closeAllConnections();
      await closed;
    }
    await onClosed();
    logger?.info('stopped');
  }

  return Object.freeze({
    shutdown(reason: string) {
      stopping ??= stop(reason);
      return stopping;
    },
    stopping: () => stopping !== undefined,
  });
}
