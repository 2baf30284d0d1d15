import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig } from '../../api/src/config.js';
import { makeTestCa, type TlsFiles } from '../ops/support/test-ca.js';
import { configProblems, GOOD_BFF_SETTINGS } from '../helpers/bff-config.js';
import { ALICE, AUDIENCE, callApi, startStack, type Stack } from '../helpers/stack.js';

// An API served over TLS (API_BASE_URL=https://…), its certificate signed by a private CA: the BFF
// proxies to it through an https agent that verifies the certificate, against API_CA_FILE.

let dir: string;
let tls: TlsFiles;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bff-https-api-'));
  tls = makeTestCa(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real API behind TLS on a loopback port; its handler is set once the IdP's URL is known. */
async function httpsApi() {
  let handler: RequestListener | undefined;
  const requests: IncomingMessage[] = [];
  const server = https.createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req);
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    requests,
    serve(issuer: string) {
      handler = createApi(loadApiConfig({ ISSUER_BASE_URL: issuer, AUDIENCE }, {}), { logger: pino({ level: 'silent' }) }) as unknown as RequestListener;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** For the enclosing describe: the https API and a stack whose BFF proxies to it, `caFile` as its API_CA_FILE. */
function withHttpsApi(caFile: () => string | undefined) {
  const running = {} as { api: Awaited<ReturnType<typeof httpsApi>>; stack: Stack };
  beforeAll(async () => {
    running.api = await httpsApi();
    const ca = caFile();
    running.stack = await startStack({ bffEnv: { API_BASE_URL: running.api.url, ...(ca ? { API_CA_FILE: ca } : {}) } });
    running.api.serve(running.stack.urls.idp);
  });
  afterAll(async () => {
    await running.stack.close();
    await running.api.close();
  });
  return running;
}

describe('an API over https with a private CA', () => {
  const running = withHttpsApi(() => tls.ca);

  it('API_CA_FILE names the CA → the call goes over TLS with the bearer token, twice on one kept-alive connection', async () => {
    const { api, stack } = running;
    const { browser } = await stack.loggedIn(ALICE);
    const pages = [await callApi(browser, stack.urls.bff), await callApi(browser, stack.urls.bff)];
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    expect(JSON.parse(pages[0]?.body ?? '{}')).toMatchObject({ message: 'Your Access Token was successfully validated!' });
    expect(api.requests.map((req) => [req.headers.authorization?.startsWith('Bearer ey'), req.headers.cookie])).toEqual([[true, undefined], [true, undefined]]);
    expect(new Set(api.requests.map((req) => req.socket)).size).toBe(1);
  });
});

describe('an API over https whose certificate the BFF cannot verify', () => {
  const running = withHttpsApi(() => undefined);

  it('no API_CA_FILE (the private CA unknown to the system) → 502 bad_gateway; the API receives no request', async () => {
    const { api, stack } = running;
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff);
    expect([page.status, JSON.parse(page.body).error]).toEqual([502, 'bad_gateway']);
    expect(api.requests).toHaveLength(0);
  });
});

describe('API_CA_FILE at start-up', () => {
  it('set with an http:// API → refused, naming both settings', () => {
    expect(configProblems({ ...GOOD_BFF_SETTINGS, API_CA_FILE: tls.ca })).toContain('API_CA_FILE is set, but API_BASE_URL is not https://');
  });

  it('a file that does not exist → refused with the path and the fix', () => {
    const problems = configProblems({ ...GOOD_BFF_SETTINGS, API_BASE_URL: 'https://api.example.com', API_CA_FILE: 'no-such-ca.pem' }, {}, dir);
    expect(problems).toContain(`API_CA_FILE: cannot read ${join(dir, 'no-such-ca.pem')} (ENOENT)`);
  });

  it('a file without a PEM certificate (the key by mistake) → refused', () => {
    const problems = configProblems({ ...GOOD_BFF_SETTINGS, API_BASE_URL: 'https://api.example.com', API_CA_FILE: tls.key });
    expect(problems).toContain('holds no PEM certificate');
  });
});
