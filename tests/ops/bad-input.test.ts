import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { fixtureWeb } from './support/fixture-web.js';
import { sendRaw } from './support/raw-http.js';

describe('bad input → a clear 4xx, never a 5xx', () => {
  let stack: Stack;
  let host: string;
  beforeAll(async () => {
    stack = await startStack({ bff: { maxBodyBytes: 10_000 }, bffDeps: { web: fixtureWeb() } });
    host = new URL(stack.urls.bff).host;
  });
  afterAll(() => stack.close());

  const raw = (lines: string[], body = '') => sendRaw(stack.servers.bff.port, `${lines.join('\r\n')}\r\n\r\n${body}`);

  it('headers over 16 KB → 431, and the BFF still answers', async () => {
    const response = await raw(['GET /auth/user HTTP/1.1', `Host: ${host}`, `Cookie: bff_session=${'a'.repeat(20_000)}`]);
    expect(response.status).toBe(431);
    expect((await fetch(`${stack.urls.bff}/healthz`)).status).toBe(200);
  });

  it('an /api body declared larger than MAX_BODY_BYTES → 413 JSON, the API not called', async () => {
    const seen = stack.apiRequests.length;
    const response = await raw(['POST /api/external HTTP/1.1', `Host: ${host}`, 'X-CSRF: 1', 'Content-Type: application/json', 'Content-Length: 50000000'], '{"a":');
    expect(response.status).toBe(413);
    expect(response.head).toMatch(/content-type: application\/json/i);
    expect(stack.apiRequests.length).toBe(seen);
  });

  it('a back-channel logout body over 100 KB → 413 JSON', async () => {
    const response = await fetch(`${stack.urls.bff}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `logout_token=${'x'.repeat(200_000)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it.each([
    ['garbage', 'bff_session=garbage'],
    ['invalid percent-encoding', 'bff_session=%E0%A4%A'],
    ['a forged id and signature', `bff_session=${'A'.repeat(43)}.${'B'.repeat(43)}`],
    ['empty', 'bff_session='],
    ['an unterminated quote', 'bff_session="abc'],
    ['the name twice', 'bff_session=a.b; bff_session=c.d'],
    ['chunked cookie names', 'bff_session.0=abc; bff_session.1=def'],
    ['a 4 KB value', `bff_session=${'z'.repeat(4096)}`],
  ])('a session cookie with %s → /auth/user 401 JSON and /api 401 JSON', async (_, cookie) => {
    const user = await raw(['GET /auth/user HTTP/1.1', `Host: ${host}`, 'Accept: application/json', `Cookie: ${cookie}`]);
    expect(user.status).toBe(401);
    const api = await raw(['GET /api/external HTTP/1.1', `Host: ${host}`, 'X-CSRF: 1', `Cookie: ${cookie}`]);
    expect(api.status).toBe(401);
  });

  it('a valid session cookie with its signature altered → 401, the real session unharmed', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const cookie = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session');
    const [id, signature = ''] = decodeURIComponent(cookie?.value ?? '').split('.');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const forged = await fetch(`${stack.urls.bff}/api/external`, { headers: { cookie: `bff_session=${id}.${flipped}`, 'x-csrf': '1' } });
    expect(forged.status).toBe(401);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it.each([
    ['GET', '/%E0%A4%A', 'application/json', 404],
    ['GET', '/auth/%ZZ', 'application/json', 404],
    ['GET', '/api/%ZZ', 'application/json', 401],
    ['GET', '/assets/%E0%A4%A', 'application/json', 400],
    ['GET', '/auth/user?slide=%E0%A4%A', 'application/json', 401],
    ['GET', '/auth/logout?sid=%E0%A4%A', 'text/html', 303],
    ['GET', '/auth/callback?code=%ZZ&state=%E0%A4%A', 'text/html', 400],
  ])('%s %s (invalid percent-encoding) → %i', async (method, target, accept, status) => {
    const response = await raw([`${method} ${target} HTTP/1.1`, `Host: ${host}`, `Accept: ${accept}`, 'X-CSRF: 1']);
    expect(response.status).toBe(status);
  });

  it.each([
    ['invalid percent-encoding', '%E0%A4%A'],
    ['8 KB of path', `/${'a'.repeat(8000)}`],
    ['an encoded other origin', '%2F%2Fevil.example'],
  ])('/auth/login?returnTo= %s → 302 to the IdP, the return path the app\'s root', async (_, returnTo) => {
    const response = await fetch(`${stack.urls.bff}/auth/login?returnTo=${returnTo}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const state = new URL(response.headers.get('location') ?? '').searchParams.get('state') ?? '';
    expect(JSON.parse(Buffer.from(state, 'base64url').toString())).toMatchObject({ returnTo: `${stack.urls.bff}/` });
  });

  it('a request line over 16 KB (a huge returnTo) → 431', async () => {
    const response = await raw([`GET /auth/login?returnTo=/${'a'.repeat(20_000)} HTTP/1.1`, `Host: ${host}`]);
    expect(response.status).toBe(431);
  });

  it.each([
    ['GET', '/auth/nope', 404],
    ['DELETE', '/auth/login', 404],
    ['POST', '/auth/user', 404],
    ['GET', '/nope', 404],
    ['PATCH', '/', 404],
    ['TRACE', '/', 404],
    ['GET', '/api', 404],
  ])('%s %s (no such route) asking for JSON → %i JSON', async (method, path, status) => {
    const response = await fetch(`${stack.urls.bff}${path}`, { method, headers: { accept: 'application/json' } }).catch(() => undefined);
    const rawResponse = response ? undefined : await raw([`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Accept: application/json']);
    expect(response?.status ?? rawResponse?.status).toBe(status);
    if (response) expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it.each([
    ['a header line without a colon', ['GET / HTTP/1.1', `Host: HOST`, 'Bad Header']],
    ['a NUL in a header value', ['GET / HTTP/1.1', `Host: HOST`, 'X-A: a\u0000b']],
    ['control characters in the cookie', ['GET /auth/user HTTP/1.1', `Host: HOST`, 'Cookie: bff_session=\u0001\u0002']],
    ['an unknown HTTP version', ['GET / HTTP/7.1', `Host: HOST`]],
    ['an invalid method token', ['G{T / HTTP/1.1', `Host: HOST`]],
    ['both Content-Length and chunked', ['POST /api/external HTTP/1.1', 'Host: HOST', 'Content-Length: 3', 'Transfer-Encoding: chunked']],
  ])('malformed HTTP: %s → 400 from the HTTP parser', async (_, lines) => {
    const response = await raw(lines.map((line) => line.replace('HOST', host)));
    expect(response.status).toBe(400);
  });
});
