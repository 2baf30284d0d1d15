// `npm run bench:scale`: does a full store slow the BFF or grow it? The BFF on SQLite (c) and on
// Redis (d), each once with 100 stored sessions and once with 1,000,000 (BENCH_SCALE_SESSIONS),
// every BFF alone in its process (so that process's live heap is that BFF's), loaded in
// interleaved rounds (c@100 c@1M d@100 d@1M, …) as `npm run bench` does. Prints req/s, p99, CPU per
// request and the live heap after GC of each, and the ratios 1M/100. Writes bench-results/scale.json.
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SESSION_SECRET } from '../idp/src/dev-defaults.js';
import { startRedisServer, type RedisProcess } from '../tests/helpers/redis-process.js';
import { buildBff } from './bench/bff-modules.js';
import { loginCookie } from './bench/bench-login.js';
import { cpuPinning } from './bench/cpu-pinning.js';
import { fillStores, redisTarget, sqliteTarget, type FillTarget } from './bench/fill-store.js';
import { medianOfRounds, resultLine, runLoad, type Result } from './bench/load.js';
import { nextMessage, startNodeChild } from './bench/node-child.js';
import { cpuMicrosecondsOf } from './bench/process-cpu.js';
import { countName, scaleRatios, FLAT_TOLERANCE, type ScaleRun } from './bench/scale-ratios.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const SMALL = 100;
const LARGE = Number(process.env.BENCH_SCALE_SESSIONS ?? 1_000_000);
if (!Number.isInteger(LARGE) || LARGE <= SMALL) throw new Error(`BENCH_SCALE_SESSIONS must be a whole number above ${SMALL}, got "${process.env.BENCH_SCALE_SESSIONS}"`);
const pinning = cpuPinning(process.env.BENCH_PIN);
const dir = mkdtempSync(join(tmpdir(), 'bff-bench-scale-'));

type Bff = { store: 'c' | 'd'; sessions: number; storeUrl: string; proc?: ChildProcess; url?: string; cookie?: string };
const children: ChildProcess[] = [];
const redisServers: RedisProcess[] = [];
async function stopAll(error?: unknown): Promise<never> {
  for (const proc of children) proc.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  await Promise.all(redisServers.map((redis) => redis.stop()));
  rmSync(dir, { recursive: true, force: true });
  if (error) console.error(error);
  process.exit(error ? 1 : 0);
}
process.once('SIGINT', () => void stopAll(new Error('interrupted')));

console.log(`CPU: ${pinning.description}.`);
// The BFF as deployed: compiled (bff-modules.ts says why).
buildBff();
const startRedis = () =>
  startRedisServer().then((redis) => {
    redisServers.push(redis);
    return redis;
  });
const redisSmall = await startRedis().catch(() => undefined);
const redisLarge = redisSmall ? await startRedis().catch(stopAll) : undefined;
if (!redisSmall) console.warn('redis-server not found: the Redis scenarios (d) are skipped (apt-get install -y redis-server).');

const bffs: Bff[] = [
  { store: 'c', sessions: SMALL, storeUrl: 'sqlite:small.db' },
  { store: 'c', sessions: LARGE, storeUrl: 'sqlite:large.db' },
  ...(redisSmall && redisLarge
    ? [{ store: 'd' as const, sessions: SMALL, storeUrl: redisSmall.url }, { store: 'd' as const, sessions: LARGE, storeUrl: redisLarge.url }]
    : []),
];
const nameOf = (bff: Bff) => `${bff.store}@${countName(bff.sessions)}`;

