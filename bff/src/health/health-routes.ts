import { Router } from 'express';
import type { IssuerDiscovery } from '../oidc/issuer-metadata.js';
import type { SessionBackend } from '../session/session-backend.js';

/** Liveness says the process answers; readiness says it can serve logins and sessions. */
export function healthRoutes(deps: { backend: SessionBackend; discovery: IssuerDiscovery }) {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, issuer] = await Promise.all([
      deps.backend.ping().then(() => 'ok', () => 'unavailable'),
      deps.discovery.get().then(() => 'ok', () => 'unavailable'),
    ]);
    const ready = store === 'ok' && issuer === 'ok';
    res.status(ready ? 200 : 503).set('cache-control', 'no-store').json({ status: ready ? 'ready' : 'not_ready', checks: { store, issuer } });
  });
  return router;
}
