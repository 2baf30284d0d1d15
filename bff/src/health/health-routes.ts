import { Router } from 'express';
import type { IssuerDiscovery } from '../oidc/issuer-metadata.js';
import type { SessionBackend } from '../session/session-backend.js';

type Check = 'ok' | 'unavailable';

/**
 * Liveness says the process answers; readiness says it can serve logins, sessions and API calls.
 * Each readiness check is bounded, so a hanging dependency makes the probe fail, never hang.
 */
export function healthRoutes(deps: { backend: SessionBackend; discovery: IssuerDiscovery; apiBaseUrl: string; checkTimeoutMs?: number }) {
  const { backend, discovery, apiBaseUrl, checkTimeoutMs = 2000 } = deps;
  const router = Router();
  const apiHealth = `${apiBaseUrl}/healthz`;

  const check = (probe: () => Promise<unknown>): Promise<Check> =>
    new Promise<Check>((resolve) => {
      const timer = setTimeout(() => resolve('unavailable'), checkTimeoutMs);
      probe().then(
        () => resolve('ok'),
        () => resolve('unavailable'),
      ).finally(() => clearTimeout(timer));
    });

  const apiReachable = async () => {
    const response = await fetch(apiHealth, { signal: AbortSignal.timeout(checkTimeoutMs), headers: { accept: 'application/json' } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${apiHealth} answered ${response.status}`);
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [store, issuer, api] = await Promise.all([check(() => backend.ping()), check(() => discovery.get()), check(apiReachable)]);
    const ready = store === 'ok' && issuer === 'ok' && api === 'ok';
    res.status(ready ? 200 : 503).set('cache-control', 'no-store').json({ status: ready ? 'ready' : 'not_ready', checks: { store, issuer, api } });
  });
  return router;
}
