import { readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createIdp } from './app.js';
import { AdapterFileError } from './memory-adapter.js';
import { ConfigError, loadIdpConfig, type IdpConfig } from './config.js';
import { USERS } from './users.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function readAuthConfig(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    throw new Error('it must hold a JSON object');
  } catch (err) {
    throw new ConfigError([`AUTH_CONFIG: cannot read ${path} (${(err as Error).message}); `
      + 'set AUTH_CONFIG to the path of auth_config.json or create it at the repository root']);
  }
}

function loadConfig(): IdpConfig {
  try {
    const authConfigPath = resolve(process.env.AUTH_CONFIG ?? resolve(REPO_ROOT, 'auth_config.json'));
    return loadIdpConfig(process.env, readAuthConfig(authConfigPath));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

const config = loadConfig();
const { handler, provider, close } = await createIdp(config).catch((err: unknown) => {
  if (!(err instanceof AdapterFileError)) throw err;
  console.error(`[idp] ${err.message}`);
  process.exit(1);
});
// Back-channel logout failures are otherwise silent: the BFF would keep a session the user ended.
provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => {
  console.error(`[idp] back-channel logout to ${client.clientId} failed: ${err.message}`);
});

const server = http.createServer(handler);
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;
server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(`[idp] cannot listen on port ${config.port}: ${err.message}; set PORT to a free port`);
  process.exit(1);
});
server.listen(config.port, () => {
  const demo = USERS[0];
  console.log(`Development IdP: ${config.issuer} (listening on port ${config.port}; sign in as ${demo?.email} / ${demo?.password})`);
});

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`[idp] ${signal}: shutting down`);
  close();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Open keep-alive or slow requests must not keep a stopping process alive forever.
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
