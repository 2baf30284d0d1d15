import type { SessionBackend } from '../session/session-backend.js';

const OPERATIONS = ['get', 'create', 'move', 'update', 'touch', 'destroy', 'destroyIndexed', 'acquireLock', 'releaseLock', 'count', 'ping'] as const;

/**
 * The same store, counting each failed operation (Redis down, SQLite busy) for the metrics. The
 * error still reaches the caller unchanged: the 503 and the session rules stay the store's.
 */
export function countStoreErrors(backend: SessionBackend, onError: () => void): SessionBackend {
  const counted: Record<string, unknown> = { ...backend };
  for (const name of OPERATIONS) {
    const operation = backend[name] as (...args: unknown[]) => Promise<unknown>;
    counted[name] = (...args: unknown[]) =>
      operation(...args).catch((error: unknown) => {
        onError();
        throw error;
      });
  }
  return Object.freeze(counted) as SessionBackend;
}
