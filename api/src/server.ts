// Entry point: the only file that reads the environment, listens and handles signals.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  ConfigError, createServerLifecycle, listenOrExit, logOutput, readAuthConfig, readLogSettings, stopWhenLauncherGone,
} from '@vue-bff/shared';
import { pino } from 'pino';
import { createApi } from './app.js';
import { loadApiConfig, type ApiConfig } from './config.js';

const DEFAULT_AUTH_CONFIG = fileURLToPath(new URL('../../auth_config.json', import.meta.url));
const SUBJECT = 'API configuration';
// In-flight requests get this long after SIGTERM before their connections are cut.
const SHUTDOWN_GRACE_MS = 10_000;

function loadConfig(): { config: ApiConfig; log: ReturnType<typeof readLogSettings> } {
  try {
    const log = readLogSettings(process.env);
    if (log.problems.length > 0) throw new ConfigError(log.problems, SUBJECT);
    return { config: loadApiConfig(process.env, readAuthConfig(process.env.AUTH_CONFIG || DEFAULT_AUTH_CONFIG, SUBJECT)), log };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const { config, log } = loadConfig();
// Unset: every interface (the container default); `npm start` passes 127.0.0.1.
const host = process.env.LISTEN_HOST?.trim() || undefined;
const output = await logOutput({ format: log.format, production: process.env.NODE_ENV === 'production', tty: process.stdout.isTTY === true });
const logger = output.stream ? pino({ name: 'api', level: log.level }, output.stream) : pino({ name: 'api', level: log.level });
if (output.warning) logger.warn(output.warning);

const server = http.createServer(createApi(config, { logger }));
// Bounded waits for slow or stalled clients.
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;
server.keepAliveTimeout = 5_000;

const lifecycle = createServerLifecycle(server, { graceMs: SHUTDOWN_GRACE_MS, logger });
const stop = (reason: string) => void lifecycle.shutdown(reason).then(() => process.exit(0));
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
stopWhenLauncherGone(() => stop('npm start ended'));

// After the handlers: a signal that arrives as soon as the port answers must find one.
const { port } = await listenOrExit(server, config.port, host, { portSetting: 'PORT', subject: SUBJECT });
logger.info(`API listening on http://${host ?? 'localhost'}:${port} (issuer ${config.issuer}, audience ${config.audience})`);
