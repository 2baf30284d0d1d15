import type { Logger } from 'pino';
import type { StoreProblem } from './store-problem.js';

export type StoreProblemLog = Readonly<{
  /** A failure seen now: logged unless the same reason was logged less than `intervalMs` ago. */
  failed(problem: StoreProblem): void;
  /** The store answered again: logged once, after a logged failure. */
  recovered(): void;
}>;

/**
 * The store's failures, told without flooding the log: the client retries every few hundred
 * milliseconds and every request during an outage fails the same way. Each distinct reason is
 * logged at once, then at most once per `intervalMs`, with how many were left out meanwhile.
 */
export function createStoreProblemLog(logger: Logger | undefined, options: { intervalMs?: number; now?: () => number } = {}): StoreProblemLog {
  const { intervalMs = 30_000, now = Date.now } = options;
  const lastLogged = new Map<string, number>();
  const suppressed = new Map<string, number>();
  let failing: string | undefined;

  return Object.freeze({
    failed(problem: StoreProblem) {
      failing = problem.reason;
      const key = `${problem.reason}:${problem.code ?? ''}`;
      const last = lastLogged.get(key);
      if (last !== undefined && now() - last < intervalMs) {
        suppressed.set(key, (suppressed.get(key) ?? 0) + 1);
        return;
      }
      const repeated = suppressed.get(key) ?? 0;
      lastLogged.set(key, now());
      suppressed.delete(key);
      logger?.error({ store: 'redis', cause: problem.reason, code: problem.code, ...(repeated > 0 ? { repeated } : {}) }, `session store unavailable: ${problem.message}`);
    },
    recovered() {
      if (failing === undefined) return;
      logger?.info({ store: 'redis', was: failing }, 'session store available again');
      failing = undefined;
      lastLogged.clear();
      suppressed.clear();
    },
  });
}
