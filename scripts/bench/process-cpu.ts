import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Every server in the bench (the Node processes, nginx, Caddy) is priced the same way: the CPU
// time the kernel charged to its processes, read from /proc/<pid>/stat before and after a load.
// That counts every thread of a process (Node's GC and libuv helpers, Go's runtime threads), which
// process.cpuUsage() also does for Node but nothing inside nginx or Caddy could report alike.

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * User + system CPU time in /proc/<pid>/stat, in microseconds. Fields 14 and 15 (utime, stime)
 * count after the command name, which is in parentheses and may itself hold spaces or ')':
 * counting starts after its last ')'.
 */
export function cpuMicrosecondsFromStat(stat: string, ticksPerSecond = TICKS_PER_SECOND): number {
  const end = stat.lastIndexOf(')');
  if (end < 0) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  // After ") ": state(3) ppid(4) … utime(14) stime(15): the 12th and 13th fields from here.
  const fields = stat.slice(end + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no utime/stime in /proc/<pid>/stat: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1_000_000) / ticksPerSecond;
}

/** CPU time of these processes together (nginx: master and worker), in microseconds. */
export function cpuMicrosecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + cpuMicrosecondsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')), 0);
}

/** The live child processes of `pid` (nginx's workers under its master). */
export function childPidsOf(pid: number): number[] {
  const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  return listed.split(/\s+/).filter(Boolean).map(Number);
}
