import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../helpers/redis-process.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { relisten } from '../ops/support/relisten.js';
import { environmentOf, healthcheckCommand } from './compose-file.js';

// The bff container's healthcheck from docker-compose.yml, run for real (node -e, as Docker runs
// it) against a BFF on Redis: healthy exactly when this replica can serve someone.

const SCRIPT = healthcheckCommand('bff').at(-1) ?? '';
const COMPOSE_PORT = `127.0.0.1:${environmentOf('bff').PORT}/`;

async function healthcheck(port: number): Promise<number | null> {
  const child = spawn(process.execPath, ['-e', SCRIPT.replace(COMPOSE_PORT, `127.0.0.1:${port}/`)], { stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describeWithRedis('the bff container healthcheck (docker-compose.yml)', () => {
  let redis: RedisProcess;
  let stack: Stack;
  let stopping = false;
  beforeAll(async () => {
    redis = await startRedisServer();
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: redis.url }, bffDeps: { stopping: () => stopping } });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('the script → targets the port compose gives the BFF (guards the substitution below)', () => {
    expect(SCRIPT).toContain(COMPOSE_PORT);
  });

  it('store, IdP and API up → healthy (exit 0)', async () => {
    expect(await healthcheck(stack.servers.bff.port)).toBe(0);
  });

  it('the API down → still healthy: every replica shares that outage and answers it with JSON 502', async () => {
    await stack.servers.api.close();
    try {
      expect(await healthcheck(stack.servers.bff.port)).toBe(0);
    } finally {
      await relisten(stack.servers.api);
    }
  });

  it('the IdP down → still healthy: the BFF answers logins with 503 itself', async () => {
    await stack.servers.idp.close();
    try {
      expect(await healthcheck(stack.servers.bff.port)).toBe(0);
    } finally {
      await relisten(stack.servers.idp);
    }
  });

  it('Redis down → unhealthy (exit 1): this replica can serve no one', async () => {
    await redis.stop();
    try {
      expect(await healthcheck(stack.servers.bff.port)).toBe(1);
    } finally {
      await redis.start();
    }
  });

  it('a graceful stop begun → unhealthy', async () => {
    stopping = true;
    try {
      expect(await healthcheck(stack.servers.bff.port)).toBe(1);
    } finally {
      stopping = false;
    }
  });

  it('nothing listening → unhealthy', async () => {
    expect(await healthcheck(await freePort())).toBe(1);
  });
});
