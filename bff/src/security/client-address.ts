import type { IncomingMessage } from 'node:http';

/**
 * The address of the client, as far as the BFF can know it. Without TRUST_PROXY the peer of the
 * connection. With it, the BFF trusts exactly one proxy in front (the edge), so the client is the
 * last X-Forwarded-For entry — the one the edge appended — never the first, which any client can
 * write itself. One owner for this rule: the forwarded headers and the login rate limit use it.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').pop()?.trim();
  return last || peer;
}
