// Benchmark process 2: a bare http-proxy-middleware hop in Express (the floor the issue names), the
// same hop on node:http alone (no Express: what the BFF's /api route runs on), and the BFF on
// SQLite (pre-filled with stored sessions) and on Redis. Answers token look-ups over IPC.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { createBff, type Bff } from '../../bff/src/app.js';
import { loadBffConfig } from '../../bff/src/config.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { listen, type Listening } from '../../tests/helpers/listen.js';

type Setup = { idp: string; api: string; redisUrl?: string; prefill: number; servers: Record<string, Listening> };
const AUDIENCE = 'https://api.bff-demo.local';

// Ports first: the IdP process needs the BFF's callback URLs, the BFFs need the IdP's URL.
const servers: Record<string, Listening> = { hop: await listen(), plainHop: await listen(), sqlite: await listen(), redis: await listen() };
let bffs: Awaited<ReturnType<typeof startProxies>> | undefined;
process.send?.({ urls: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url])) });
process.on('message', (message: { cpu?: true; start?: Omit<Setup, 'servers'>; token?: { store: 'sqlite' | 'redis'; sessionId: string } }) => {
  void (async () => {
    if (message.start) {
      bffs = await startProxies({ ...message.start, servers });
      process.send?.({ started: { memoryBeforePrefill: bffs.memoryBeforePrefill, memoryAfterPrefill: bffs.memoryAfterPrefill } });
    }
    if (message.token && bffs) {
      const bff = message.token.store === 'sqlite' ? bffs.sqlite : bffs.redis;
      process.send?.({ token: bff ? await accessTokenOf(bff, message.token.sessionId) : '' });
    }
    if ('memory' in message) process.send?.({ memory: heapAfterGc() });
    if ('cpu' in message) process.send?.({ cpu: cpuMicroseconds() });
  })();
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

/** CPU time this process has used (user + system), in microseconds. */
function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Live heap after a full collection (the process runs with --expose-gc): what the BFF retains. */
function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function startProxies(setup: Setup) {
  const { servers } = setup;
  const hop = express();
  hop.use('/api', createProxyMiddleware({ target: `${setup.api}/api`, changeOrigin: true, agent: new http.Agent({ keepAlive: true }) }));
  servers.hop?.server.on('request', hop);
  const plainProxy = createProxyMiddleware({ target: setup.api, changeOrigin: true, agent: new http.Agent({ keepAlive: true }) });
  servers.plainHop?.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void plainProxy(req, res, () => res.writeHead(404).end());
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'bff-bench-'));
  const bffFor = async (name: string, storeUrl: string): Promise<Bff> => {
    const url = servers[name]?.url ?? '';
    const config = loadBffConfig(
      { ISSUER_BASE_URL: setup.idp, APP_BASE_URL: url, API_BASE_URL: setup.api, CLIENT_ID: 'bff-demo', CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, AUDIENCE, SESSION_STORE_URL: storeUrl },
      {},
      dataDir,
    );
    const bff = await createBff(config);
    servers[name]?.server.on('request', bff.app);
    return bff;
  };
  const sqlite = await bffFor('sqlite', 'sqlite:sessions.db');
  const memoryBeforePrefill = heapAfterGc();
  await prefill(sqlite, setup.prefill);
  const redis = setup.redisUrl ? await bffFor('redis', setup.redisUrl) : undefined;
  return { sqlite, redis, memoryBeforePrefill, memoryAfterPrefill: heapAfterGc() };
}

/** Stores `count` sessions as logins would (sealed, indexed), so the bench runs against a full store. */
async function prefill(bff: Bff, count: number) {
  const crypto = createSessionCrypto(DEV_SESSION_SECRET).keys(0);
  const now = Math.floor(Date.now() / 1000);
  const filler = randomBytes(1200).toString('base64url');
  for (let i = 0; i < count; i += 1) {
    const id = randomBytes(32).toString('base64url');
    const key = crypto.storageKey(id);
    const data = crypto.seal(id, key, JSON.stringify({ sub: `user-${i}`, lid: String(i), user: { sub: `user-${i}` }, access_token: filler, refresh_token: filler.slice(0, 40) }));
    await bff.backend.create(key, { data, iat: now, uat: now, exp: now + 3600 }, [crypto.indexKey('sub', `user-${i}`)]);
  }
}

/** The access token of a session, read as the tests do (cookie id → decrypt). */
async function accessTokenOf(bff: Bff, sessionId: string): Promise<string> {
  const store = createSessionStore(bff.backend, createSessionCrypto(DEV_SESSION_SECRET));
  const found = await store.load(sessionId, 0);
  return String(found?.data.access_token);
}
