import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuPinning } from '../../scripts/bench/cpu-pinning.js';

describe('BENCH_PIN: every proxy on the same one CPU, or none', () => {
  it('auto with taskset on 2 CPUs → pinned to the last CPU, commands run under taskset -c 1', () => {
    const pinning = cpuPinning('auto', 2, true);
    expect(pinning.cpu).toBe(1);
    expect(pinning.command('/usr/sbin/nginx', ['-c', 'x.conf'])).toEqual(['taskset', ['-c', '1', '/usr/sbin/nginx', '-c', 'x.conf']]);
  });

  it('auto without taskset → nothing pinned, the reason names the package that has it', () => {
    const pinning = cpuPinning('auto', 2, false);
    expect(pinning.cpu).toBeUndefined();
    expect(pinning.description).toMatch(/taskset is not installed: apt-get install -y util-linux/);
    expect(pinning.command('caddy', ['run'])).toEqual(['caddy', ['run']]);
  });

  it('auto on one CPU → nothing pinned (the load generator needs a CPU too)', () => {
    expect(cpuPinning('auto', 1, true).cpu).toBeUndefined();
  });

  it('unset or off → nothing pinned (issue 17\'s conditions), the way to pin named', () => {
    expect(cpuPinning(undefined, 2, true).cpu).toBeUndefined();
    expect(cpuPinning('off', 2, true).description).toBe('no proxy pinned (BENCH_PIN=off; BENCH_PIN=auto pins them all to one CPU)');
  });

  it('a CPU number → pinned there', () => {
    expect(cpuPinning('0', 2, true).cpu).toBe(0);
  });

  it('a CPU that does not exist → an error naming BENCH_PIN and the valid values', () => {
    expect(() => cpuPinning('2', 2, true)).toThrow('BENCH_PIN must be auto, off or a CPU number from 0 to 1, got "2"');
    expect(() => cpuPinning('fast', 2, true)).toThrow(/BENCH_PIN must be auto, off or a CPU number/);
  });

  it.runIf(spawnSync('taskset', ['--version']).status === 0)('a pinned command (taskset installed) → runs on that CPU only', () => {
    const [file, args] = cpuPinning('0', 2, true).command('grep', ['Cpus_allowed_list', '/proc/self/status']);
    expect(spawnSync(file, args, { encoding: 'utf8' }).stdout).toMatch(/Cpus_allowed_list:\s+0\n/);
  });
});
