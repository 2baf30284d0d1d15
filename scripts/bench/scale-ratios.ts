import { ratio } from './peer-targets.js';

/** One BFF of the scale run: its store, how many sessions the store held, what it did and kept. */
export type ScaleRun = {
  store: 'c' | 'd';
  sessions: number;
  requestsPerSecond: number;
  p99: number;
  cpuUsPerRequest: number;
  /** Live heap after GC, after the run, in MB. */
  heapMb: number;
};

export type ScaleRatios = {
  store: 'c' | 'd';
  /** "1M/100". */
  of: string;
  throughput: number | null;
  cpuPerRequest: number | null;
  p99: number | null;
  heap: number | null;
  /** Within FLAT_TOLERANCE on throughput and heap; null when a side is missing. */
  flat: boolean | null;
};

// "Flat": a full store may cost at most this share of throughput or add this share of heap. A
// shared 2-core machine moves single figures by a few per cent between rounds.
export const FLAT_TOLERANCE = 0.1;

/** 1,000,000 → "1M", 100,000 → "100k", 100 → "100". */
export function countName(count: number): string {
  if (count >= 1_000_000 && count % 1_000_000 === 0) return `${count / 1_000_000}M`;
  if (count >= 1000 && count % 1000 === 0) return `${count / 1000}k`;
  return String(count);
}

/** For each store, the large store's figures over the small one's. */
export function scaleRatios(runs: readonly ScaleRun[], small: number, large: number): ScaleRatios[] {
  return (['c', 'd'] as const).flatMap((store) => {
    const at = (sessions: number) => runs.find((run) => run.store === store && run.sessions === sessions);
    const [s, l] = [at(small), at(large)];
    if (!s && !l) return [];
    const throughput = ratio(l?.requestsPerSecond, s?.requestsPerSecond);
    const heap = ratio(l?.heapMb, s?.heapMb);
    return [{
      store,
      of: `${countName(large)}/${countName(small)}`,
      throughput,
      cpuPerRequest: ratio(l?.cpuUsPerRequest, s?.cpuUsPerRequest),
      p99: ratio(l?.p99, s?.p99),
      heap,
      flat: throughput === null || heap === null ? null : throughput >= 1 - FLAT_TOLERANCE && heap <= 1 + FLAT_TOLERANCE,
    }];
  });
}
