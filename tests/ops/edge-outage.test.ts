import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser, type Browser, type Page } from '../helpers/http-client.js';
import { freePort } from '../helpers/redis-process.js';
import { redisServerAvailable, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, callApi, login } from '../helpers/stack.js';
import { startBffProcess, type BffProcess } from './support/bff-process.js';
import { startIdpAndApi } from './support/idp-and-api.js';
import { adaptEdgeConfig, nginxAvailable, startEdge, type Edge } from './support/nginx.js';
import { sleep, waitFor } from './support/wait.js';

// The shipped edge (deploy/nginx.conf, run by Debian's nginx) in front of two BFF processes that
// share one Redis, as `docker compose up --scale bff=2` runs them. An outage of Redis must reach
// the browser as the BFF's JSON 503 and leave both replicas in service; a replica that stops must
// cost no request.

const SHIPPED = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
const describeEdge = (nginxAvailable() && redisServerAvailable() ? describe : describe.skip) as typeof describe;

type Answer = { status: number; json: boolean; error: string | undefined; ms: number };

async function answer(request: Promise<Page>): Promise<Answer> {
  const started = Date.now();
  const page = await request;
  const json = (page.headers.get('content-type') ?? '').includes('application/json');
  const error = json ? (JSON.parse(page.body) as { error?: string }).error : undefined;
  return { status: page.status, json, error, ms: Date.now() - started };
}

describeEdge('the edge (deploy/nginx.conf) in front of two BFF processes on one Redis', () => {
  let dir: string;
  let redis: RedisProcess;
  let services: Awaited<ReturnType<typeof startIdpAndApi>>;
  let bffs: BffProcess[] = [];
  let bffPorts: number[];
  let edge: Edge;
  let browser: Browser;
  const throughEdge = () => answer(callApi(browser, edge.url));
  const storeCheck = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return ((await response.json()) as { checks?: { store?: string } }).checks?.store;
  };
  // nginx writes a request's access log line just after the response: wait for all of them.
  const loggedSince = async (before: number, count: number) => {
    await waitFor(() => edge.accessLog().length >= before + count, 5000, `${count} access log lines`);
    return edge.accessLog().slice(before);
  };
  const bothStores = (wanted: string) => async () => (await Promise.all(bffPorts.map(storeCheck))).every((store) => store === wanted);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-edge-'));
    for (const sub of ['redis', 'idp', 'nginx']) mkdirSync(join(dir, sub));
    // The append-only file keeps the session across the Redis restart, as the compose Redis does.
    redis = await startRedisServer({ persistIn: join(dir, 'redis') });
    const edgePort = await freePort();
    services = await startIdpAndApi(`http://127.0.0.1:${edgePort}`, join(dir, 'idp'));
    bffs = [0, 1].map(() => startBffProcess({ ...services.bffEnv, SESSION_STORE_URL: redis.url, TRUST_PROXY: 'true' }));
    bffPorts = await Promise.all(bffs.map((bff) => bff.reported(/BFF listening on port (\d+)/)));
    edge = await startEdge(join(dir, 'nginx'), adaptEdgeConfig(SHIPPED, { listenPort: edgePort, upstreamPorts: bffPorts }), edgePort);
    browser = createBrowser();
    await login(browser, edge.url, ALICE);
    expect((await throughEdge()).status).toBe(200);
  });
  afterAll(async () => {
    await edge?.stop();
    await Promise.all(bffs.map((bff) => bff.kill()));
    await redis?.stop();
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Redis stopped → each request gets the BFF\'s JSON 503 from one replica, never retried on the other', async () => {
    await redis.stop();
    await waitFor(bothStores('unavailable'), 10_000, 'both BFFs to notice Redis is gone');
    const before = edge.accessLog().length;
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await throughEdge());
    expect(answers.map(({ status, json, error }) => ({ status, json, error }))).toEqual(Array(10).fill({ status: 503, json: true, error: 'session_store_unavailable' }));
    const logged = await loggedSince(before, 10);
    expect(logged.map((line) => line.upstreams.length)).toEqual(Array(10).fill(1));
    expect(new Set(logged.flatMap((line) => line.upstreams)).size).toBe(2);
  });

  it('Redis back → 200 through the edge at once, from both replicas: none was marked down', async () => {
    await redis.start();
    await waitFor(bothStores('ok'), 10_000, 'both BFFs to reconnect to Redis');
    const before = edge.accessLog().length;
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await throughEdge());
    expect(answers.map((found) => found.status)).toEqual(Array(10).fill(200));
    expect(new Set((await loggedSince(before, 10)).flatMap((line) => line.upstreams)).size).toBe(2);
    expect(edge.errorLog()).not.toMatch(/no live upstreams|temporarily disabled/);
  });

  it('one BFF stopped (SIGTERM) while requests flow → no request fails, none waits 1 s', async () => {
    const [stopped] = bffs;
    const answers: Answer[] = [];
    let flowing = true;
    const client = async () => {
      while (flowing) answers.push(await throughEdge());
    };
    const clients = [client(), client(), client()];
    await sleep(500);
    stopped?.child.kill('SIGTERM');
    expect(await stopped?.exited).toBe(0);
    const afterExit = answers.length;
    await sleep(2000);
    flowing = false;
    await Promise.all(clients);
    expect(answers.filter((found) => found.status !== 200)).toEqual([]);
    expect(Math.max(...answers.map((found) => found.ms))).toBeLessThan(1000);
    expect(answers.length - afterExit).toBeGreaterThan(5);
  });
});
