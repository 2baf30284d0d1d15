import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../helpers/http-client.js';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';
import { sendRaw } from '../ops/support/raw-http.js';

// Request bodies through the proxy: sent whole and unchanged; a request without one is ended at
// once (request-body.ts), and the API sees no body either.

describe('request bodies upstream', () => {
  let stack: Stack;
  let browser: Browser;
  const received: { method: string; length: string | undefined; encoding: string | undefined; body: string }[] = [];
  beforeAll(async () => {
    stack = await startStack();
    ({ browser } = await stack.loggedIn(ALICE));
    // /api/echo answered beside the API: what arrived, with its framing.
    const api = stack.servers.api.server;
    const others = api.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    api.removeAllListeners('request');
    api.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/api/echo')) return others.forEach((listener) => listener(req, res));
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', length: req.headers['content-length'], encoding: req.headers['transfer-encoding'], body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
  });
  afterAll(() => stack.close());

  const send = (method: string, body?: string) =>
    browser.request(`${stack.urls.bff}/api/echo`, { method, headers: { 'x-csrf': '1', 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) });

  it('a POST with a JSON body (Content-Length) → the same bytes and length at the API', async () => {
    const body = JSON.stringify({ text: 'äöü ✓', list: Array.from({ length: 500 }, (_, i) => i) });
    expect((await send('POST', body)).status).toBe(200);
    expect(received.at(-1)).toEqual({ method: 'POST', length: String(Buffer.byteLength(body)), encoding: undefined, body });
  });

  it('a PUT with a chunked body → the whole body at the API', async () => {
    const cookie = await browser.jar.getCookieString(stack.urls.bff);
    const { port, host } = new URL(stack.urls.bff);
    const request = ['PUT /api/echo HTTP/1.1', `Host: ${host}`, `Cookie: ${cookie}`, 'X-CSRF: 1', 'Transfer-Encoding: chunked', 'Content-Type: text/plain', '', '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'].join('\r\n');
    expect((await sendRaw(Number(port), request)).status).toBe(200);
    expect(received.at(-1)).toMatchObject({ method: 'PUT', body: 'hello world' });
  });

  it('a GET (no body) → no body and no body framing at the API', async () => {
    expect((await send('GET')).status).toBe(200);
    expect(received.at(-1)).toEqual({ method: 'GET', length: undefined, encoding: undefined, body: '' });
  });
});
