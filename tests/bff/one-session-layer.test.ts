import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, startStack, type Stack } from '../helpers/stack.js';

// One Cookie header, three kinds of route: /api (outside Express), /auth/user and the pages. They
// share one parser and one session module, so they agree on whose session it is, or that there is
// none. Headers are written with node:http, which sends bytes such as a no-break space as given.

type Seen = { status: number; body: string; setCookie: string[] };

function get(url: string, headers: Record<string, string>): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, setCookie: response.headers['set-cookie'] ?? [] }));
    });
    request.on('error', reject);
  });
}

describe('one session layer: the same Cookie header means the same session on every route', () => {
  let stack: Stack;
  let alice: string;
  let bob: string;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    const cookieOf = async (user: typeof ALICE) => {
      const { browser } = await stack.loggedIn(user);
      const value = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? '';
      const stored = await stack.storedSession(browser);
      return { value, bearer: `Bearer ${stored?.data.access_token}` };
    };
    const [a, b] = [await cookieOf(ALICE), await cookieOf(BOB)];
    alice = a.value;
    bob = b.value;
    tokens = new Map([[a.bearer, 'alice'], [b.bearer, 'bob']]);
  });
  afterAll(() => stack.close());

  /** Whose session each route used: 'alice', 'bob' or 'none'. */
  async function sessionsSeen(cookie: string) {
    const before = stack.apiRequests.length;
    const api = await get(`${stack.urls.bff}/api/external`, { cookie, 'x-csrf': '1', accept: 'application/json' });
    const bearer = stack.apiRequests.slice(before).at(-1)?.headers.authorization;
    const user = await get(`${stack.urls.bff}/auth/user?slide=false`, { cookie, accept: 'application/json' });
    const page = await get(`${stack.urls.bff}/profile`, { cookie, accept: 'text/html' });
    const name = user.status === 200 ? (JSON.parse(user.body) as { user: { name: string } }).user.name : undefined;
    return {
      api: api.status === 200 ? tokens.get(String(bearer)) : 'none',
      user: name === ALICE.name ? 'alice' : name === BOB.name ? 'bob' : 'none',
      // Pages read no session at all: they answer the app and never set a cookie.
      page: page.status === 200 && page.setCookie.length === 0 ? 'app' : `status ${page.status}, ${page.setCookie.length} cookies`,
    };
  }

  it.each([
    ['the name twice (Alice, Bob)', () => `bff_session=${alice}; bff_session=${bob}`, 'none'],
    ['the name twice, the same value', () => `bff_session=${alice}; bff_session=${alice}`, 'none'],
    ['a no-break space before the first name', () => `\u00a0bff_session=${alice}; bff_session=${bob}`, 'bob'],
    ['a tab before the name', () => `\tbff_session=${alice}`, 'alice'],
    ['a space before "="', () => `bff_session =${alice}`, 'alice'],
    ['a chunk-looking name beside the real one', () => `bff_session.0=${alice}; bff_session=${bob}`, 'bob'],
    ['a chunk-looking name with a space before "="', () => `bff_session.0 =${alice}`, 'none'],
    ['"=" inside another cookie\'s value', () => `x=bff_session=${alice}; bff_session=${bob}`, 'bob'],
    ['"=" inside our value', () => `bff_session=${alice}=${bob}`, 'none'],
    ['the library\'s unused session name', () => `bff_session_oidc_unused=${alice}; bff_session=${bob}`, 'bob'],
  ])('%s → %s on /api and /auth/user; pages answer the app', async (_, header, expected) => {
    expect(await sessionsSeen(header())).toEqual({ api: expected, user: expected, page: 'app' });
  });
});

describe('one session layer: refusals are the same on every path', () => {
  let stack: Stack;
  let value: string;
  let sessionId: string;
  let logoutId: string;

  beforeAll(async () => {
    stack = await startStack();
    const { browser } = await stack.loggedIn(ALICE);
    value = (await browser.cookies(stack.urls.bff)).find((c) => c.key === 'bff_session')?.value ?? '';
    sessionId = value.split('.')[0] ?? '';
    logoutId = String((await stack.storedSession(browser))?.data.lid);
  });
  afterAll(() => stack.close());

  /** Every route that reads a session, with `cookie`; the responses' Set-Cookie headers. */
  async function everyPath(cookie: string) {
    const api = await get(`${stack.urls.bff}/api/external`, { cookie, 'x-csrf': '1' });
    const user = await get(`${stack.urls.bff}/auth/user`, { cookie });
    const logout = await get(`${stack.urls.bff}/auth/logout?sid=${logoutId}`, { cookie });
    const login = await get(`${stack.urls.bff}/auth/login`, { cookie });
    const callback = await get(`${stack.urls.bff}/auth/callback?code=x&state=y`, { cookie, accept: 'application/json' });
    const page = await get(`${stack.urls.bff}/`, { cookie });
    return { statuses: [api.status, user.status, logout.status, page.status], setCookies: [api, user, logout, login, callback, page].flatMap((r) => r.setCookie) };
  }

  const spareBits = (text: string) => `${text.slice(0, -1)}${text.at(-1) === 'A' ? 'B' : 'A'}`;
  it.each([
    ['a trailing dot', () => `${value}.`],
    ['.junk after the signature', () => `${value}.junk`],
    ['"=" padding', () => `${value}=`],
    ['spare base64 bits in the signature', () => `${sessionId}.${spareBits(value.split('.')[1] ?? '')}`],
    ['double quotes', () => `"${value}"`],
    ['percent-encoding', () => value.replace('.', '%2E')],
  ])('the valid signature spelled with %s → refused on /api, /auth/user and /auth/logout; the session lives on', async (_, spelling) => {
    const { statuses, setCookies } = await everyPath(`bff_session=${spelling()}`);
    expect(statuses).toEqual([401, 401, 303, 200]);
    // Nothing signs what it was sent: only removals of the bad cookie and the login's transaction cookie.
    expect(setCookies.filter((c) => c.startsWith('bff_session=') && !c.startsWith('bff_session=;'))).toEqual([]);
    expect((await get(`${stack.urls.bff}/api/external`, { cookie: `bff_session=${value}`, 'x-csrf': '1' })).status).toBe(200);
  });

  it.each(['bff_session', 'bff_session.0', 'bff_session.1', ' bff_session.0 ', 'bff_session_oidc_unused', 'bff_auth', 'appSession'])(
    'the bare session id in a cookie named %j → refused everywhere, never answered with a signed cookie',
    async (name) => {
      const { statuses, setCookies } = await everyPath(`${name}=${sessionId}`);
      expect(statuses).toEqual([401, 401, 303, 200]);
      expect(setCookies.filter((c) => c.includes(sessionId))).toEqual([]);
    },
  );
});
