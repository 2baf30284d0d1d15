import http from 'node:http';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { onTestFinished } from 'vitest';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig, type ApiConfig } from '../../api/src/config.js';
import { startJwksServer, type JwksServer } from '../helpers/jwks-server.js';
import { listen } from '../helpers/listen.js';
import { createSigningKey, mintAccessToken, type AccessTokenOptions, type SigningKey } from '../helpers/tokens.js';

// One API on port 0 in front of its own JWKS server, plus the expected shape of each refusal.

export const ISSUER = 'https://idp.test/';
export const AUDIENCE = 'https://api.test';
export const CLIENT_ID = 'bff-demo';

/** An array value sends the header once per element (two Authorization headers). */
export type RequestHeaders = Readonly<Record<string, string | string[]>>;

export type Reply = { status: number; wwwAuthenticate: string | null; body: unknown };

export type ApiFixture = {
  url: string;
  jwks: JwksServer;
  key: SigningKey;
  /** A valid access token for this API, signed by `key`; options override the defaults. */
  token: (options?: Partial<AccessTokenOptions>) => Promise<string>;
  get: (path: string, headers?: RequestHeaders) => Promise<Reply>;
  /** GET `path` (default /api/external) with `Authorization: Bearer <token>`. */
  call: (token: string, path?: string) => Promise<Reply>;
  close: () => Promise<void>;
};

export async function startApi(overrides: Partial<ApiConfig> = {}, logger: Logger = pino({ level: 'silent' })): Promise<ApiFixture> {
  const key = await createSigningKey('key-1');
  const jwks = await startJwksServer([key.publicJwk]);
  const config = { ...loadApiConfig({ ISSUER_BASE_URL: ISSUER, AUDIENCE, JWKS_URI: jwks.jwksUri }, {}), ...overrides };
  const api = await listen(createApi(config, { logger }));
  const get = (path: string, headers: RequestHeaders = {}) => request(`${api.url}${path}`, headers);
  return {
    url: api.url,
    jwks,
    key,
    token: (options) => mintAccessToken(key, { issuer: ISSUER, audience: AUDIENCE, scope: 'read:messages', ...options }),
    get,
    call: (token, path = '/api/external') => get(path, { authorization: `Bearer ${token}` }),
    close: async () => {
      await api.close();
      await jwks.close();
    },
  };
}

/** startApi, closed when the current test finishes. */
export async function useApi(overrides: Partial<ApiConfig> = {}, logger?: Logger): Promise<ApiFixture> {
  const fixture = await startApi(overrides, logger);
  onTestFinished(() => fixture.close());
  return fixture;
}

// node:http rather than fetch: it can send two Authorization headers and any byte a test needs.
export function request(url: string, headers: RequestHeaders = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        const json = res.headers['content-type']?.startsWith('application/json');
        resolve({
          status: res.statusCode ?? 0,
          wwwAuthenticate: res.headers['www-authenticate'] ?? null,
          body: json ? JSON.parse(text) : text,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const bearerRefusal = (status: number, error: string, description: string, scope?: string): Reply => ({
  status,
  wwwAuthenticate: `Bearer realm="api", error="${error}", error_description="${description}"${scope ? `, scope="${scope}"` : ''}`,
  body: { error, error_description: description },
});

/** The exact replies the API gives, as one place for every test to assert against. */
export const refused = {
  missingToken: (description = 'An access token is required'): Reply => ({
    status: 401,
    wwwAuthenticate: 'Bearer realm="api"',
    body: { error: 'unauthorized', error_description: description },
  }),
  invalidRequest: (description: string) => bearerRefusal(400, 'invalid_request', description),
  invalidToken: (description: string) => bearerRefusal(401, 'invalid_token', description),
  insufficientScope: (scope: string) => bearerRefusal(403, 'insufficient_scope', `The access token lacks the scope ${scope}`, scope),
  keysUnavailable: {
    status: 503,
    wwwAuthenticate: null,
    body: { error: 'temporarily_unavailable', error_description: 'The API cannot verify access tokens right now; try again later' },
  } satisfies Reply,
};

export const EXTERNAL_OK: Reply = {
  status: 200,
  wwwAuthenticate: null,
  body: { message: 'Your Access Token was successfully validated!' },
};

/** A pino logger writing into an array, to assert what the API logs. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
