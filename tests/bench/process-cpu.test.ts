import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childPidsOf, cpuMicrosecondsFromStat, cpuMicrosecondsOf } from '../../scripts/bench/process-cpu.js';

// The bench prices nginx, Caddy and the Node servers alike from /proc/<pid>/stat.

const stat = (comm: string, utime: number, stime: number) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 2000 0 0 0 ${utime} ${stime} 7 3 20 0 1 0 1234 5000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;

describe('CPU time from /proc/<pid>/stat', () => {
  it('utime 150 and stime 50 ticks at 100 per second → 2,000,000 µs', () => {
    expect(cpuMicrosecondsFromStat(stat('nginx', 150, 50), 100)).toBe(2_000_000);
  });

  it('a command name with spaces and ")" (a thread named by the program) → the fields after its last ")"', () => {
    expect(cpuMicrosecondsFromStat(stat('Web Content) S 9 9', 3, 1), 100)).toBe(40_000);
  });

  it('the children\'s times (cutime, cstime: fields 16 and 17) → not counted', () => {
    expect(cpuMicrosecondsFromStat(stat('caddy', 0, 0), 100)).toBe(0);
  });

  it('a line that is not a stat line → an error quoting it', () => {
    expect(() => cpuMicrosecondsFromStat('no parenthesis here')).toThrow(/not a \/proc\/<pid>\/stat line: no parenthesis here/);
  });

  it('this process after 300 ms of work → what process.cpuUsage() counts, to a few clock ticks', () => {
    const before = { proc: cpuMicrosecondsOf([process.pid]), own: process.cpuUsage() };
    const until = Date.now() + 300;
    while (Date.now() < until) Math.sqrt(Math.random());
    const fromProc = cpuMicrosecondsOf([process.pid]) - before.proc;
    const own = process.cpuUsage(before.own);
    expect(Math.abs(fromProc - (own.user + own.system))).toBeLessThan(50_000);
  });

  it('a child process started here → listed among this process\'s children', async () => {
    const child = spawn('sleep', ['5']);
    await new Promise((resolve) => child.once('spawn', resolve));
    try {
      expect(childPidsOf(process.pid)).toContain(child.pid);
      expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toContain('(sleep)');
    } finally {
      child.kill();
    }
  });
});
