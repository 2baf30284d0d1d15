import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, callApi, startStack, type Stack } from '../helpers/stack.js';
import { fixtureWeb } from './support/fixture-web.js';
import { sendRaw, type RawResponse } from './support/raw-http.js';

// Bounded: FUZZ_REQUESTS requests (default 600) from FUZZ_SEED (random unless set; printed, so a
// failure can be replayed exactly).
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 8;

/** mulberry32: a tiny seeded generator, the same sequence for the same seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => next() < p;
  const text = (length: number, alphabet: string) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join('');
  return { int, pick, chance, text };
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'FOO'];
const ROUTES = ['/', '/auth/login', '/auth/callback', '/auth/user', '/auth/logout', '/auth/backchannel-logout', '/auth/', '/auth',
  '/api/external', '/api/messages', '/api/admin', '/api/', '/api', '/healthz', '/readyz', '/assets/app.js', '/assets/', '/index.html', '/profile', '/metrics'];
const SEGMENTS = ['..', '.', '%2e%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%', '%%', '%FF', '', '\\', '%C3%BC', 'ü', '*', ';x', '@evil.example', '~', '%0d%0a'];
const QUERY_KEYS = ['returnTo', 'code', 'state', 'sid', 'slide', 'iss', 'error', 'a[b]', 'returnTo[]', '__proto__'];
const QUERY_VALUES = ['/', '//evil.example', 'https://evil.example', '%E0%A4%A', '/\\evil', 'false', '%2F%2Fevil', '', '%00', 'x'.repeat(3000), 'javascript:alert(1)'];
const ACCEPTS = ['application/json', 'text/html', '*/*', 'text/html,application/xhtml+xml', 'image/png', ''];
const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', ''];
const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&\'()*+,;=:@/?%{}[]"<>^`|';

type Case = { request: string; method: string; describe: string };

function makeCase(random: ReturnType<typeof generator>, host: string, sessions: readonly string[]): Case {
  const method = random.pick(METHODS);
  let path = random.pick(ROUTES);
  for (let i = random.int(3); i > 0; i -= 1) path += `/${random.pick(SEGMENTS)}`;
  if (random.chance(0.1)) path += random.text(random.int(40), PRINTABLE.replace(/[?#]/g, ''));
  if (random.chance(0.5)) {
    const params = Array.from({ length: 1 + random.int(3) }, () => `${random.pick(QUERY_KEYS)}=${random.pick(QUERY_VALUES)}`);
    path += `?${params.join('&')}`;
  }
  const headers = [`Host: ${random.chance(0.95) ? host : random.pick(['evil.example', '', host + ':99999'])}`];
  if (random.chance(0.8)) headers.push(`Accept: ${random.pick(ACCEPTS)}`);
  if (random.chance(0.6)) headers.push('X-CSRF: 1');
  if (random.chance(0.2)) headers.push(`Origin: ${random.pick([`http://${host}`, 'https://evil.example', 'null'])}`);
  if (random.chance(0.2)) headers.push(`Sec-Fetch-Site: ${random.pick(['same-origin', 'cross-site', 'none', 'same-site'])}`);
  if (random.chance(0.1)) headers.push(`X-Request-Id: ${random.text(random.int(200), PRINTABLE)}`);
  if (random.chance(0.1)) headers.push(`Authorization: Bearer ${random.text(40, PRINTABLE)}`);
  const cookie = random.chance(0.5) ? random.pick(sessions) : random.chance(0.5) ? `bff_session=${random.text(random.int(120), PRINTABLE.replace(/[;"]/g, ''))}` : '';
  if (cookie) headers.push(`Cookie: ${cookie}${random.chance(0.2) ? `; other=${random.text(10, PRINTABLE.replace(/[;"]/g, ''))}` : ''}`);
  if (random.chance(0.03)) headers.push(`X-Big: ${'b'.repeat(17_000)}`);
  let body = '';
  if (method !== 'GET' && method !== 'HEAD' && random.chance(0.7)) {
    body = random.chance(0.3) ? `logout_token=${random.text(random.int(400), PRINTABLE.replace(/[&=]/g, ''))}` : random.text(random.int(2000), PRINTABLE);
    if (random.chance(0.05)) body = 'x'.repeat(12_000); // over MAX_BODY_BYTES below
    const contentType = random.pick(CONTENT_TYPES);
    if (contentType) headers.push(`Content-Type: ${contentType}`);
    headers.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  const request = `${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
  return { request, method, describe: `${method} ${path.slice(0, 200)} [${headers.map((h) => h.slice(0, 60)).join(' | ')}]` };
}

describe('fuzz', () => {
  let stack: Stack;
  let sessions: string[];
  beforeAll(async () => {
    stack = await startStack({ bff: { maxBodyBytes: 10_000 }, bffDeps: { web: fixtureWeb() } });
    const users = await Promise.all([stack.loggedIn(ALICE), stack.loggedIn(BOB)]);
    sessions = await Promise.all(users.map(({ browser }) => browser.jar.getCookieString(stack.urls.bff)));
  });
  afterAll(() => stack.close());

  it(`${REQUESTS} random requests at every route → no 5xx, no hang, the process still serves logins and API calls`, async () => {
    console.log(`fuzz: ${REQUESTS} requests, FUZZ_SEED=${SEED}`);
    const random = generator(SEED);
    const host = new URL(stack.urls.bff).host;
    const cases = Array.from({ length: REQUESTS }, () => makeCase(random, host, sessions));
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < cases.length; index = next++) {
        const fuzzCase = cases[index] as Case;
        let response: RawResponse;
        try {
          response = await sendRaw(stack.servers.bff.port, fuzzCase.request, 10_000);
        } catch (error) {
          failures.push(`${(error as Error).message.split('\n', 1)[0]} ← ${fuzzCase.describe}`);
          continue;
        }
        const key = String(response.status ?? 'closed');
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (response.status === undefined || response.status >= 500) failures.push(`${key} ← ${fuzzCase.describe}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(`fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures, `FUZZ_SEED=${SEED}`).toEqual([]);

    expect((await fetch(`${stack.urls.bff}/healthz`)).status).toBe(200);
    const { browser } = await stack.loggedIn(ALICE);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  }, 120_000);
});
