import type { RequestListener } from 'node:http';
import { join } from 'node:path';

import express from 'express';
import Provider from 'oidc-provider';

import type { IdpConfig } from './config.js';
import { errorHandler } from './errors.js';
import { interactionRouter } from './interactions.js';
import { createAdapterStorage } from './memory-adapter.js';
import { providerConfiguration } from './provider-configuration.js';
import { CLIENT_AUTH_PATHS, requireClientAuthMethod } from './require-client-auth-method.js';
import { loadOrCreateSigningKey } from './signing-key.js';

export type IdpDeps = {
  /** Receives unexpected failures (5xx); the default writes them to stderr. */
  logError?: (err: unknown) => void;
};

/**
 * Builds the development OpenID provider without listening: oidc-provider for the protocol
 * endpoints, express in front of it for /healthz and the login pages. Loads the signing key
 * from config.dataDir, generating it on first use, and the sessions, grants and refresh tokens kept
 * there before a restart (`grants.json`).
 */
export async function createIdp(
  config: IdpConfig, deps: IdpDeps = {},
): Promise<{ handler: RequestListener; provider: Provider; close(): void }> {
  const logError = deps.logError ?? ((err: unknown) => console.error('[idp]', err));
  const signingKey = await loadOrCreateSigningKey(config.dataDir);
  const storage = createAdapterStorage({ file: join(config.dataDir, 'grants.json'), onSaveError: logError });
  const provider = new Provider(config.issuer, providerConfiguration(config, signingKey, storage.adapter));
  provider.on('server_error', (_ctx: unknown, err: unknown) => logError(err));

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', function healthz(_req, res) {
    res.json({ status: 'ok' });
  });
  app.use(interactionRouter(provider, config.audience));
  app.post(CLIENT_AUTH_PATHS, requireClientAuthMethod(config.client.authMethod ?? 'client_secret_basic'));
  // Everything else is the protocol: discovery, /auth, /token, /session/end, the JWKS…
  app.use(provider.callback());
  app.use(errorHandler(logError));

  /** Writes what the storage has not saved yet (call it at shutdown). */
  const close = (): void => storage.flush();
  return { handler: app, provider, close };
}
