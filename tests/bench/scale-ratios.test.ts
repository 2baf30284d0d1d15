import { describe, expect, it } from 'vitest';
import { countName, scaleRatios, type ScaleRun } from '../../scripts/bench/scale-ratios.js';

const run = (store: 'c' | 'd', sessions: number, requestsPerSecond: number, heapMb: number): ScaleRun => ({ store, sessions, requestsPerSecond, heapMb, p99: 10, cpuUsPerRequest: 100 });

describe('scale: 1,000,000 stored sessions against 100', () => {
  it('counts → short names for the table', () => {
    expect([1_000_000, 100_000, 20_000, 100, 1234].map(countName)).toEqual(['1M', '100k', '20k', '100', '1234']);
  });

  it('throughput 0.95 and the same heap → flat', () => {
    expect(scaleRatios([run('c', 100, 6000, 25), run('c', 1_000_000, 5700, 25.5)], 100, 1_000_000)).toEqual([
      { store: 'c', of: '1M/100', throughput: 0.95, cpuPerRequest: 1, p99: 1, heap: 1.02, flat: true },
    ]);
  });

  it('throughput 0.8 at a million → not flat', () => {
    expect(scaleRatios([run('d', 100, 6000, 25), run('d', 1_000_000, 4800, 25)], 100, 1_000_000)[0]?.flat).toBe(false);
  });

  it('the heap grown by a fifth → not flat', () => {
    expect(scaleRatios([run('c', 100, 6000, 25), run('c', 1_000_000, 6000, 30)], 100, 1_000_000)[0]?.flat).toBe(false);
  });

  it('no Redis (d skipped) → only the SQLite line', () => {
    expect(scaleRatios([run('c', 100, 6000, 25), run('c', 1_000_000, 6000, 25)], 100, 1_000_000).map((r) => r.store)).toEqual(['c']);
  });
});
