import { describe, expect, it } from 'vitest';
import { median, medianOfRounds, percentile, type Result } from '../../scripts/bench/load.js';

const round = (over: Partial<Result>): Result => ({ name: 'c', label: 'BFF', requestsPerSecond: 0, p50: 0, p99: 0, errors: 0, non2xx: 0, cpuUsPerRequest: 0, ...over });

describe('the figures of a bench run', () => {
  it('p99 of 1..200 ms → 198 (nearest rank), kept to the µs', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => 200 - i + 0.123);
    expect(percentile(latencies, 99)).toBe(198.123);
    expect(percentile(latencies, 50)).toBe(100.123);
  });

  it('no latencies (nothing answered 2xx) → 0, not NaN', () => {
    expect(percentile([], 99)).toBe(0);
  });

  it('median of an even count → the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('three rounds → the median of each measure, errors of all rounds summed', () => {
    const rounds = [round({ requestsPerSecond: 900, p99: 9.5, errors: 1 }), round({ requestsPerSecond: 1000, p99: 8.25, non2xx: 2 }), round({ requestsPerSecond: 1100, p99: 7 })];
    expect(medianOfRounds('c', 'BFF', rounds)).toMatchObject({ requestsPerSecond: 1000, p99: 8.25, errors: 1, non2xx: 2 });
  });
});
