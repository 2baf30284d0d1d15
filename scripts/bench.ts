// `npm run bench`: the cost of the BFF hop, side by side on loopback, in one run.
//   (a) the API directly with a bearer token      (a0) the same routes without the JWT check
//   (b) a bare http-proxy-middleware hop in Express (no auth)   (b0) the same hop on node:http, no Express
//   (b1) the BFF's transport alone: HPM set up as the BFF sets it, none of the BFF's steps
//   (nginx) (caddy) what users would deploy instead: bare reverse-proxy hops, each on one core
//   (c) the BFF on SQLite (pre-filled)  (d) the BFF on Redis
// Absolute numbers vary between machines; the ratios are the result. Writes bench-results/latest.json.
// `npm run bench:scale` (scripts/bench-scale.ts) compares 100 with 1,000,000 stored sessions.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SESSION_SECRET } from '../idp/src/dev-defaults.js';
import { freePort, startRedisServer } from '../tests/helpers/redis-process.js';
import { buildBff } from './bench/bff-modules.js';
import { loginCookie } from './bench/bench-login.js';
import { startCaddyHop } from './bench/caddy-hop.js';
import { cpuPinning } from './bench/cpu-pinning.js';
import { fillStores, sqliteTarget } from './bench/fill-store.js';
import { medianOfRounds, resultLine, runLoad, type Result, type Target } from './bench/load.js';
import { startNginxHop } from './bench/nginx-hop.js';
import { nextMessage, startNodeChild } from './bench/node-child.js';
import type { PeerHop } from './bench/peer-hop.js';
import { peerRatios, peerTargets, ratio, targetLine } from './bench/peer-targets.js';
import { cpuMicrosecondsOf } from './bench/process-cpu.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 100_000);
// BENCH_RATE=N holds the load at N req/s instead of the maximum: CPU per request then compares
// scenarios at equal load (saturated servers batch more work per event-loop turn).
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const ONLY = process.env.BENCH_ONLY?.split(',');
// BENCH_CPU_PROF=1 writes a V8 CPU profile of the proxy process (BFFs and bare hops) to bench-results/.
const PROFILE = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles'] : [];
const pinning = cpuPinning(process.env.BENCH_PIN);
const dir = mkdtempSync(join(tmpdir(), 'bff-bench-'));

const children: ChildProcess[] = [];
const peers: PeerHop[] = [];
let stopRedis = async () => {};
async function stopAll(error?: unknown): Promise<never> {
  // SIGTERM lets a profiled child write its profile on exit.
  for (const proc of children) proc.kill('SIGTERM');
  await Promise.all(peers.map((peer) => peer.stop()));
  await new Promise((resolve) => setTimeout(resolve, PROFILE.length > 0 ? 1500 : 100));
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
  if (error) console.error(error);
  process.exit(error ? 1 : 0);
}
process.once('SIGINT', () => void stopAll(new Error('interrupted')));

console.log(`CPU: ${pinning.description}.`);
const redis = await startRedisServer().catch(() => {
  console.warn('redis-server not found: scenario (d) is skipped (apt-get install -y redis-server).');
  return undefined;
});
stopRedis = async () => redis?.stop();

// The BFF as deployed: compiled (bff-modules.ts says why).
buildBff();

// The SQLite file is filled before its BFF opens it (the BFF holds it exclusively).
const filling = Date.now();
const sqliteFile = await sqliteTarget(join(dir, 'sessions.db'));
await fillStores({ secret: DEV_SESSION_SECRET, count: PREFILL, targets: [sqliteFile] }).catch(stopAll);
await sqliteFile.close();
console.log(`Pre-filled the SQLite store with ${PREFILL} sessions in ${((Date.now() - filling) / 1000).toFixed(1)} s.`);

