import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';

/** redis-server on the PATH, or a reason why not. With CI=true a missing server fails the run. */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('redis-server is not installed, and CI=true requires the Redis tests to run (apt-get install -y redis-server)');
  if (!found) console.warn('Skipping Redis tests: redis-server is not on the PATH (apt-get install -y redis-server).');
  return found;
}

/** `describe` that skips, with the printed reason, where no redis-server exists. */
export const describeWithRedis = (redisServerAvailable() ? describe : describe.skip) as typeof describe;

export { startRedisServer, type RedisProcess } from './redis-process.js';
