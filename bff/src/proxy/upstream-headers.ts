import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { clientAddress } from '../security/client-address.js';

// RFC 9110 §7.6.1: headers for one connection only, never forwarded (Transfer-Encoding stays: Node
// frames the forwarded body by it). Proxy-Authorization would hand a credential meant for the BFF's
// own proxy to the API.
const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection'];
// Headers with which a client could claim another address, host, scheme, path or method to a
// server that trusts its proxy: the BFF writes the forwarding headers itself, from what it knows.
const CLIENT_CLAIMS = [
  'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-prefix',
  'x-forwarded-server', 'x-forwarded-ssl', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'x-cluster-client-ip', 'cf-connecting-ip',
  'x-original-url', 'x-rewrite-url', 'x-original-host', 'x-host', 'x-http-method-override', 'x-http-method', 'x-method-override',
];
// The browser's credentials for the BFF: the API gets the bearer token instead.
const BFF_ONLY = ['cookie', 'authorization', 'x-csrf'];
const DROPPED = new Set([...HOP_BY_HOP, ...CLIENT_CLAIMS, ...BFF_ONLY]);

/**
 * Shapes the browser's request headers for the API: hop-by-hop headers and any header the
 * `Connection` header names are removed, so are the client's forwarding claims and its BFF
 * credentials; `X-Forwarded-For`, `-Proto` and `-Host` are set from the client address the BFF
 * determined (client-address.ts) and the app's public origin. The kept headers go into a new object
 * rather than deleting from Node's: an object with deleted properties turns into a slow dictionary,
 * which http-proxy then copies and Node's client walks on every call.
 */
export function upstreamHeaders(options: { appBaseUrl: string; trustProxy: boolean }) {
  const app = new URL(options.appBaseUrl);
  const proto = app.protocol.slice(0, -1);
  return function setUpstreamHeaders(req: IncomingMessage): void {
    const headers = req.headers;
    const client = clientAddress(req, options.trustProxy);
    const named = headers.connection?.split(',').map((name) => name.trim().toLowerCase());
    const shaped: IncomingHttpHeaders = {};
    for (const name of Object.keys(headers)) {
      if (!DROPPED.has(name) && !named?.includes(name)) shaped[name] = headers[name];
    }
    shaped['x-forwarded-for'] = client;
    shaped['x-forwarded-proto'] = proto;
    shaped['x-forwarded-host'] = app.host;
    req.headers = shaped;
  };
}
