import { Router } from 'express';
import type { IssuerDiscovery } from '../oidc/issuer-metadata.js';
import type { SessionBackend } from '../session/session-backend.js';
import { storeProblemOf } from '../session/store-problem.js';

type Check = 'ok' | 'unavailable';
type Outcome = { check: Check; cause?: string };

export type HealthDeps = {
  backend: SessionBackend;
  discovery: IssuerDiscovery;
  apiBaseUrl: string;
  checkTimeoutMs?: number;
  /** True once a graceful stop has begun (server-lifecycle.ts): readiness fails before the listener closes. */
  stopping?: () => boolean;
};

/**
 * Liveness says the process answers; readiness says it can serve logins, sessions and API calls.
 * Each readiness check is bounded, so a hanging dependency makes the probe fail, never hang.
 * An unavailable store comes with its cause (`refused`, `auth_failed`, `tls`, `protected_mode`…,
 * store-problem.ts): short words that name no host and no secret, for whoever reads the probe.
 */
export function healthRoutes(deps: HealthDeps) {
  const { backend, discovery, apiBaseUrl, checkTimeoutMs = 2000, stopping = () => false } = deps;
  const router = Router();
  const apiHealth = `${apiBaseUrl}/healthz`;

  const check = (probe: () => Promise<unknown>): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ check: 'unavailable', cause: 'timeout' }), checkTimeoutMs);
      probe().then(
        () => resolve({ check: 'ok' }),
        (error: unknown) => resolve({ check: 'unavailable', cause: storeProblemOf(error)?.reason }),
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
    res.set('cache-control', 'no-store');
    // A stopping instance refuses new work first, so a balancer polling /readyz moves on before
    // the listener closes; the requests it still receives meanwhile are served.
    if (stopping()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const [store, issuer, api] = await Promise.all([check(() => backend.ping()), check(() => discovery.get()), check(apiReachable)]);
    const ready = store.check === 'ok' && issuer.check === 'ok' && api.check === 'ok';
    const body: Record<string, unknown> = { status: ready ? 'ready' : 'not_ready', checks: { store: store.check, issuer: issuer.check, api: api.check } };
    if (store.cause) body.causes = { store: store.cause };
    res.status(ready ? 200 : 503).json(body);
  });
  return router;
}
