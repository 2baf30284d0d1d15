import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type Bff } from '../../bff/src/app.js';
import { bffConfigFor, startStack, type Stack } from '../helpers/stack.js';

describe('security headers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('GET / → a strict CSP with no inline script, frame-ancestors none, nosniff, no-referrer', async () => {
    const response = await request(stack.bff.app).get('/').set('accept', 'text/html');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("img-src 'self' data:;");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('over http → no HSTS (it would pin a developer browser to https)', async () => {
    const response = await request(stack.bff.app).get('/healthz');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it.each(['/auth/user', '/auth/login', '/api/external'])('%s → Cache-Control: no-store', async (path) => {
    const response = await request(stack.bff.app).get(path).set('x-csrf', '1');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['a proxied answer (200)', true, { 'x-csrf': '1' }, 200, '/api/external'],
    ['no session (401)', false, { 'x-csrf': '1' }, 401, '/api/external'],
    ['no X-CSRF (403)', true, {}, 403, '/api/external'],
    ['an unknown API route (404)', true, { 'x-csrf': '1' }, 404, '/api/nope'],
  ])('/api, %s → the JSON header set once each: nosniff, CSP default-src none, CORP same-origin, no-referrer, no-store', async (_, loggedIn, headers, status, path) => {
    const cookie = loggedIn ? await stack.loggedIn().then(({ browser }) => browser.jar.getCookieString(stack.urls.bff)) : '';
    const response = await fetch(`${stack.urls.bff}${path}`, { headers: { ...headers, cookie } });
    expect(response.status).toBe(status);
    expect({
      nosniff: response.headers.get('x-content-type-options'),
      csp: response.headers.get('content-security-policy'),
      corp: response.headers.get('cross-origin-resource-policy'),
      referrer: response.headers.get('referrer-policy'),
      cache: response.headers.get('cache-control'),
    }).toEqual({ nosniff: 'nosniff', csp: "default-src 'none'; frame-ancestors 'none'", corp: 'same-origin', referrer: 'no-referrer', cache: 'no-store' });
  });

  it('GET /auth/user anonymous → 401 JSON not_authenticated, no redirect', async () => {
    const response = await request(stack.bff.app).get('/auth/user');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'not_authenticated', error_description: expect.any(String) });
  });

  it('an unknown /auth route → 404 JSON, not the app page', async () => {
    const response = await request(stack.bff.app).get('/auth/nope').set('accept', 'application/json');
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });

  it('a top-level file of the build (favicon) → served with its type', async () => {
    const response = await request(stack.bff.app).get('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
  });

  it('a deep link of the app → index.html (history mode)', async () => {
    const response = await request(stack.bff.app).get('/profile').set('accept', 'text/html');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="app">');
  });
});

describe('over https', () => {
  let bff: Bff;
  beforeAll(async () => {
    const config = bffConfigFor('https://app.example', 'https://idp.example', 'http://127.0.0.1:9', {}, process.cwd());
    bff = await createBff(config);
  });
  afterAll(() => bff.close());

  it('any response → HSTS', async () => {
    const response = await request(bff.app).get('/healthz');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });
});
