import { HttpError } from '../http-error.js';
import type { NodeHandler } from '../proxy/in-order.js';
import type { SessionBackend } from '../session/session-backend.js';
import { clientAddress } from './client-address.js';

export type RateLimitEvents = { rateLimited?(scope: string): void };

/**
 * At most `limit` requests per `windowSeconds` from one client address (client-address.ts), counted
 * in the session store so every instance shares the count. Over it: 429 with Retry-After, and the
 * description says when to try again (browsers get it as a page). The count is a fixed window that
 * starts with the first request. A store that cannot count lets the request through: the limit
 * must not turn a store outage into a login outage (the login needs the store anyway and will say so).
 */
export function rateLimit(options: {
  scope: string;
  limit: number;
  windowSeconds: number;
  backend: SessionBackend;
  trustProxy: boolean;
  /** The counter's name for an address: a keyed hash, so the store holds no address in clear. */
  keyOf: (address: string) => string;
  events?: RateLimitEvents;
}): NodeHandler {
  const { scope, limit, windowSeconds, backend, trustProxy, keyOf, events = {} } = options;
  if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`rateLimit(${scope}): limit must be a whole number ≥ 0, got ${limit}`);
  const windowMs = windowSeconds * 1000;
  return async function limitRate(req, _res, next) {
    if (limit === 0) return next();
    const counted = await backend.count(`rate:${scope}:${keyOf(clientAddress(req, trustProxy))}`, windowMs).catch(() => 0);
    if (counted <= limit) return next();
    // Once per address and window: a flood must not flood the log too.
    if (counted === limit + 1) events.rateLimited?.(scope);
    next(
      new HttpError(429, 'too_many_requests', `Too many ${scope} requests from your address: try again in ${windowSeconds} seconds`, {
        headers: { 'retry-after': String(windowSeconds) },
      }),
    );
  };
}
