// Scale benchmark process: one BFF on one store, alone in its process, so that the process's live
// heap is that BFF's. Reports its URL first (the IdP needs it as a redirect URI), starts on
// {start: {idp, api, storeUrl, dataDir}}, answers {memory} with its heap after GC and its RSS.
import { bffModules } from './bff-modules.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { listen } from '../../tests/helpers/listen.js';

type Start = { idp: string; api: string; storeUrl: string; dataDir: string };
const AUDIENCE = 'https://api.bff-demo.local';
const { createBff, loadBffConfig } = await bffModules();

const server = await listen();
process.send?.({ url: server.url });
process.on('message', (message: { start?: Start; memory?: true }) => {
  void (async () => {
    if (message.start) {
      const { idp, api, storeUrl, dataDir } = message.start;
      const config = loadBffConfig(
        { ISSUER_BASE_URL: idp, APP_BASE_URL: server.url, API_BASE_URL: api, CLIENT_ID: 'bff-demo', CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, AUDIENCE, SESSION_STORE_URL: storeUrl },
        {},
        dataDir,
      );
      const bff = await createBff(config);
      server.server.on('request', bff.app);
      process.send?.({ started: memory() });
    }
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
