// Benchmark process 1: the dev IdP (for logins and tokens) and the resource API, plus the same API
// routes without the JWT check (to price the check). Sends its URLs to the parent over IPC; argv[2]
// lists the BFFs' URLs (their redirect URIs at the IdP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import { createApi } from '../../api/src/app.js';
import { loadApiConfig } from '../../api/src/config.js';
import { createRequestLogger } from '../../api/src/request-logger.js';
import { createApiRouter } from '../../api/src/routes.js';
import { createIdp } from '../../idp/src/app.js';
import { DEV_CLIENT_SECRET } from '../../idp/src/dev-defaults.js';
import { listen } from '../../tests/helpers/listen.js';

const AUDIENCE = 'https://api.bff-demo.local';
const bffUrls = JSON.parse(process.argv[2] ?? '[]') as string[];

const idpServer = await listen();
const idpDataDir = mkdtempSync(join(tmpdir(), 'bff-bench-idp-'));
process.on('exit', () => rmSync(idpDataDir, { recursive: true, force: true }));
const idp = await createIdp({
  issuer: idpServer.url,
  port: 0,
  dataDir: idpDataDir,
  audience: AUDIENCE,
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 3600,
  client: {
    clientId: 'bff-demo',
    clientSecret: DEV_CLIENT_SECRET,
    redirectUris: bffUrls.map((url) => `${url}/auth/callback`),
    postLogoutRedirectUris: bffUrls.map((url) => `${url}/`),
    backchannelLogoutUri: `${bffUrls[0]}/auth/backchannel-logout`,
  },
});
idpServer.server.on('request', idp.handler);

const silent = pino({ level: 'silent' });
const api = await listen(createApi(loadApiConfig({ ISSUER_BASE_URL: idpServer.url, AUDIENCE }, {}), { logger: silent }));

// createApi's middleware and routes minus the bearer-token check (same logger, headers, routes):
// the floor for "what does the JWT check cost".
const open = express();
open.disable('x-powered-by');
open.use(createRequestLogger(silent));
open.use(helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
}));
open.use((_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
});
open.use('/api', createApiRouter());
const apiWithoutAuth = await listen(open);

process.send?.({ idp: idpServer.url, api: api.url, apiWithoutAuth: apiWithoutAuth.url });
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