// Both sizes get the same kind of sessions, sealed by the BFF's own store (fill-store.ts); each
// chunk is sealed once and written to the SQLite file and to Redis alike.
async function fill(count: number, files: { sqlite: string; redis?: RedisProcess }) {
  const started = Date.now();
  const targets: FillTarget[] = [await sqliteTarget(join(dir, files.sqlite)), ...(files.redis ? [await redisTarget(files.redis.url)] : [])];
  let reported = 0;
  await fillStores({
    secret: DEV_SESSION_SECRET,
    count,
    targets,
    onProgress: (done) => {
      if (done - reported < count / 10 && done < count) return;
      reported = done;
      console.log(`  ${done} of ${count} sessions stored (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  for (const target of targets) await target.close();
}
console.log(`Filling the stores: ${SMALL} sessions, then ${LARGE}, in SQLite${redisSmall ? ' and in Redis' : ''}…`);
await fill(SMALL, { sqlite: 'small.db', redis: redisSmall }).catch(stopAll);
await fill(LARGE, { sqlite: 'large.db', redis: redisLarge }).catch(stopAll);

for (const bff of bffs) {
  bff.proc = startNodeChild(new URL('./bench/one-bff.ts', import.meta.url), { pinning });
  children.push(bff.proc);
  bff.url = ((await nextMessage(bff.proc, 'url').catch(stopAll)) as { url: string }).url;
}
const upstream = startNodeChild(new URL('./bench/upstream.ts', import.meta.url), { args: [JSON.stringify(bffs.map((bff) => bff.url))] });
children.push(upstream);
const up = (await nextMessage(upstream, 'api').catch(stopAll)) as { idp: string; api: string };

type Memory = { heapUsed: number; rss: number };
const memoryAtStart = new Map<Bff, Memory>();
for (const bff of bffs) {
  const proc = bff.proc as ChildProcess;
  proc.send({ start: { idp: up.idp, api: up.api, storeUrl: bff.storeUrl, dataDir: dir } });
  memoryAtStart.set(bff, ((await nextMessage(proc, 'started').catch(stopAll)) as { started: Memory }).started);
  bff.cookie = (await loginCookie(bff.url ?? '').catch(stopAll)).cookie;
}

const load = { connections: CONNECTIONS, duration: DURATION };
const targetOf = (bff: Bff) => ({ url: `${bff.url}/api/external`, headers: { cookie: bff.cookie ?? '', 'x-csrf': '1' } });
const labelOf = (bff: Bff) => `BFF on ${bff.store === 'c' ? 'SQLite' : 'Redis'}, ${bff.sessions} stored sessions`;
async function measure(bff: Bff): Promise<Result> {
  const pids = [bff.proc?.pid ?? 0];
  const cpuBefore = cpuMicrosecondsOf(pids);
  const run = await runLoad(targetOf(bff), load);
  const cpuUsPerRequest = Math.round((cpuMicrosecondsOf(pids) - cpuBefore) / Math.max(1, run.requests));
  const { requestsPerSecond, p50, p99, errors, non2xx } = run;
  return { name: nameOf(bff), label: labelOf(bff), requestsPerSecond, p50, p99, errors, non2xx, cpuUsPerRequest };
}
const rounds = new Map<Bff, Result[]>(bffs.map((bff) => [bff, []]));
for (const bff of bffs) await runLoad(targetOf(bff), { ...load, duration: WARMUP });
for (let round = 1; round <= ROUNDS; round += 1) {
  console.log(`Round ${round} of ${ROUNDS}`);
  for (const bff of bffs) {
    const result = await measure(bff).catch(stopAll);
    rounds.get(bff)?.push(result);
    console.log(resultLine(result));
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const redisMemory = (redis?: RedisProcess) =>
  redis ? Number(/used_memory:(\d+)/.exec(spawnSync('redis-cli', ['-p', String(redis.port), 'info', 'memory'], { encoding: 'utf8' }).stdout)?.[1] ?? 0) : 0;
const storeMb = (bff: Bff) => mb(bff.store === 'c' ? statSync(join(dir, bff.storeUrl.slice('sqlite:'.length))).size : redisMemory(bff.sessions === SMALL ? redisSmall : redisLarge));
const summary = [];
console.log(`\nMedian of ${ROUNDS} rounds; the BFF process's live heap after GC at start → after the run (its RSS after the run):`);
for (const bff of bffs) {
  const result = medianOfRounds(nameOf(bff), labelOf(bff), rounds.get(bff) ?? []);
  (bff.proc as ChildProcess).send({ memory: true });
  const after = ((await nextMessage(bff.proc as ChildProcess, 'memory').catch(stopAll)) as { memory: Memory }).memory;
  const memory = { heapMbAtStart: mb(memoryAtStart.get(bff)?.heapUsed ?? 0), heapMbAfterRun: mb(after.heapUsed), rssMbAfterRun: mb(after.rss), storeMb: storeMb(bff) };
  summary.push({ store: bff.store, sessions: bff.sessions, ...result, ...memory });
  console.log(`${resultLine(result)}  heap ${memory.heapMbAtStart} → ${memory.heapMbAfterRun} MB (RSS ${memory.rssMbAfterRun} MB; the store: ${memory.storeMb} MB ${bff.store === 'c' ? 'file' : 'in Redis'})`);
}
const runs: ScaleRun[] = summary.map((s) => ({ store: s.store, sessions: s.sessions, requestsPerSecond: s.requestsPerSecond, p99: s.p99, cpuUsPerRequest: s.cpuUsPerRequest, heapMb: s.heapMbAfterRun }));
const ratios = scaleRatios(runs, SMALL, LARGE);
console.log(`\nRatios ${countName(LARGE)}/${countName(SMALL)} stored sessions (flat: throughput ≥ ${1 - FLAT_TOLERANCE} and heap ≤ ${1 + FLAT_TOLERANCE}):`);
for (const r of ratios) {
  const verdict = r.flat === null ? 'not measured' : r.flat ? 'flat' : 'NOT FLAT';
  console.log(`  ${r.store === 'c' ? 'SQLite' : 'Redis '}  throughput ${r.throughput}  CPU per request ${r.cpuPerRequest}  p99 ${r.p99}  live heap ${r.heap}  → ${verdict}`);
}

mkdirSync('bench-results', { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, duration: DURATION, rounds: ROUNDS, connections: CONNECTIONS, sessions: { small: SMALL, large: LARGE }, cpuPinning: { cpu: pinning.cpu ?? null, description: pinning.description }, results: summary, ratios, runs: Object.fromEntries([...rounds].map(([bff, results]) => [nameOf(bff), results])) };
writeFileSync('bench-results/scale.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('Wrote bench-results/scale.json');

const failed = summary.filter((s) => s.errors > 0 || s.non2xx > 0);
await stopAll(failed.length > 0 ? new Error(`errors in ${failed.map((s) => s.name).join(', ')}: zero errors is part of the result`) : undefined);
