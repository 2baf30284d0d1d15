import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig } from '../../api/src/config.js';
import { createBff, type Bff, type BffDeps } from '../../bff/src/app.js';
import { loadBffConfig, type BffConfig } from '../../bff/src/config.js';
import type { SessionBackend } from '../../bff/src/session/session-backend.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { createIdp } from '../../idp/src/app.js';
import type { IdpConfig } from '../../idp/src/config.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { createTestClock, type TestClock } from './clock.js';
import { createBrowser, type Browser, type Page } from './http-client.js';
import { listen, type Listening } from './listen.js';

export const AUDIENCE = 'https://api.bff-demo.local';
export const ALICE = { email: 'alice@example.com', password: 'alice-demo-password', name: 'Alice Liddell' };
export const BOB = { email: 'bob@example.com', password: 'bob-demo-password', name: 'Bob Admin' };

export type StackOptions = {
  accessTokenTtlSeconds?: number;
  bff?: Partial<BffConfig>;
  /** Environment for loadBffConfig, e.g. SESSION_STORE_URL. */
  bffEnv?: Record<string, string>;
  backend?: SessionBackend;
  bffDeps?: BffDeps;
  /** The BFF's clock (default: a fresh test clock, exposed as stack.clock). */
  clock?: TestClock;
  /** The one client authentication method the dev IdP accepts (and the client's keys for private_key_jwt). */
  idpClient?: Pick<IdpConfig['client'], 'authMethod' | 'jwks'>;
};

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** The real dev IdP, the real API and the BFF, each on its own loopback port; close() stops all. */
export async function startStack(options: StackOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bff-stack-'));
  const [idpServer, apiServer, bffServer] = await Promise.all([listen(), listen(), listen()]);
  const counts = { refreshGrants: 0, tokenRequests: 0, revocations: 0 };

  const idpConfig: IdpConfig = Object.freeze({
    issuer: idpServer.url,
    port: 0,
    dataDir,
    audience: AUDIENCE,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
    refreshTokenTtlSeconds: 3600,
    client: Object.freeze({
      clientId: 'bff-demo',
      clientSecret: DEV_CLIENT_SECRET,
      redirectUris: [`${bffServer.url}/auth/callback`],
      postLogoutRedirectUris: [`${bffServer.url}/`],
      backchannelLogoutUri: `${bffServer.url}/auth/backchannel-logout`,
      ...options.idpClient,
    }),
  });
  const idp = await createIdp(idpConfig);
  idp.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: unknown } } }) => {
    counts.tokenRequests += 1;
    if (ctx.oidc.params?.grant_type === 'refresh_token') counts.refreshGrants += 1;
  });
  idp.provider.on('grant.revoked', (ctx: { oidc?: { route?: string } }) => {
    if (ctx.oidc?.route === 'revocation') counts.revocations += 1;
  });
  idpServer.server.on('request', idp.handler);

  const api = createApi(loadApiConfig({ ISSUER_BASE_URL: idpServer.url, AUDIENCE }, {}), { logger: pino({ level: 'silent' }) });
  // Every request the API receives, to assert what crossed the BFF (bearer in, cookies out).
  const apiRequests: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  apiServer.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    apiRequests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    // Tests slow the API down per request with this header (it passes the BFF like any other).
    const delay = Number(req.headers['x-test-delay-ms'] ?? 0);
    if (delay > 0) setTimeout(() => api(req, res), delay);
    else api(req, res);
  });

  const bffConfig = bffConfigFor(bffServer.url, idpServer.url, apiServer.url, options, dataDir);
  const clock = options.clock ?? createTestClock();
  const bffDeps: BffDeps = { clock: clock.now, ...options.bffDeps };
  let bff: Bff = await createBff(bffConfig, { backend: options.backend, ...bffDeps });
  bffServer.server.on('request', (req: IncomingMessage, res: ServerResponse) => bff.app(req, res));

  const servers: Listening[] = [bffServer, apiServer, idpServer];
  const extraBffs: Bff[] = [];
  return {
    idp,
    get bff() {
      return bff;
    },
    /** A new BFF process on the same store and port, as after a restart. */
    async restartBff(deps: BffDeps = {}) {
      await bff.close();
      bff = await createBff(bffConfig, { ...bffDeps, ...deps });
    },
    /** The session as stored, opened with the id from the browser's cookie (as only that user could). */
    async storedSession(browser: Browser) {
      const cookie = (await browser.cookies(bffServer.url)).find((c) => c.key === bffConfig.cookieName);
      if (!cookie) return undefined;
      const sessionId = cookie.value.split('.')[0] ?? '';
      const store = createSessionStore(bff.backend, createSessionCrypto(bffConfig.sessionSecrets));
      const found = await store.load(sessionId, 0);
      return found ? { data: found.data, header: found.times, sessionId } : undefined;
    },
    bffConfig,
    /** The BFF's time: advance it instead of sleeping through idle timeouts and token lifetimes. */
    clock,
    counts,
    apiRequests,
    dataDir,
    urls: { idp: idpServer.url, api: apiServer.url, bff: bffServer.url },
    servers: { idp: idpServer, api: apiServer, bff: bffServer },
    /**
     * Another BFF instance with the same configuration (as behind a load balancer), on its own
     * port and its own store connection; the same cookie works on both (cookies ignore ports).
     */
    async addInstance(deps: BffDeps = {}) {
      const instance = await createBff(bffConfig, { ...bffDeps, ...deps });
      const server = await listen(instance.app);
      servers.unshift(server);
      extraBffs.push(instance);
      return { bff: instance, url: server.url, server };
    },
    /** A fresh browser logged in as `user`, landed on `returnTo`. */
    async loggedIn(user = ALICE, returnTo = '/', userAgent?: string): Promise<{ browser: Browser; landing: Page }> {
      const browser = createBrowser({ userAgent });
      const landing = await login(browser, bffServer.url, user, returnTo);
      return { browser, landing };
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all([bff, ...extraBffs].map((b) => b.close()));
      idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bffConfigFor(bffUrl: string, issuer: string, apiUrl: string, options: StackOptions, dataDir: string): BffConfig {
  const loaded = loadBffConfig(
    {
      ISSUER_BASE_URL: issuer,
      APP_BASE_URL: bffUrl,
      API_BASE_URL: apiUrl,
      CLIENT_ID: 'bff-demo',
      CLIENT_SECRET: DEV_CLIENT_SECRET,
      SESSION_SECRET: DEV_SESSION_SECRET,
      AUDIENCE,
      SCOPE: 'openid profile email offline_access read:messages admin:messages',
      SESSION_STORE_URL: 'memory:',
      // Every test browser logs in from 127.0.0.1: the per-address login limit has its own tests.
      LOGIN_RATE_LIMIT: '10000',
      ...options.bffEnv,
    },
    {},
    dataDir,
  );
  return Object.freeze({ ...loaded, ...options.bff });
}

/** Logs in through the BFF and the IdP's login form, as a user would. */
export async function login(browser: Browser, bffUrl: string, user: { email: string; password: string }, returnTo = '/'): Promise<Page> {
  const loginPage = await browser.get(`${bffUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  // Still signed in at the IdP: it answers with a code at once, no form.
  if (loginPage.url.startsWith(bffUrl)) return loginPage;
  if (loginPage.status !== 200) throw new Error(`login page: ${loginPage.status} at ${loginPage.url}\n${loginPage.body.slice(0, 300)}`);
  return browser.submitForm(loginPage, { email: user.email, password: user.password }, '/login');
}

/** GET /api/... as the SPA does it. */
export function callApi(browser: Browser, bffUrl: string, path = '/api/external', headers: Record<string, string> = { 'x-csrf': '1' }) {
  return browser.request(`${bffUrl}${path}`, { headers: { accept: 'application/json', ...headers } });
}

/** A store that counts the writes reaching it (create, update, touch, destroy). */
export function countingBackend(inner: SessionBackend): SessionBackend & { writes: number } {
  const counted = { ...inner, writes: 0 };
  for (const method of ['create', 'update', 'touch', 'destroy'] as const) {
    const original = inner[method] as (...args: unknown[]) => Promise<unknown>;
    (counted as Record<string, unknown>)[method] = (...args: unknown[]) => {
      counted.writes += 1;
      return original(...args);
    };
  }
  return counted;
}
