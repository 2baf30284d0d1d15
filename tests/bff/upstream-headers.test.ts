import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';
import { sendRaw } from '../ops/support/raw-http.js';

// What reaches the API of the headers a client sent: hop-by-hop headers never (RFC 9110 §7.6.1),
// forwarding claims never; the BFF writes X-Forwarded-For/-Proto/-Host itself.

const FORGED = {
  forwarded: 'for=6.6.6.6;host=evil.example;proto=https',
  'x-forwarded-for': '6.6.6.6',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
  'x-forwarded-prefix': '/admin',
  'x-original-url': '/api/admin',
  'x-rewrite-url': '/api/admin',
  'x-real-ip': '6.6.6.6',
  'true-client-ip': '6.6.6.6',
  'x-http-method-override': 'DELETE',
};
const HOP_BY_HOP = {
  connection: 'keep-alive, x-named-by-connection',
  'x-named-by-connection': 'secret for the next hop only',
  'keep-alive': 'timeout=5',
  te: 'trailers',
  trailer: 'x-checksum',
  'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
  'proxy-connection': 'keep-alive',
};

/** The request written byte for byte: HTTP clients refuse some of these headers on a GET. */
async function call(url: string, headers: Record<string, string>): Promise<number | undefined> {
  const { host, port } = new URL(url);
  const lines = ['GET /api/external HTTP/1.1', `Host: ${host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return (await sendRaw(Number(port), `${lines.join('\r\n')}\r\n\r\n`)).status;
}

describe.each([
  ['without TRUST_PROXY', false],
  ['with TRUST_PROXY=true', true],
])('headers sent upstream, %s', (_, trustProxy) => {
  let stack: Stack;
  let cookie: string;
  beforeAll(async () => {
    stack = await startStack({ bff: { trustProxy } });
    const { browser } = await stack.loggedIn(ALICE);
    cookie = await browser.jar.getCookieString(stack.urls.bff);
  });
  afterAll(() => stack.close());

  async function upstreamOf(headers: Record<string, string>) {
    const before = stack.apiRequests.length;
    expect(await call(stack.urls.bff, { cookie, 'x-csrf': '1', ...headers })).toBe(200);
    return stack.apiRequests.slice(before).at(-1)?.headers ?? {};
  }

  it('hop-by-hop headers and the headers Connection names → none reaches the API', async () => {
    const headers = await upstreamOf(HOP_BY_HOP);
    for (const name of Object.keys(HOP_BY_HOP).filter((n) => n !== 'connection')) expect(headers[name]).toBeUndefined();
    expect(headers.connection ?? 'keep-alive').toBe('keep-alive'); // the BFF's own connection to the API, if any
  });

  it('forged forwarding, rewrite and method-override headers → replaced or dropped; the BFF\'s own values arrive', async () => {
    const headers = await upstreamOf(FORGED);
    for (const name of Object.keys(FORGED).filter((n) => !['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'].includes(n))) {
      expect(headers[name]).toBeUndefined();
    }
    expect([headers['x-forwarded-host'], headers['x-forwarded-proto']]).toEqual([new URL(stack.urls.bff).host, 'http']);
    // Without a trusted proxy the peer; with one, the entry the proxy appended (the last), never the client's own first entry.
    expect(headers['x-forwarded-for']).toBe(trustProxy ? '6.6.6.6' : '127.0.0.1');
  });

  it('a client that writes its own first X-Forwarded-For entry before the proxy\'s → only the proxy\'s entry (or the peer) arrives', async () => {
    const headers = await upstreamOf({ 'x-forwarded-for': '6.6.6.6, 10.1.2.3' });
    expect(headers['x-forwarded-for']).toBe(trustProxy ? '10.1.2.3' : '127.0.0.1');
  });

  it('the browser\'s Cookie, Authorization and X-CSRF → never upstream; the bearer token instead', async () => {
    const headers = await upstreamOf({ authorization: 'Bearer forged-by-the-browser' });
    expect([headers.cookie, headers['x-csrf'], headers.authorization?.startsWith('Bearer ey')]).toEqual([undefined, undefined, true]);
  });
});
