import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';

describe('/api proxy', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('a proxied call → the bearer access token arrives at the API; Cookie and X-CSRF do not', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    stack.apiRequests.length = 0;
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', authorization: 'Bearer forged' });
    expect(page.status).toBe(200);
    const [upstream] = stack.apiRequests;
    expect(upstream?.url).toBe('/api/external');
    expect(upstream?.headers.authorization).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(upstream?.headers.cookie).toBeUndefined();
    expect(upstream?.headers['x-csrf']).toBeUndefined();
  });

  it('no X-CSRF header → 403 csrf, the API is not called', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    stack.apiRequests.length = 0;
    const page = await callApi(browser, stack.urls.bff, '/api/external', {});
    expect(page.status).toBe(403);
    expect(JSON.parse(page.body)).toMatchObject({ error: 'csrf' });
    expect(stack.apiRequests).toHaveLength(0);
  });

  it('Sec-Fetch-Site: cross-site → 403 csrf, the API is not called', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    stack.apiRequests.length = 0;
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'sec-fetch-site': 'cross-site' });
    expect(page.status).toBe(403);
    expect(stack.apiRequests).toHaveLength(0);
  });

  it('Origin of another site → 403 csrf, the API is not called', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    stack.apiRequests.length = 0;
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(stack.apiRequests).toHaveLength(0);
  });

  it('same-origin Origin and Sec-Fetch-Site → proxied', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', origin: stack.urls.bff, 'sec-fetch-site': 'same-origin' });
    expect(page.status).toBe(200);
  });

  it('a CORS preflight from another origin → no Access-Control-Allow-Origin', async () => {
    const response = await fetch(`${stack.urls.bff}/api/external`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-csrf' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a route needing a scope the demo user lacks → the API 403 insufficient_scope passes through', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff, '/api/admin');
    expect(page.status).toBe(403);
    expect(page.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('a route needing a scope the demo user has → 200', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    expect((await callApi(browser, stack.urls.bff, '/api/messages')).status).toBe(200);
  });

  it.each([
    ['/api/../auth/user', 400],
    ['/api/%2e%2e/healthz', 400],
    ['/api/external%2f..%2fadmin', 400],
    ['/api/x%5c..%5cadmin', 400],
    ['/api/./external', 400],
    ['/api/external/.', 400],
    ['/api/external/..', 400],
    ['/api//external', 400],
    ['/api/x\\..\\admin', 400],
    ['/api/%00', 400],
  ])('path %s → %i, the API is not called', async (path, status) => {
    const { browser } = await stack.loggedIn(ALICE);
    stack.apiRequests.length = 0;
    // fetch would normalise "..": send the raw path over a plain socket-level request.
    const page = await rawGet(stack.urls.bff, path, (await browser.jar.getCookieString(stack.urls.bff)) ?? '');
    expect(page.status).toBe(status);
    expect(stack.apiRequests).toHaveLength(0);
  });

  it('the API sets CORS, cookie and its own headers → none reaches the browser', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const plant = (_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('set-cookie', 'planted=1; Path=/');
      res.setHeader('x-upstream-secret', 'internal');
    };
    stack.servers.api.server.prependListener('request', plant);
    const page = await callApi(browser, stack.urls.bff);
    stack.servers.api.server.off('request', plant);
    expect(page.status).toBe(200);
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('x-upstream-secret')).toBeNull();
    expect(page.headers.get('content-type')).toContain('application/json');
  });

  it('an /api answer → nosniff, a CSP that allows nothing, same-origin resource policy', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('the API closes a kept-alive connection as the next GET arrives → sent again on a new one, 200', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const closeReused = closeReusedConnections();
    stack.servers.api.server.prependListener('request', closeReused);
    try {
      expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
      expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    } finally {
      stack.servers.api.server.off('request', closeReused);
    }
  });

  it('the same for a POST → 502, never sent twice', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const closeReused = closeReusedConnections();
    stack.servers.api.server.prependListener('request', closeReused);
    try {
      expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
      const post = await browser.request(`${stack.urls.bff}/api/external`, { method: 'POST', headers: { 'x-csrf': '1' }, body: 'x' });
      expect(post.status).toBe(502);
    } finally {
      stack.servers.api.server.off('request', closeReused);
    }
  });

  it('an answer over 64 KB → streamed through byte for byte, with its length', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const body = Buffer.alloc(1024 * 1024, 'abcdefghij');
    const page = await withApiAnswer(stack, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
      res.end(body);
    }, () => callApi(browser, stack.urls.bff));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-length')).toBe(String(body.length));
    expect(page.body).toBe(body.toString());
  });

  it('an unsized answer (a stream) → its first part reaches the browser before the API has finished', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    let finish = () => {};
    const cookie = (await browser.jar.getCookieString(stack.urls.bff)) ?? '';
    const first = await withApiAnswer(stack, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      finish = () => res.end('data: last\n\n');
    }, () => firstChunk(`${stack.urls.bff}/api/external`, cookie));
    finish();
    expect(first.status).toBe(200);
    expect(first.chunk).toBe('data: first\n\n');
  });

  it('the browser leaves in the middle of a stream → the API connection is closed too', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const cookie = (await browser.jar.getCookieString(stack.urls.bff)) ?? '';
    let upstreamClosed: Promise<void> = Promise.resolve();
    await withApiAnswer(stack, (_req, res) => {
      upstreamClosed = new Promise((resolve) => res.once('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    }, async () => {
      const { request } = await firstChunk(`${stack.urls.bff}/api/external`, cookie);
      request.destroy();
    });
    await expect(Promise.race([upstreamClosed.then(() => 'closed'), sleep(3000).then(() => 'still open')])).resolves.toBe('closed');
  });

  it('the API breaks off a sized answer halfway → 502 bad_gateway, not a truncated body', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await withApiAnswer(stack, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"message":');
      setTimeout(() => res.socket?.destroy(), 20);
    }, () => callApi(browser, stack.urls.bff));
    expect(page.status).toBe(502);
    expect(JSON.parse(page.body)).toMatchObject({ error: 'bad_gateway' });
  });

  it('responses from /api are marked no-store', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const page = await callApi(browser, stack.urls.bff);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `during` while `answer` replaces the API (the IdP and the BFF are untouched). */
async function withApiAnswer<T>(stack: Stack, answer: (req: IncomingMessage, res: ServerResponse) => void, during: () => Promise<T>): Promise<T> {
  const { server } = stack.servers.api;
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', answer);
  try {
    return await during();
  } finally {
    server.off('request', answer);
    for (const listener of listeners) server.on('request', listener);
  }
}

/** The status and first body chunk of a GET, without waiting for the rest; the request stays open. */
async function firstChunk(url: string, cookie: string): Promise<{ status: number; chunk: string; request: ClientRequest }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { cookie, 'x-csrf': '1' } }, (res) => {
      res.once('data', (chunk: Buffer) => resolve({ status: res.statusCode ?? 0, chunk: chunk.toString(), request: req }));
      res.on('error', () => undefined);
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

async function rawGet(base: string, path: string, cookie: string): Promise<{ status: number }> {
  const { request } = await import('node:http');
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { cookie, 'x-csrf': '1' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A server-side race made certain: every request on an already used connection finds it closed. */
function closeReusedConnections() {
  const served = new WeakMap<object, number>();
  return (req: IncomingMessage) => {
    const count = served.get(req.socket) ?? 0;
    served.set(req.socket, count + 1);
    if (count >= 1) req.socket.destroy();
  };
}
