import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createBff, type BffDeps } from './app.js';
import { ConfigError, loadBffConfig } from './config.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHUTDOWN_GRACE_MS = 10_000;

function readAuthConfig(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`AUTH_CONFIG: cannot read ${path} (${(error as Error).message}): create it from the README's example`]);
  }
}

async function main() {
  const env = process.env;
  const config = loadBffConfig(env, readAuthConfig(env.AUTH_CONFIG ?? `${REPO_ROOT}auth_config.json`), env.BFF_DATA_ROOT ?? REPO_ROOT);
  const logger = pino({ level: env.LOG_LEVEL ?? 'info', base: { service: 'bff' } });
  const server = http.createServer();
  const deps: BffDeps = { logger };
  if (env.WEB_DEV === '1' && !config.production) {
    const { viteWeb } = await import('./web/vite-web.js');
    deps.web = await viteWeb(server);
    deps.development = true;
  }
  const bff = await createBff(config, deps);
  server.on('request', bff.app);
  server.listen(config.port, () => {
    logger.info(`BFF listening on port ${config.port}; app at ${config.appBaseUrl} (store: ${bff.backend.kind})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests`);
    // Stop accepting, let in-flight requests end, then close the store.
    server.close(() => void bff.close().then(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      void bff.close().finally(() => process.exit(0));
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
