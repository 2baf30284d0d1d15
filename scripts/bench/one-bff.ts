// A benchmark process holding one BFF on one store, alone, as a deployed BFF is: its CPU time and
// its live heap are that BFF's (a process shared with other servers would mix their JIT state,
// timers and garbage in). Reports its URL first (the IdP needs it as a redirect URI), starts on
// {start: {idp, api, storeUrl, dataDir}}, answers {memory} with its heap after GC and its RSS and
// {token: sessionId} with that session's access token (the bench's bearer for the bare hops).
import type { Bff } from '../../bff/src/app.js';
import { bffModules } from './bff-modules.js';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../bff/src/session/session-store.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { listen } from '../../tests/helpers/listen.js';

type Start = { idp: string; api: string; storeUrl: string; dataDir: string };
const AUDIENCE = 'https://api.bff-demo.local';
const { createBff, loadBffConfig } = await bffModules();

const server = await listen();
let bff: Bff | undefined;
process.send?.({ url: server.url });
process.on('message', (message: { start?: Start; memory?: true; token?: string }) => {
  void (async () => {
    if (message.start) {
      const { idp, api, storeUrl, dataDir } = message.start;
      const config = loadBffConfig(
        { ISSUER_BASE_URL: idp, APP_BASE_URL: server.url, API_BASE_URL: api, CLIENT_ID: 'bff-demo', CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, AUDIENCE, SESSION_STORE_URL: storeUrl,
          // SESSION_DATA_CACHE=0 measures the hot path that decrypts the session on every call.
          ...(process.env.SESSION_DATA_CACHE ? { SESSION_DATA_CACHE: process.env.SESSION_DATA_CACHE } : {}) },
        {},
        dataDir,
      );
      bff = await createBff(config);
      server.server.on('request', bff.app);
      process.send?.({ started: memory() });
    }
    if (message.token !== undefined && bff) process.send?.({ token: await accessTokenOf(bff, message.token) });
    if (message.memory) process.send?.({ memory: memory() });
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

/** Live heap after a full collection (the process runs with --expose-gc), and the resident set. */
function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

/** The access token of a session, read as the tests do (cookie id → decrypt). */
async function accessTokenOf(running: Bff, sessionId: string): Promise<string> {
  const store = createSessionStore(running.backend, createSessionCrypto(DEV_SESSION_SECRET));
  const found = await store.load(sessionId, 0);
  return String(found?.data.access_token);
}
