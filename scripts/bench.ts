// `npm run bench`: the cost of the BFF hop, side by side on loopback, in one run.
//   (a) the API directly with a bearer token      (a0) the same routes without the JWT check
//   (b) a bare http-proxy-middleware hop in Express (no auth)   (b0) the same hop on node:http, no Express
//   (c) the BFF on SQLite (pre-filled)  (d) the BFF on Redis
// Absolute numbers vary between machines; the ratios are the result. Writes bench-results/latest.json.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createBrowser } from '../tests/helpers/http-client.js';
import { startRedisServer } from '../tests/helpers/redis-process.js';
import { ALICE, login } from '../tests/helpers/stack.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 100_000);
// BENCH_RATE=N holds the load at N req/s instead of the maximum: CPU per request then compares
// scenarios at equal load (saturated servers batch more work per event-loop turn).
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;

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
  const sessionId = (session?.value ?? '').split('.')[0] ?? '';
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
  { name: 'b', label: 'bare proxy hop (Express + HPM) → API', url: `${urls.hop}/api/external`, headers: bearer },
  { name: 'b0', label: 'bare proxy hop (node:http + HPM) → API', url: `${urls.plainHop}/api/external`, headers: bearer },
  { name: 'c', label: `BFF on SQLite (${PREFILL} stored sessions)`, url: `${urls.sqlite}/api/external`, headers: { cookie: sqliteSession.cookie, 'x-csrf': '1' } },
  ...(redisSession ? [{ name: 'd', label: 'BFF on Redis', url: `${urls.redis}/api/external`, headers: { cookie: redisSession.cookie, 'x-csrf': '1' } }] : []),
];

type Result = { name: string; label: string; requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; cpuUsPerRequest: number };
// CPU time of the process that serves a scenario, per request: steadier than req/s on a shared
// machine (the load generator competes for the same cores), and it prices the hop's own work.
const serverOf = (name: string) => (name === 'a' || name === 'a0' ? upstream : proxies);
async function cpuOf(proc: ChildProcess): Promise<number> {
  proc.send({ cpu: true });
  const { cpu } = (await next(proc, 'cpu')) as { cpu: number };
  return cpu;
}
async function load(scenario: Scenario, duration: number) {
  return autocannon({ url: scenario.url, headers: scenario.headers, connections: CONNECTIONS, duration, ...(RATE ? { overallRate: RATE } : {}) });
}
const resultLine = (r: Result) =>
  `  ${r.name.padEnd(3)} ${r.label.padEnd(42)} ${String(r.requestsPerSecond).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}  CPU ${r.cpuUsPerRequest} µs/req`;
// Rounds interleave the scenarios (b c d b c d …): a slow spell of the shared machine then hits
// every scenario of a round alike, and the median of the rounds is the figure.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const selected = scenarios.filter((s) => !ONLY || ONLY.includes(s.name));
const rounds = new Map<string, Result[]>(selected.map((s) => [s.name, []]));
for (const scenario of selected) await load(scenario, WARMUP);
for (let round = 1; round <= ROUNDS; round += 1) {
  console.log(`Round ${round} of ${ROUNDS}`);
  for (const scenario of selected) {
    const cpuBefore = await cpuOf(serverOf(scenario.name));
    const run = await load(scenario, DURATION);
    const cpuUsPerRequest = ((await cpuOf(serverOf(scenario.name))) - cpuBefore) / Math.max(1, run.requests.total);
    const result = {
      name: scenario.name,
      label: scenario.label,
      requestsPerSecond: Math.round(run.requests.average),
      p50: run.latency.p50,
      p99: run.latency.p99,
      errors: run.errors + run.timeouts,
      non2xx: run.non2xx,
      cpuUsPerRequest: Math.round(cpuUsPerRequest),
    };
    rounds.get(scenario.name)?.push(result);
    console.log(resultLine(result));
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const results: Result[] = selected.map((scenario) => {
  const runs = rounds.get(scenario.name) ?? [];
  const of = (field: 'requestsPerSecond' | 'p50' | 'p99' | 'cpuUsPerRequest') => median(runs.map((r) => r[field]));
  return {
    name: scenario.name,
    label: scenario.label,
    requestsPerSecond: Math.round(of('requestsPerSecond')),
    p50: of('p50'),
    p99: of('p99'),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuUsPerRequest: Math.round(of('cpuUsPerRequest')),
  };
});
console.log(`\nMedian of ${ROUNDS} rounds:`);
for (const r of results) {
  console.log(resultLine(r));
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
  // Against the hop without Express: what the BFF's own work costs over the least a Node proxy does.
  'c/b0 throughput': ratio(by('c')?.requestsPerSecond, by('b0')?.requestsPerSecond),
  'd/b0 throughput': ratio(by('d')?.requestsPerSecond, by('b0')?.requestsPerSecond),
  'c/b CPU per request': ratio(by('c')?.cpuUsPerRequest, by('b')?.cpuUsPerRequest),
  'd/b CPU per request': ratio(by('d')?.cpuUsPerRequest, by('b')?.cpuUsPerRequest),
  'a/a0 CPU per request': ratio(by('a')?.cpuUsPerRequest, by('a0')?.cpuUsPerRequest),
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const memory = { heapMbBeforePrefill: mb(started.memoryBeforePrefill), heapMbAfterPrefill: mb(started.memoryAfterPrefill), heapMbAfterRun: mb(memoryAfterRun) };
console.log('\nRatios (targets: c/b ≥ 0.8, d/b ≥ 0.7, p99 ≤ 1.5, a/a0 ≥ 0.85):');
for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(30)} ${value}`);
console.log(`BFF process live heap (after GC): ${memory.heapMbBeforePrefill} MB before pre-fill, ${memory.heapMbAfterPrefill} MB with ${PREFILL} stored sessions, ${memory.heapMbAfterRun} MB after the run`);

mkdirSync('bench-results', { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, duration: DURATION, rounds: ROUNDS, connections: CONNECTIONS, prefill: PREFILL, rate: RATE ?? null, results, ratios, memory, runs: Object.fromEntries(rounds) };
writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Wrote bench-results/latest.json');

const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
await stopAll(failed.length > 0 ? new Error(`errors in ${failed.map((r) => r.name).join(', ')}: zero errors is part of the result`) : undefined);
