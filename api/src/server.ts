// Entry point: the only file that reads the environment, listens and handles signals.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApi } from './app.js';
import { ConfigError, loadApiConfig, type ApiConfig } from './config.js';

const DEFAULT_AUTH_CONFIG = fileURLToPath(new URL('../../auth_config.json', import.meta.url));
// In-flight requests get this long after SIGTERM before their connections are cut.
const SHUTDOWN_GRACE_MS = 10_000;

function readAuthConfig(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`AUTH_CONFIG: cannot read ${path} as JSON (${(error as Error).message}); point AUTH_CONFIG at auth_config.json`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`AUTH_CONFIG: ${path} must hold a JSON object such as {"domain": "…", "audience": "…"}`]);
  }
  return parsed as Record<string, unknown>;
}

function loadConfig(): ApiConfig {
  try {
    return loadApiConfig(process.env, readAuthConfig(process.env.AUTH_CONFIG || DEFAULT_AUTH_CONFIG));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function logLevel(): string {
  const level = process.env.LOG_LEVEL || 'info';
  if (level === 'silent' || level in pino.levels.values) return level;
  console.error(`LOG_LEVEL must be one of ${Object.keys(pino.levels.values).join(', ')}, silent; got "${level}"`);
  process.exit(1);
}

const config = loadConfig();
const logger = pino({ name: 'api', level: logLevel() });
const server = http.createServer(createApi(config, { logger }));
// Bounded waits for slow or stalled clients.
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;
server.keepAliveTimeout = 5_000;

server.on('error', (error) => {
  console.error(`API cannot listen on port ${config.port}: ${error.message}. Set PORT to a free port.`);
  process.exit(1);
});
server.listen(config.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`API listening on http://localhost:${port} (issuer ${config.issuer}, audience ${config.audience})`);
});

function shutdown(signal: string): void {
  logger.info({ signal }, 'shutting down');
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
