import type http from 'node:http';
import type { JWK } from 'jose';
import { listen } from '../helpers/listen.js';

// A provider's two public documents on a loopback port, each replaceable by a test: the discovery
// document at /.well-known/openid-configuration and the key set at /oauth2/jwks, which is where
// LemonLDAP::NG keeps it while its /.well-known/jwks.json is an HTML page (served here too).

export type Answer = Readonly<{ status: number; contentType: string; body: string }> | 'hang';

export type ProviderDocuments = {
  readonly url: string;
  readonly discoveryUrl: string;
  readonly jwksUri: string;
  /** Requests per path. */
  readonly hits: Readonly<Record<string, number>>;
  /** Replace what a path answers (JSON documents are serialised). */
  answer(path: string, answer: Answer): void;
  /** The default discovery document, with some members replaced or (undefined) removed. */
  discovery(members?: Readonly<Record<string, unknown>>): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/oauth2/jwks';
const HTML_PORTAL = '<!DOCTYPE html><html><head><title>LemonLDAP::NG</title></head><body>Authentication portal</body></html>';

export const json = (value: unknown, status = 200): Answer => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

/** `issuer`: the issuer the discovery document names; a function of the server URL. */
export async function startProviderDocuments(keys: readonly JWK[], issuer: (url: string) => string): Promise<ProviderDocuments> {
  const answers = new Map<string, Answer>();
  const hits: Record<string, number> = {};
  const hanging = new Set<http.ServerResponse>();
  const listening = await listen((req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    const answer = answers.get(path);
    if (answer === 'hang') {
      hanging.add(res);
      return;
    }
    if (!answer) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    else res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  });
  const { url, server, port } = listening;
  const documentFor = (members: Readonly<Record<string, unknown>> = {}) => ({
    issuer: issuer(url),
    authorization_endpoint: `${url}/oauth2/authorize`,
    token_endpoint: `${url}/oauth2/token`,
    jwks_uri: `${url}${JWKS_PATH}`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    ...members,
  });
  answers.set(DISCOVERY_PATH, json(documentFor()));
  answers.set(JWKS_PATH, json({ keys }));
  answers.set('/.well-known/jwks.json', { status: 200, contentType: 'text/html; charset=utf-8', body: HTML_PORTAL });

  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    for (const res of hanging) res.destroy();
    await listening.close();
  };
  return {
    url,
    discoveryUrl: `${url}${DISCOVERY_PATH}`,
    jwksUri: `${url}${JWKS_PATH}`,
    hits,
    answer: (path, answer) => answers.set(path, answer),
    discovery: (members) => answers.set(DISCOVERY_PATH, json(documentFor(members))),
    stop,
    start: async () => {
      if (!running) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      running = true;
    },
    close: stop,
  };
}
