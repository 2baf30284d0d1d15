import type { SessionStoreUrl } from '../config.js';
import type { SessionBackend } from './session-backend.js';
import { createMemoryBackend } from './memory-backend.js';
import { createSqliteBackend } from './sqlite-backend.js';
import { createRedisBackend } from './redis-backend.js';

/** Opens the store named by SESSION_STORE_URL. */
export async function openBackend(store: SessionStoreUrl): Promise<SessionBackend> {
  switch (store.kind) {
    case 'memory':
      return createMemoryBackend();
    case 'sqlite':
      return createSqliteBackend({ file: store.file });
    case 'redis':
      return createRedisBackend({ url: store.url });
  }
}
