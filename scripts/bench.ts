// `npm run bench`: the cost of the BFF hop, side by side on loopback, in one run.
//   (a) the API directly with a bearer token      (a0) the same routes without the JWT check
//   (b) a bare http-proxy-middleware hop (no auth) (c) the BFF on SQLite (pre-filled)  (d) the BFF on Redis
// Absolute numbers vary between machines; the ratios are the result. Writes bench-results/latest.json.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createBrowser } from '../tests/helpers/http-client.js';
import { startRedisServer } from '../tests/helpers/redis-process.js';
import { ALICE, login } from '../tests/helpers/stack.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 100_000);

type Message = Record<string, unknown>;
const children: ChildProcess[] = [];
let stopRedis = async () => {};
async function stopAll(error?: unknown): Promise<never> {
  // SIGTERM lets a profiled child write its profile on exit.
  for (const proc of children) proc.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, PROFILE.length > 0 ? 1500 : 0));
  await stopRedis();
  if (error) console.error(error);
  process.exit(error ? 1 : 0);
}
// BENCH_CPU_PROF=1 writes a V8 CPU profile of the proxy process (BFFs and bare hop) to bench-results/.
const PROFILE = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles'] : [];
const ONLY = process.env.BENCH_ONLY?.split(',');
function child(file: string, args: string[] = [], profile = false): ChildProcess {
  const execArgv = ['--import', 'tsx', '--expose-gc', ...(profile ? PROFILE : [])];
  return fork(new URL(file, import.meta.url), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
function next(proc: ChildProcess, key: string): Promise<Message> {
  return new Promise((resolve) => {
    const onMessage = (message: Message) => {
      if (key in message) {
        proc.off('message', onMessage);
        resolve(message);
      }
    };
    proc.on('message', onMessage);
  });
}

const redis = await startRedisServer().catch(() => {
  console.warn('redis-server not found: scenario (d) is skipped (apt-get install -y redis-server).');
  return undefined;
});
stopRedis = async () => redis?.stop();
const proxies = child('./bench/proxies.ts', [], true);
children.push(proxies);
const { urls } = (await next(proxies, 'urls')) as { urls: Record<string, string> };
const upstream = child('./bench/upstream.ts', [JSON.stringify([urls.sqlite, urls.redis])]);
children.push(upstream);
const up = (await next(upstream, 'api')) as { idp: string; api: string; apiWithoutAuth: string };
console.log(`Pre-filling the SQLite store with ${PREFILL} sessions…`);
proxies.send({ start: { idp: up.idp, api: up.api, redisUrl: redis?.url, prefill: PREFILL } });
const { started } = (await next(proxies, 'started')) as { started: { memoryBeforePrefill: number; memoryAfterPrefill: number } };

async function sessionFor(store: 'sqlite' | 'redis') {
  const browser = createBrowser();
  await login(browser, urls[store] ?? '', ALICE);
  const session = (await browser.cookies(urls[store] ?? '')).find((c) => c.key === 'bff_session');
  const cookie = `bff_session=${session?.value ?? ''}`;
  const sessionId = decodeURIComponent(session?.value ?? '').split('.')[0] ?? '';
  proxies.send({ token: { store, sessionId } });
  const { token } = (await next(proxies, 'token')) as { token: string };
  return { cookie, token };
}
const sqliteSession = await sessionFor('sqlite').catch(stopAll);
const redisSession = redis ? await sessionFor('redis') : undefined;
const bearer = { authorization: `Bearer ${sqliteSession.token}` };
const probe = await fetch(`${up.api}/api/external`, { headers: bearer });
if (!probe.ok) await stopAll(new Error(`the API refused the session's access token: ${probe.status} ${await probe.text()}`));

type Scenario = { name: string; label: string; url: string; headers: Record<string, string> };
const scenarios: Scenario[] = [
  { name: 'a', label: 'API direct, bearer token', url: `${up.api}/api/external`, headers: bearer },
  { name: 'a0', label: 'API routes, no JWT check', url: `${up.apiWithoutAuth}/api/external`, headers: {} },
  { name: 'b', label: 'bare proxy hop → API', url: `${urls.hop}/api/external`, headers: bearer },
  { name: 'c', label: `BFF on SQLite (${PREFILL} stored sessions)`, url: `${urls.sqlite}/api/external`, headers: { cookie: sqliteSession.cookie, 'x-csrf': '1' } },
  ...(redisSession ? [{ name: 'd', label: 'BFF on Redis', url: `${urls.redis}/api/external`, headers: { cookie: redisSession.cookie, 'x-csrf': '1' } }] : []),
];

type Result = { name: string; label: string; requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number };
async function load(scenario: Scenario, duration: number) {
  return autocannon({ url: scenario.url, headers: scenario.headers, connections: CONNECTIONS, duration });
}
const results: Result[] = [];
for (const scenario of scenarios.filter((s) => !ONLY || ONLY.includes(s.name))) {
  await load(scenario, WARMUP);
  const run = await load(scenario, DURATION);
  results.push({
    name: scenario.name,
    label: scenario.label,
    requestsPerSecond: Math.round(run.requests.average),
    p50: run.latency.p50,
    p99: run.latency.p99,
    errors: run.errors + run.timeouts,
    non2xx: run.non2xx,
  });
  console.log(`  ${scenario.name.padEnd(3)} ${scenario.label.padEnd(42)} ${String(Math.round(run.requests.average)).padStart(7)} req/s  p50 ${run.latency.p50} ms  p99 ${run.latency.p99} ms  errors ${run.errors + run.timeouts}  non-2xx ${run.non2xx}`);
}
proxies.send({ memory: true });
const { memory: memoryAfterRun } = (await next(proxies, 'memory')) as { memory: number };

const by = (name: string) => results.find((r) => r.name === name);
const ratio = (x?: number, y?: number) => (x && y ? Math.round((x / y) * 100) / 100 : null);
const ratios = {
  'c/b throughput': ratio(by('c')?.requestsPerSecond, by('b')?.requestsPerSecond),
  'd/b throughput': ratio(by('d')?.requestsPerSecond, by('b')?.requestsPerSecond),
  'c/b p99': ratio(by('c')?.p99, by('b')?.p99),
  'd/b p99': ratio(by('d')?.p99, by('b')?.p99),
  'a/a0 throughput (JWT check)': ratio(by('a')?.requestsPerSecond, by('a0')?.requestsPerSecond),
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const memory = { heapMbBeforePrefill: mb(started.memoryBeforePrefill), heapMbAfterPrefill: mb(started.memoryAfterPrefill), heapMbAfterRun: mb(memoryAfterRun) };
console.log('\nRatios (targets: c/b ≥ 0.8, d/b ≥ 0.7, p99 ≤ 1.5, a/a0 ≥ 0.85):');
for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(30)} ${value}`);
console.log(`BFF process live heap (after GC): ${memory.heapMbBeforePrefill} MB before pre-fill, ${memory.heapMbAfterPrefill} MB with ${PREFILL} stored sessions, ${memory.heapMbAfterRun} MB after the run`);

mkdirSync('bench-results', { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, duration: DURATION, connections: CONNECTIONS, prefill: PREFILL, results, ratios, memory };
writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Wrote bench-results/latest.json');

await stopAll();
const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
await stopAll(failed.length > 0 ? new Error(`errors in ${failed.map((r) => r.name).join(', ')}: zero errors is part of the result`) : undefined);
