// Entry point: the only file that reads the environment, listens and handles signals.
import http from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  ConfigError, createServerLifecycle, listenOrExit, logOutput, readAuthConfig, readLogSettings, stopWhenLauncherGone,
} from '@vue-bff/shared';
import { pino } from 'pino';

import { createIdp } from './app.js';
import { AdapterFileError } from './memory-adapter.js';
import { loadIdpConfig, type IdpConfig } from './config.js';
import { USERS } from './users.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUBJECT = 'development IdP configuration';
// Open keep-alive or slow requests must not keep a stopping process alive for long.
const SHUTDOWN_GRACE_MS = 5_000;

function loadConfig(): { config: IdpConfig; log: ReturnType<typeof readLogSettings> } {
  try {
    const log = readLogSettings(process.env);
    if (log.problems.length > 0) throw new ConfigError(log.problems, SUBJECT);
    const authConfigPath = resolve(process.env.AUTH_CONFIG || resolve(REPO_ROOT, 'auth_config.json'));
    return { config: loadIdpConfig(process.env, readAuthConfig(authConfigPath, SUBJECT)), log };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

const { config, log } = loadConfig();
const output = await logOutput({ format: log.format, production: false, tty: process.stdout.isTTY === true });
const logger = output.stream ? pino({ name: 'idp', level: log.level }, output.stream) : pino({ name: 'idp', level: log.level });
if (output.warning) logger.warn(output.warning);

const { handler, provider, close } = await createIdp(config, { logError: (err) => logger.error({ err }, 'development IdP failure') })
  .catch((err: unknown) => {
    if (!(err instanceof AdapterFileError)) throw err;
    console.error(err.message);
    process.exit(1);
  });
// Back-channel logout failures are otherwise silent: the BFF would keep a session the user ended.
provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => {
  logger.warn(`back-channel logout to ${client.clientId} failed: ${err.message}`);
});

const server = http.createServer(handler);
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;

// The grants are written after the last request is answered, so none made during shutdown is lost.
const lifecycle = createServerLifecycle(server, { graceMs: SHUTDOWN_GRACE_MS, logger, onClosed: close });
const stop = (reason: string) => void lifecycle.shutdown(reason).then(() => process.exit(0));
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
stopWhenLauncherGone(() => stop('npm start ended'));

// After the handlers: a signal that arrives as soon as the port answers must find one.
const { port } = await listenOrExit(server, config.port, config.host, { portSetting: 'PORT', subject: SUBJECT });
const demo = USERS[0];
logger.info(`Development IdP: ${config.issuer} (listening on port ${port}; sign in as ${demo?.email} / ${demo?.password})`);
