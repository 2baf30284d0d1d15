import autocannon from 'autocannon';

export type Target = { url: string; headers: Record<string, string> };
export type LoadOptions = { connections: number; duration: number; rate?: number };

/** One load on one scenario: what it served, how fast, and what its server spent. */
export type Result = {
  name: string;
  label: string;
  requestsPerSecond: number;
  /** Latency percentiles in ms, to the µs (autocannon's own histogram keeps whole ms only). */
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpuUsPerRequest: number;
};

export type Measured = Omit<Result, 'name' | 'label' | 'cpuUsPerRequest'> & { requests: number };

/** Nearest-rank percentile of `values` (need not be sorted). */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The figure of several rounds: the median of each measure, errors summed. */
export function medianOfRounds(name: string, label: string, runs: readonly Result[]): Result {
  const of = (field: 'requestsPerSecond' | 'p50' | 'p99' | 'cpuUsPerRequest') => median(runs.map((r) => r[field]));
  return {
    name,
    label,
    requestsPerSecond: Math.round(of('requestsPerSecond')),
    p50: round2(of('p50')),
    p99: round2(of('p99')),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuUsPerRequest: Math.round(of('cpuUsPerRequest')),
  };
}

/**
 * Loads `target` with autocannon. Latencies of the 2xx answers (those autocannon's histogram
 * records) are kept to the µs here: at a p99 of a few ms, whole milliseconds would move a p99
 * ratio in steps of 10–30 %.
 */
export function runLoad(target: Target, options: LoadOptions): Promise<Measured> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, headers: target.headers, connections: options.connections, duration: options.duration, ...(options.rate ? { overallRate: options.rate } : {}) },
      (error: unknown, run: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          requestsPerSecond: Math.round(run.requests.average),
          p50: round2(percentile(latencies, 50)),
          p99: round2(percentile(latencies, 99)),
          errors: run.errors + run.timeouts,
          non2xx: run.non2xx,
          requests: run.requests.total,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

export const resultLine = (r: Result) =>
  `  ${r.name.padEnd(6)} ${r.label.padEnd(46)} ${String(r.requestsPerSecond).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}  non-2xx ${r.non2xx}  CPU ${r.cpuUsPerRequest} µs/req`;
