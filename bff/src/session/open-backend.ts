import type { Logger } from 'pino';
import { epochSeconds, type Clock } from '../clock.js';
import { ConfigError, type SessionStoreUrl } from '../config.js';
import type { SessionBackend } from './session-backend.js';
import { createMemoryBackend } from './memory-backend.js';
import { createSqliteBackend, SqliteFileInUseError } from './sqlite-backend.js';
import { createRedisBackend } from './redis-backend.js';

/** Opens the store named by SESSION_STORE_URL; `logger` hears about a Redis that cannot be reached. */
export async function openBackend(store: SessionStoreUrl, clock: Clock, options: { logger?: Logger } = {}): Promise<SessionBackend> {
  const now = () => epochSeconds(clock);
  switch (store.kind) {
    case 'memory':
      return createMemoryBackend(now);
    case 'sqlite':
      try {
        return createSqliteBackend({ file: store.file, now });
      } catch (error) {
        if (!(error instanceof SqliteFileInUseError)) throw error;
        throw new ConfigError([
          `SESSION_STORE_URL: ${store.file} is in use by another BFF process. SQLite serves one instance: stop the other one, give each its own file, or share sessions through Redis (SESSION_STORE_URL=redis://host:6379).`,
        ]);
      }
    case 'redis':
      return createRedisBackend({ url: store.url, caFile: store.caFile, logger: options.logger, now });
  }
}
