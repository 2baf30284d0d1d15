import { afterEach, describe, expect, it } from 'vitest';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from '../ops/support/log-capture.js';

const login = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/auth/login`, { redirect: 'manual', headers: { accept: 'text/html', ...headers } });

describe('login rate limit per client address', () => {
  const logs = captureLogs();
  let stack: Stack;
  afterEach(() => stack.close());

  it('a burst of 300 anonymous logins → the first LOGIN_RATE_LIMIT start a transaction, the rest 429 with Retry-After and a page saying when', async () => {
    stack = await startStack({ bff: { loginRateLimit: 20 }, bffDeps: { logger: logs.logger } });
    const answers = await Promise.all(Array.from({ length: 300 }, () => login(stack.urls.bff)));
    const statuses = answers.map((a) => a.status);
    expect([statuses.filter((s) => s === 302).length, statuses.filter((s) => s === 429).length]).toEqual([20, 280]);
    const refused = answers.find((a) => a.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('60');
    expect(refused?.headers.get('set-cookie')).toBeNull(); // no transaction started
    expect(await refused?.text()).toContain('try again in 60 seconds');
    expect(logs.audit('rate_limited')).toHaveLength(1);
  });

  it('the callback shares the budget: a flood of callbacks is refused too', async () => {
    stack = await startStack({ bff: { loginRateLimit: 5 } });
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await fetch(`${stack.urls.bff}/auth/callback?code=x&state=y`)).status));
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('a user logging in normally → unaffected', async () => {
    stack = await startStack({ bff: { loginRateLimit: 20 } });
    const { landing } = await stack.loggedIn(ALICE);
    expect(landing.url).toBe(`${stack.urls.bff}/`);
  });

  it('behind a trusted proxy → counted per forwarded client address, not for the proxy as a whole', async () => {
    stack = await startStack({ bff: { loginRateLimit: 3, trustProxy: true } });
    const from = (address: string) => login(stack.urls.bff, { 'x-forwarded-for': address }).then((a) => a.status);
    const first = await Promise.all(Array.from({ length: 4 }, () => from('203.0.113.7')));
    expect([first, await from('203.0.113.8')]).toEqual([[302, 302, 302, 429], 302]);
    // A client writing its own first entry before the proxy's does not escape its budget.
    expect(await from('198.51.100.1, 203.0.113.7')).toBe(429);
  });

  it('LOGIN_RATE_LIMIT=0 → no limit', async () => {
    stack = await startStack({ bff: { loginRateLimit: 0 } });
    const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await login(stack.urls.bff)).status));
    expect(new Set(statuses)).toEqual(new Set([302]));
  });
});

describeWithRedis('login rate limit across instances on Redis', () => {
  let redis: RedisProcess;
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
    await redis.stop();
  });

  it('requests spread over two instances → one shared budget', async () => {
    redis = await startRedisServer();
    stack = await startStack({ bff: { loginRateLimit: 10 }, bffEnv: { SESSION_STORE_URL: redis.url } });
    const b = await stack.addInstance();
    const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await login(i % 2 === 0 ? stack.urls.bff : b.url)).status));
    expect(statuses.filter((s) => s === 302)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});
