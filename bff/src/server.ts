import http from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  ConfigError, createServerLifecycle, discoveryWarning, listen, ListenError, cannotListen, listenOrExit, probeDiscovery,
  readAuthConfig, stopWhenLauncherGone,
} from '@vue-bff/shared';
import type { Logger } from 'pino';
import { createBff, type BffDeps } from './app.js';
import { systemClock } from './clock.js';
import { loadBffConfig } from './config.js';
import { waitForStore } from './health/wait-for-store.js';
import { createServerLogger } from './observability/logger.js';
import { metricsListener } from './observability/metrics-listener.js';
import { openBackend } from './session/open-backend.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUBJECT = 'BFF configuration';
// Long enough for a provider on another continent, short enough that the warning comes while the
// developer still looks at the terminal. The check runs beside start-up, never in front of it.
const DISCOVERY_CHECK_MS = 3000;

/** Warns (never fails) when the issuer's discovery document cannot be had: else the user finds out at Log in. */
async function checkIssuer(issuer: string, logger: Logger): Promise<void> {
  const warning = discoveryWarning(issuer, await probeDiscovery(issuer, DISCOVERY_CHECK_MS));
  if (warning) logger.warn(warning);
  else logger.info(`OpenID provider found at ${issuer}`);
}

async function main() {
  const env = process.env;
  const config = loadBffConfig(env, readAuthConfig(env.AUTH_CONFIG || `${REPO_ROOT}auth_config.json`, SUBJECT), env.BFF_DATA_ROOT ?? REPO_ROOT);
  const logger = await createServerLogger({ level: config.logLevel, format: config.logFormat, production: config.production, tty: process.stdout.isTTY === true });
  const server = http.createServer();
  // Bounded waits for slow or stalled clients. Idle keep-alive outlives the edge's (nginx keeps
  // upstream connections 60 s), so the edge never reuses a connection the BFF is closing.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 65_000;
  let metricsServer: http.Server | undefined;
  let closeBff: () => Promise<void> = async () => undefined;
  // Created first, as /readyz asks it whether a stop has begun.
  const lifecycle = createServerLifecycle(server, {
    graceMs: config.shutdownGraceMs,
    delayMs: config.shutdownDelayMs,
    logger,
    onClosed: async () => {
      metricsServer?.closeAllConnections();
      metricsServer?.close();
      await closeBff();
    },
  });
  const stop = (signal: string) => {
    lifecycle.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
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
  closeBff = () => bff.close();
  server.on('request', bff.app);
  // Before listening: a signal that arrives as soon as the port answers must find its handler.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  stopWhenLauncherGone(() => stop('npm start ended'));

  const { port } = await listenOrExit(server, config.port, config.host, { portSetting: 'PORT', subject: SUBJECT });
  logger.info(`BFF listening on port ${port}; app at ${config.appBaseUrl} (store: ${bff.backend.kind})`);
  void checkIssuer(config.issuerBaseUrl, logger);
  if (bff.metrics && config.metricsPort !== undefined) {
    metricsServer = http.createServer(metricsListener(bff.metrics.registry));
    const metrics = await listen(metricsServer, config.metricsPort, config.host).catch((error: unknown) => {
      throw error instanceof ListenError ? new ConfigError([cannotListen(error, 'METRICS_PORT')], SUBJECT) : error;
    });
    logger.info(`metrics on port ${metrics.port}: GET /metrics`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