// The bare Node hops share a process; each BFF has one of its own, as deployed (one-bff.ts).
const proxies = startNodeChild(new URL('./bench/proxies.ts', import.meta.url), { pinning, execArgv: PROFILE });
children.push(proxies);
const { urls } = (await nextMessage(proxies, 'urls').catch(stopAll)) as { urls: Record<string, string> };
const startBffChild = async (storeUrl: string) => {
  const proc = startNodeChild(new URL('./bench/one-bff.ts', import.meta.url), { pinning, execArgv: PROFILE });
  children.push(proc);
  const { url } = (await nextMessage(proc, 'url').catch(stopAll)) as { url: string };
  return { proc, url, storeUrl };
};
const bffs = { sqlite: await startBffChild('sqlite:sessions.db'), ...(redis ? { redis: await startBffChild(redis.url) } : {}) };
const bffList = Object.values(bffs);
const upstream = startNodeChild(new URL('./bench/upstream.ts', import.meta.url), { args: [JSON.stringify(bffList.map((bff) => bff.url))] });
children.push(upstream);
const up = (await nextMessage(upstream, 'api').catch(stopAll)) as { idp: string; api: string; apiWithoutAuth: string };
proxies.send({ start: { api: up.api } });
await nextMessage(proxies, 'started').catch(stopAll);
type Memory = { heapUsed: number; rss: number };
let memoryAtStart: Memory = { heapUsed: 0, rss: 0 };
for (const bff of bffList) {
  bff.proc.send({ start: { idp: up.idp, api: up.api, storeUrl: bff.storeUrl, dataDir: dir } });
  const { started } = (await nextMessage(bff.proc, 'started').catch(stopAll)) as { started: Memory };
  if (bff === bffs.sqlite) memoryAtStart = started;
}

// The peers: nginx (one worker) and Caddy (GOMAXPROCS=1), bare hops to the same API.
for (const [name, start] of [['nginx', startNginxHop], ['caddy', startCaddyHop]] as const) {
  const hop = await start({ dir: join(dir, name), port: await freePort(), api: up.api, pinning }).catch(stopAll);
  if (typeof hop === 'string') console.warn(`Scenario (${name}) is skipped: ${hop}.`);
  else peers.push(hop);
}
const peer = (name: string) => peers.find((p) => p.name === name);

async function sessionFor(bff: { proc: ChildProcess; url: string }) {
  const { cookie, sessionId } = await loginCookie(bff.url);
  bff.proc.send({ token: sessionId });
  const { token } = (await nextMessage(bff.proc, 'token')) as { token: string };
  return { cookie, token };
}
const sqliteSession = await sessionFor(bffs.sqlite).catch(stopAll);
const redisSession = bffs.redis ? await sessionFor(bffs.redis).catch(stopAll) : undefined;
const bearer = { authorization: `Bearer ${sqliteSession.token}` };
const probe = await fetch(`${up.api}/api/external`, { headers: bearer });
if (!probe.ok) await stopAll(new Error(`the API refused the session's access token: ${probe.status} ${await probe.text()}`));

type Scenario = Target & { name: string; label: string; pids: () => number[] };
const nginx = peer('nginx');
const caddy = peer('caddy');
const upstreamPid = () => [upstream.pid ?? 0];
const proxiesPid = () => [proxies.pid ?? 0];
const sqlitePid = () => [bffs.sqlite.proc.pid ?? 0];
const redisPid = () => [bffs.redis?.proc.pid ?? 0];
const scenarios: Scenario[] = [
  { name: 'a', label: 'API direct, bearer token', url: `${up.api}/api/external`, headers: bearer, pids: upstreamPid },
  { name: 'a0', label: 'API routes, no JWT check', url: `${up.apiWithoutAuth}/api/external`, headers: {}, pids: upstreamPid },
  { name: 'b', label: 'bare proxy hop (Express + HPM) → API', url: `${urls.hop}/api/external`, headers: bearer, pids: proxiesPid },
  { name: 'b0', label: 'bare proxy hop (node:http + HPM) → API', url: `${urls.plainHop}/api/external`, headers: bearer, pids: proxiesPid },
  { name: 'b1', label: "the BFF's transport alone → API", url: `${urls.transport}/api/external`, headers: bearer, pids: proxiesPid },
  ...(nginx ? [{ name: 'nginx', label: 'nginx → API (1 worker)', url: `${nginx.url}/api/external`, headers: bearer, pids: nginx.pids }] : []),
  ...(caddy ? [{ name: 'caddy', label: 'Caddy → API (GOMAXPROCS=1)', url: `${caddy.url}/api/external`, headers: bearer, pids: caddy.pids }] : []),
  { name: 'c', label: `BFF on SQLite (${PREFILL} stored sessions)`, url: `${bffs.sqlite.url}/api/external`, headers: { cookie: sqliteSession.cookie, 'x-csrf': '1' }, pids: sqlitePid },
  ...(redisSession && bffs.redis ? [{ name: 'd', label: 'BFF on Redis', url: `${bffs.redis.url}/api/external`, headers: { cookie: redisSession.cookie, 'x-csrf': '1' }, pids: redisPid }] : []),
];

