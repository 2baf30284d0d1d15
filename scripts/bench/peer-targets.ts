import type { Result } from './load.js';

// Issue 17: the BFF against what users would deploy instead (nginx, Caddy), each on one core.
// BFF on SQLite / Caddy ≥ 1.0 in throughput and ≤ 1.0 in CPU per request; BFF on Redis / Caddy
// ≥ 0.9 in throughput; zero errors; p99 ≤ Caddy's p99 × 1.2.

export type TargetCheck = Readonly<{
  name: string;
  value: number | null;
  /** "≥ 1.0", "≤ 1.2", "= 0". */
  target: string;
  /** null: not measured in this run (a scenario skipped). */
  met: boolean | null;
}>;

const BFFS = ['c', 'd'] as const;
const PEERS = ['caddy', 'nginx'] as const;

export const ratio = (x?: number, y?: number) => (x && y ? Math.round((x / y) * 100) / 100 : null);

/** BFF/peer ratios for throughput, CPU per request of the proxy process, and p99; null when either side did not run. */
export function peerRatios(results: readonly Result[]): Record<string, number | null> {
  const by = (name: string) => results.find((r) => r.name === name);
  const ratios: Record<string, number | null> = {};
  for (const peer of PEERS) {
    for (const bff of BFFS) {
      ratios[`${bff}/${peer} throughput`] = ratio(by(bff)?.requestsPerSecond, by(peer)?.requestsPerSecond);
      ratios[`${bff}/${peer} CPU per request`] = ratio(by(bff)?.cpuUsPerRequest, by(peer)?.cpuUsPerRequest);
      ratios[`${bff}/${peer} p99`] = ratio(by(bff)?.p99, by(peer)?.p99);
    }
  }
  return ratios;
}

/** Issue 17's targets, each with its value in this run and whether it is met. */
export function peerTargets(results: readonly Result[]): TargetCheck[] {
  const ratios = peerRatios(results);
  const atLeast = (name: string, bound: number): TargetCheck => check(name, ratios[name] ?? null, `≥ ${bound.toFixed(1)}`, (v) => v >= bound);
  const atMost = (name: string, bound: number): TargetCheck => check(name, ratios[name] ?? null, `≤ ${bound.toFixed(1)}`, (v) => v <= bound);
  const failed = results.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  return [
    atLeast('c/caddy throughput', 1.0),
    atMost('c/caddy CPU per request', 1.0),
    atLeast('d/caddy throughput', 0.9),
    atMost('c/caddy p99', 1.2),
    atMost('d/caddy p99', 1.2),
    check('errors and non-2xx, all scenarios', results.length > 0 ? failed : null, '= 0', (v) => v === 0),
  ];
}

function check(name: string, value: number | null, target: string, passes: (value: number) => boolean): TargetCheck {
  return Object.freeze({ name, value, target, met: value === null ? null : passes(value) });
}

export const targetLine = (t: TargetCheck) =>
  `  ${t.name.padEnd(36)} ${String(t.value ?? '—').padStart(6)}  target ${t.target.padEnd(6)} ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT MET'}`;
