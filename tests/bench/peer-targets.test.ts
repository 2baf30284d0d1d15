import { describe, expect, it } from 'vitest';
import type { Result } from '../../scripts/bench/load.js';
import { peerRatios, peerTargets } from '../../scripts/bench/peer-targets.js';

const result = (name: string, requestsPerSecond: number, cpuUsPerRequest: number, p99: number, errors = 0): Result =>
  ({ name, label: name, requestsPerSecond, p50: p99 / 2, p99, errors, non2xx: 0, cpuUsPerRequest });
const caddy = result('caddy', 6000, 100, 10);
const nginx = result('nginx', 8000, 35, 8);
const metOf = (results: Result[]) => Object.fromEntries(peerTargets(results).map((t) => [t.name, t.met]));

describe('issue 17: the BFF against nginx and Caddy', () => {
  it('BFF/peer ratios → throughput, CPU per request of the proxy process and p99, for both stores and both peers', () => {
    const ratios = peerRatios([nginx, caddy, result('c', 6600, 90, 11), result('d', 5700, 95, 12)]);
    expect(ratios).toMatchObject({
      'c/caddy throughput': 1.1, 'c/caddy CPU per request': 0.9, 'c/caddy p99': 1.1,
      'd/caddy throughput': 0.95, 'd/caddy CPU per request': 0.95, 'd/caddy p99': 1.2,
      'c/nginx throughput': 0.83, 'c/nginx CPU per request': 2.57, 'c/nginx p99': 1.38,
    });
  });

  it('SQLite at Caddy\'s throughput and CPU, Redis at 0.9, p99 at Caddy\'s × 1.2, no error → every target met', () => {
    const met = metOf([caddy, result('c', 6000, 100, 12), result('d', 5400, 120, 12)]);
    expect(met).toEqual({
      'c/caddy throughput': true, 'c/caddy CPU per request': true, 'd/caddy throughput': true,
      'c/caddy p99': true, 'd/caddy p99': true, 'errors and non-2xx, all scenarios': true,
    });
  });

  it('SQLite 1 % below Caddy, or 1 % more CPU per request → not met', () => {
    const met = metOf([caddy, result('c', 5900, 102, 10)]);
    expect(met['c/caddy throughput']).toBe(false);
    expect(met['c/caddy CPU per request']).toBe(false);
  });

  it('Redis at 0.85 of Caddy\'s throughput → not met', () => {
    expect(metOf([caddy, result('d', 5100, 90, 10)])['d/caddy throughput']).toBe(false);
  });

  it('p99 at 1.3 × Caddy\'s → not met', () => {
    expect(metOf([caddy, result('c', 7000, 80, 13)])['c/caddy p99']).toBe(false);
  });

  it('one failed request in a peer\'s scenario → "zero errors" not met', () => {
    expect(metOf([result('caddy', 6000, 100, 10, 1), result('c', 7000, 80, 9)])['errors and non-2xx, all scenarios']).toBe(false);
  });

  it('Caddy not installed (its scenario skipped) → its ratios null, its targets "not measured", never met', () => {
    const results = [nginx, result('c', 7000, 80, 9)];
    expect(peerRatios(results)['c/caddy throughput']).toBeNull();
    expect(peerTargets(results).filter((t) => t.name.includes('caddy')).map((t) => t.met)).toEqual([null, null, null, null, null]);
  });
});