// CPU time of the processes that serve a scenario, per request, read alike for every server
// (process-cpu.ts): steadier than req/s on a shared machine (the load generator competes for the
// same cores), and it prices the hop's own work.
const load = { connections: CONNECTIONS, duration: DURATION, rate: RATE };
async function measure(scenario: Scenario): Promise<Result> {
  const cpuBefore = cpuMicrosecondsOf(scenario.pids());
  const run = await runLoad(scenario, load);
  const cpuUsPerRequest = (cpuMicrosecondsOf(scenario.pids()) - cpuBefore) / Math.max(1, run.requests);
  const { requestsPerSecond, p50, p99, errors, non2xx } = run;
  return { name: scenario.name, label: scenario.label, requestsPerSecond, p50, p99, errors, non2xx, cpuUsPerRequest: Math.round(cpuUsPerRequest) };
}
// Rounds interleave the scenarios (b c d b c d …): a slow spell of the shared machine then hits
// every scenario of a round alike, and the median of the rounds is the figure.
const selected = scenarios.filter((s) => !ONLY || ONLY.includes(s.name));
const rounds = new Map<string, Result[]>(selected.map((s) => [s.name, []]));
for (const scenario of selected) await runLoad(scenario, { ...load, duration: WARMUP });
for (let round = 1; round <= ROUNDS; round += 1) {
  console.log(`Round ${round} of ${ROUNDS}`);
  for (const scenario of selected) {
    const result = await measure(scenario).catch(stopAll);
    rounds.get(scenario.name)?.push(result);
    console.log(resultLine(result));
  }
}
const results: Result[] = selected.map((scenario) => medianOfRounds(scenario.name, scenario.label, rounds.get(scenario.name) ?? []));
console.log(`\nMedian of ${ROUNDS} rounds:`);
for (const r of results) console.log(resultLine(r));
bffs.sqlite.proc.send({ memory: true });
const { memory: memoryAfterRun } = (await nextMessage(bffs.sqlite.proc, 'memory').catch(stopAll)) as { memory: Memory };

const by = (name: string) => results.find((r) => r.name === name);
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
  // The BFF's steps (cookie, session, token, checks) over its transport alone; the transport against Caddy.
  'c/b1 CPU per request': ratio(by('c')?.cpuUsPerRequest, by('b1')?.cpuUsPerRequest),
  'd/b1 CPU per request': ratio(by('d')?.cpuUsPerRequest, by('b1')?.cpuUsPerRequest),
  'b1/caddy CPU per request': ratio(by('b1')?.cpuUsPerRequest, by('caddy')?.cpuUsPerRequest),
};
const peerRatioValues = peerRatios(results);
const targets = peerTargets(results);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const memory = { heapMbAtStart: mb(memoryAtStart.heapUsed), heapMbAfterRun: mb(memoryAfterRun.heapUsed), rssMbAfterRun: mb(memoryAfterRun.rss) };
console.log('\nRatios (targets: c/b ≥ 0.8, d/b ≥ 0.7, p99 ≤ 1.5, a/a0 ≥ 0.85):');
for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(30)} ${value}`);
console.log('\nAgainst the peers (BFF / nginx, BFF / Caddy; CPU per request of each proxy\'s processes):');
for (const [name, value] of Object.entries(peerRatioValues)) console.log(`  ${name.padEnd(30)} ${value ?? '— (not run)'}`);
console.log('\nIssue 17\'s targets:');
for (const target of targets) console.log(targetLine(target));
console.log(`\nBFF on SQLite, its process (${PREFILL} sessions stored): live heap after GC ${memory.heapMbAtStart} MB at start, ${memory.heapMbAfterRun} MB after the run; resident ${memory.rssMbAfterRun} MB`);

mkdirSync('bench-results', { recursive: true });
const report = {
  date: new Date().toISOString(),
  node: process.version,
  duration: DURATION,
  rounds: ROUNDS,
  connections: CONNECTIONS,
  prefill: PREFILL,
  rate: RATE ?? null,
  cpuPinning: { cpu: pinning.cpu ?? null, description: pinning.description },
  skipped: ['nginx', 'caddy'].filter((name) => !peer(name)),
  results,
  ratios: { ...ratios, ...peerRatioValues },
  targets,
  memory,
  runs: Object.fromEntries(rounds),
};
writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Wrote bench-results/latest.json');

const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
await stopAll(failed.length > 0 ? new Error(`errors in ${failed.map((r) => r.name).join(', ')}: zero errors is part of the result`) : undefined);
