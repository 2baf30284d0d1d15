import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createBff, type BffDeps } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadBffConfig } from './config.js';
import { waitForStore } from './health/wait-for-store.js';
import { createServerLogger } from './observability/logger.js';
import { metricsListener } from './observability/metrics-listener.js';
import { createServerLifecycle } from './server-lifecycle.js';
import { openBackend } from './session/open-backend.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function readAuthConfig(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`AUTH_CONFIG: cannot read ${path} (${(error as Error).message}): create it from the README's example`]);
  }
}

function listen(server: http.Server, port: number, host: string | undefined, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new ConfigError([`${setting}: cannot listen on port ${port} (${error.message}): choose a free port`])));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function main() {
  const env = process.env;
  const config = loadBffConfig(env, readAuthConfig(env.AUTH_CONFIG ?? `${REPO_ROOT}auth_config.json`), env.BFF_DATA_ROOT ?? REPO_ROOT);
  const logger = await createServerLogger({ level: config.logLevel, format: config.logFormat, production: config.production, tty: process.stdout.isTTY === true });
  const server = http.createServer();
  // Bounded waits for slow or stalled clients. Idle keep-alive outlives the edge's (nginx keeps
  // upstream connections 60 s), so the edge never reuses a connection the BFF is closing.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 65_000;
  let metricsServer: http.Server | undefined;
  // Created first, as /readyz asks it whether a stop has begun; signals are handled only at the
  // end of main, once everything closeAll closes exists.
  const lifecycle = createServerLifecycle(server, {
    graceMs: config.shutdownGraceMs,
    delayMs: config.shutdownDelayMs,
    logger,
    onClosed: () => closeAll(),
  });
  const deps: BffDeps = { logger, stopping: lifecycle.stopping };
  deps.backend = await openBackend(config.sessionStore, systemClock, { logger });
  // A bounded wait, then the exact cause if the store is still unavailable (wait-for-store.ts).
  await waitForStore(deps.backend, { timeoutMs: config.storeStartupWaitMs, logger });
  if (env.WEB_DEV === '1' && !config.production) {
    const { viteWeb } = await import('./web/vite-web.js');
    deps.web = await viteWeb(server);
    deps.development = true;
  }
  const bff = await createBff(config, deps);
  const closeAll = async () => {
    metricsServer?.closeAllConnections();
    metricsServer?.close();
    await bff.close();
  };
  server.on('request', bff.app);
  const port = await listen(server, config.port, config.host, 'PORT');
  logger.info(`BFF listening on port ${port}; app at ${config.appBaseUrl} (store: ${bff.backend.kind})`);

  if (bff.metrics && config.metricsPort !== undefined) {
    metricsServer = http.createServer(metricsListener(bff.metrics.registry));
    const metricsPort = await listen(metricsServer, config.metricsPort, config.host, 'METRICS_PORT');
    logger.info(`metrics on port ${metricsPort}: GET /metrics`);
  }

  const stop = (signal: string) => {
    lifecycle.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
