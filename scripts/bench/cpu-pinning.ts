import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

// "Each proxy on one core" is, by default, what issue 17 measured and set its targets under: nginx
// runs one worker, Caddy GOMAXPROCS=1, the BFF one Node process, none pinned. Their helper threads
// (V8's garbage collector, libuv's pool, Go's idle and syscall threads) may then run on the other
// core, but nothing they do is free: CPU per request counts every thread (process-cpu.ts).
// BENCH_PIN pins every proxy process (nginx's master and worker, Caddy, the Node process of the
// BFFs and the bare hops) to the same one CPU with taskset instead, for a strict one-core check.
// The load generator, the API and Redis are never pinned: they are the same for every hop. On the
// 2-core development machine pinning moved the hops unequally (two short runs each way): Caddy's
// CPU per request fell 18–27 %, the BFF's on SQLite rose 8–22 %, the BFF's on Redis and nginx's
// moved under 5 %; so it stays a choice, not the default.

export type CpuPinning = Readonly<{
  /** The CPU every proxy runs on, or undefined: none is pinned. */
  cpu: number | undefined;
  /** One line for the report: what was chosen and why. */
  description: string;
  /** `command args…`, started under `taskset -c <cpu>` when pinned (taskset execs it: same pid). */
  command(file: string, args: readonly string[]): [string, string[]];
}>;

/**
 * BENCH_PIN: `off` (default) pins nothing; `auto` pins to the last CPU when taskset exists and there
 * are at least two CPUs (one is left to the load generator and the API); a number pins to that CPU.
 */
export function cpuPinning(setting = 'off', cpus = availableParallelism(), hasTaskset = tasksetInstalled()): CpuPinning {
  const pinned = (cpu: number, why: string): CpuPinning =>
    Object.freeze({ cpu, description: `every proxy process pinned to CPU ${cpu} (${why})`, command: (file, args) => ['taskset', ['-c', String(cpu), file, ...args]] });
  const unpinned = (why: string): CpuPinning => Object.freeze({ cpu: undefined, description: `no proxy pinned (${why})`, command: (file, args) => [file, [...args]] });

  const value = setting.trim().toLowerCase();
  if (value === 'off' || value === '') return unpinned('BENCH_PIN=off; BENCH_PIN=auto pins them all to one CPU');
  if (value === 'auto') {
    if (!hasTaskset) return unpinned('taskset is not installed: apt-get install -y util-linux');
    if (cpus < 2) return unpinned('one CPU only');
    return pinned(cpus - 1, 'BENCH_PIN=auto');
  }
  const cpu = Number(value);
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= cpus) {
    throw new Error(`BENCH_PIN must be auto, off or a CPU number from 0 to ${cpus - 1}, got "${setting}"`);
  }
  if (!hasTaskset) throw new Error(`BENCH_PIN=${cpu} needs taskset (apt-get install -y util-linux), or use BENCH_PIN=off`);
  return pinned(cpu, `BENCH_PIN=${cpu}`);
}

function tasksetInstalled(): boolean {
  return spawnSync('taskset', ['--version']).status === 0;
}
