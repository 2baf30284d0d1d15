import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

// "Each proxy on one core" holds for nginx (one worker) and for Caddy's Go code (GOMAXPROCS=1),
// but not for their helper threads, nor for Node's: V8 collects garbage and libuv runs its pool on
// other threads, which on an unpinned process use the second core for free. Pinning every proxy
// process (nginx master and worker, Caddy, the Node process of the BFFs and the bare hops) to the
// same one CPU with taskset makes "one core" true for all of them alike. The load generator, the
// API and Redis stay unpinned: they are the same for every hop.

export type CpuPinning = Readonly<{
  /** The CPU every proxy runs on, or undefined: none is pinned. */
  cpu: number | undefined;
  /** One line for the report: what was chosen and why. */
  description: string;
  /** `command args…`, started under `taskset -c <cpu>` when pinned (taskset execs it: same pid). */
  command(file: string, args: readonly string[]): [string, string[]];
}>;

/**
 * BENCH_PIN: `auto` (default) pins to the last CPU when taskset exists and there are at least two
 * CPUs (one is left to the load generator and the API); `off` pins nothing; a number pins to that CPU.
 */
export function cpuPinning(setting = 'auto', cpus = availableParallelism(), hasTaskset = tasksetInstalled()): CpuPinning {
  const pinned = (cpu: number, why: string): CpuPinning =>
    Object.freeze({ cpu, description: `every proxy process pinned to CPU ${cpu} (${why})`, command: (file, args) => ['taskset', ['-c', String(cpu), file, ...args]] });
  const unpinned = (why: string): CpuPinning => Object.freeze({ cpu: undefined, description: `no proxy pinned (${why})`, command: (file, args) => [file, [...args]] });

  const value = setting.trim().toLowerCase();
  if (value === 'off') return unpinned('BENCH_PIN=off');
  if (value === 'auto' || value === '') {
    if (!hasTaskset) return unpinned('taskset is not installed: apt-get install -y util-linux');
    if (cpus < 2) return unpinned('one CPU only');
    return pinned(cpus - 1, 'BENCH_PIN=auto; BENCH_PIN=off to let them float');
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
