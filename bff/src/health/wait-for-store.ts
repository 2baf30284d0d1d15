import type { Logger } from 'pino';
import type { SessionBackend } from '../session/session-backend.js';
import { storeProblemOf } from '../session/store-problem.js';

/**
 * At start-up: asks the store until it answers or `timeoutMs` has passed, then, if it still does
 * not, logs exactly why (the StoreProblem behind the last failure) instead of letting "listening"
 * announce a BFF that cannot serve anyone. Resolves either way: the caller listens regardless,
 * /readyz answers 503 meanwhile and the store keeps reconnecting. True when the store answered.
 */
export async function waitForStore(backend: SessionBackend, options: { timeoutMs: number; logger: Logger; intervalMs?: number }): Promise<boolean> {
  const { timeoutMs, logger, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await backend.ping();
      return true;
    } catch (error) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const problem = storeProblemOf(error);
        logger.error(
          { store: backend.kind, cause: problem?.reason, waitedMs: timeoutMs },
          `session store not reachable after ${timeoutMs} ms: ${problem?.message ?? 'it did not answer'}. Listening anyway: /readyz answers 503 and the connection is retried`,
        );
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
    }
  }
}
