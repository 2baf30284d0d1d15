// Benchmark process 2: a bare http-proxy-middleware hop in Express (the floor the issue names), the
// same hop on node:http alone (no Express: what the BFF's /api route runs on), and the BFF on
// SQLite (on a file the parent pre-filled) and on Redis. Answers token look-ups over IPC; its CPU
// time is read by the parent from /proc, as for every server of the bench.
import http from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Bff } from '../../bff/src/app.js';
import { bffModules } from './bff-modules.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { listen, type Listening } from '../../tests/helpers/listen.js';

type Setup = { idp: string; api: string; redisUrl?: string; dataDir: string; servers: Record<string, Listening> };
const AUDIENCE = 'https://api.bff-demo.local';
const { createBff, loadBffConfig } = await bffModules();

// Ports first: the IdP process needs the BFF's callback URLs, the BFFs need the IdP's URL.
const servers: Record<string, Listening> = { hop: await listen(), plainHop: await listen(), sqlite: await listen(), redis: await listen() };
let bffs: Awaited<ReturnType<typeof startProxies>> | undefined;
process.send?.({ urls: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url])) });
process.on('message', (message: { start?: Omit<Setup, 'servers'>; token?: { store: 'sqlite' | 'redis'; sessionId: string } }) => {
  void (async () => {
    if (message.start) {
      bffs = await startProxies({ ...message.start, servers });
      process.send?.({ started: { memoryAtStart: heapAfterGc() } });
    }
    if (message.token && bffs) {
      const bff = message.token.store === 'sqlite' ? bffs.sqlite : bffs.redis;
      process.send?.({ token: bff ? await accessTokenOf(bff, message.token.sessionId) : '' });
    }
    if ('memory' in message) process.send?.({ memory: heapAfterGc() });
  })();
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

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

  const bffFor = async (name: string, storeUrl: string): Promise<Bff> => {
    const url = servers[name]?.url ?? '';
    const config = loadBffConfig(
      { ISSUER_BASE_URL: setup.idp, APP_BASE_URL: url, API_BASE_URL: setup.api, CLIENT_ID: 'bff-demo', CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, AUDIENCE, SESSION_STORE_URL: storeUrl,
        // SESSION_DATA_CACHE=0 measures the hot path that decrypts the session on every call.
        ...(process.env.SESSION_DATA_CACHE ? { SESSION_DATA_CACHE: process.env.SESSION_DATA_CACHE } : {}) },
      {},
      setup.dataDir,
    );
    const bff = await createBff(config);
    servers[name]?.server.on('request', bff.app);
    return bff;
  };
  const sqlite = await bffFor('sqlite', 'sqlite:sessions.db');
  const redis = setup.redisUrl ? await bffFor('redis', setup.redisUrl) : undefined;
  return { sqlite, redis };
}

/** The access token of a session, read as the tests do (cookie id → decrypt). */
async function accessTokenOf(bff: Bff, sessionId: string): Promise<string> {
  const store = createSessionStore(bff.backend, createSessionCrypto(DEV_SESSION_SECRET));
  const found = await store.load(sessionId, 0);
  return String(found?.data.access_token);
}
