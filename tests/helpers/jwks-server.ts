import http from 'node:http';
import type { JWK } from 'jose';
import { closeServer, listen } from './listen.js';

// A JWKS endpoint for tests: serves keys made with tokens.ts, counts fetches, can rotate keys,
// answer with an error, and stop/start again on the same port (an IdP outage and its recovery).

export type JwksServer = {
  /** Full URL of the key set, `${url}/.well-known/jwks.json`. */
  readonly jwksUri: string;
  readonly url: string;
  /** Requests to the key set so far, served or failed. */
  readonly fetches: number;
  setKeys(keys: readonly JWK[]): void;
  /** Answer every fetch with this status and raw body instead of the keys; undefined restores them. */
  failWith(failure: { status: number; body: string } | undefined): void;
  /** Closes the listener and every open connection; start() listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export const JWKS_PATH = '/.well-known/jwks.json';

export async function startJwksServer(initialKeys: readonly JWK[]): Promise<JwksServer> {
  let keys = initialKeys;
  let failure: { status: number; body: string } | undefined;
  let fetches = 0;

  const handler: http.RequestListener = (req, res) => {
    if (req.url !== JWKS_PATH) {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    const [status, body] = failure ? [failure.status, failure.body] : [200, JSON.stringify({ keys })];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
  const { server, url, port } = await listen(handler);
  let running = true;
  const stop = async () => {
    if (running) await closeServer(server);
    running = false;
  };

  return {
    jwksUri: `${url}${JWKS_PATH}`,
    url,
    get fetches() {
      return fetches;
    },
    setKeys: (next) => {
      keys = next;
    },
    failWith: (next) => {
      failure = next;
    },
    stop,
    start: async () => {
      if (!running) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      running = true;
    },
    close: stop,
  };
}
