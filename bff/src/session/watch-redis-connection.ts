import type { Logger } from 'pino';
import { readRedisGreeting } from './redis-greeting.js';
import { classifyRedisError, protectedMode, type RedisTarget } from './redis-problem.js';
import { StoreProblem } from './store-problem.js';
import { createStoreProblemLog } from './store-problem-log.js';

export type RedisConnectionWatch = Readonly<{
  /** Why operations fail while the client is not connected (a failure seen, or "not connected yet"). */
  current(): StoreProblem;
  /** An operation failed: the reason, logged (rate-limited) and kept as the current one. */
  failed(error: unknown): StoreProblem;
  /** An operation succeeded: a logged failure is followed by one "available again". */
  succeeded(): void;
}>;

/**
 * What is wrong with the Redis connection, kept as a value every failing operation answers (so
 * /readyz and the request log name the cause), and logged without flooding. The client's own
 * error events are the source: it reconnects by itself and reports each failed attempt.
 */
export function watchRedisConnection(
  client: { on(event: 'error', listener: (error: Error) => void): unknown; on(event: 'ready', listener: () => void): unknown; ping(): Promise<unknown> },
  target: RedisTarget,
  options: { ca?: string; logger?: Logger },
): RedisConnectionWatch {
  const at = `${target.host}:${target.port}`;
  const log = createStoreProblemLog(options.logger);
  let problem: StoreProblem | undefined;
  // The last answer to "why was the connection closed?", reused for 10 s: one probe, not one per retry.
  let probed: { at: number; problem: StoreProblem } | undefined;

  const record = (found: StoreProblem) => {
    problem = found;
    log.failed(found);
    return found;
  };
  // A connection closed without a word: ask the server what it says to a newcomer (redis-greeting.ts).
  const explain = async (error: unknown): Promise<StoreProblem> => {
    const found = classifyRedisError(error, target);
    if (found.reason !== 'closed') return found;
    if (probed && Date.now() - probed.at < 10_000) return probed.problem;
    const greeting = await readRedisGreeting(target, { ca: options.ca, timeoutMs: Math.min(target.connectTimeoutMs, 1000) });
    const explained = greeting.startsWith('-DENIED')
      ? protectedMode(at)
      : greeting.startsWith('-')
        ? new StoreProblem('error', `Redis at ${at} refused the connection: ${target.redact(greeting.slice(1, 200))}`)
        : found;
    probed = { at: Date.now(), problem: explained };
    return explained;
  };
  const succeeded = () => {
    if (problem === undefined) return;
    problem = undefined;
    log.recovered();
  };
  const failed = (error: unknown) => record(classifyRedisError(error, target));
  client.on('error', (error: unknown) => {
    void explain(error).then(record);
  });
  // Connected is not usable yet (a password may be missing: NOAUTH comes with the first command).
  // One PING says which, at once, even when no request arrives.
  client.on('ready', () => {
    client.ping().then(succeeded, failed);
  });

  return Object.freeze({
    current: () => problem ?? new StoreProblem('connecting', `not connected to Redis at ${at} yet`),
    failed,
    succeeded,
  });
}
