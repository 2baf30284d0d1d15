import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaddyHop } from '../../scripts/bench/caddy-hop.js';
import { cpuPinning } from '../../scripts/bench/cpu-pinning.js';
import { startNginxHop } from '../../scripts/bench/nginx-hop.js';
import { findBinary, type PeerHop } from '../../scripts/bench/peer-hop.js';
import { cpuMicrosecondsOf } from '../../scripts/bench/process-cpu.js';
import { listen, type Listening } from '../helpers/listen.js';
import { freePort } from '../helpers/redis-process.js';

// The peers of `npm run bench`, for real: Debian's nginx and Caddy as bare hops in front of an API.

function installed(candidates: string[], versionFlag: string, aptPackage: string): boolean {
  const found = findBinary(candidates, versionFlag) !== undefined;
  const name = candidates.at(-1);
  if (!found && process.env.CI === 'true') throw new Error(`${name} is not installed, and CI=true requires the bench's peer tests to run (apt-get install -y ${aptPackage})`);
  if (!found) console.warn(`Skipping the ${name} hop tests: ${name} is not installed (apt-get install -y ${aptPackage}).`);
  return found;
}
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const peers = [
  { name: 'nginx', start: startNginxHop, available: installed(['/usr/sbin/nginx', 'nginx'], '-v', 'nginx-light'), processes: 2 },
  { name: 'caddy', start: startCaddyHop, available: installed(['/usr/bin/caddy', 'caddy'], 'version', 'caddy'), processes: 1 },
];

for (const peer of peers) {
  describe.runIf(peer.available)(`${peer.name} as a bench hop`, () => {
    let api: Listening;
    const seen: { authorization?: string; port: number }[] = [];
    let hop: PeerHop;
    let dir: string;
    // Pinned when taskset exists, as `npm run bench` does by default.
    const pinning = cpuPinning(hasTaskset ? '0' : 'off', 2, hasTaskset);

    beforeAll(async () => {
      api = await listen((req, res) => {
        seen.push({ authorization: req.headers.authorization, port: req.socket.remotePort ?? 0 });
        res.writeHead(req.headers.authorization ? 200 : 401, { 'content-type': 'application/json' }).end('{"message":"ok"}');
      });
      dir = mkdtempSync(join(tmpdir(), `bench-${peer.name}-`));
      const started = await peer.start({ dir, port: await freePort(), api: api.url, pinning });
      if (typeof started === 'string') throw new Error(started);
      hop = started;
    });
    afterAll(async () => {
      await hop?.stop();
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a request with a bearer token → reaches the API with it, and the API\'s answer comes back', async () => {
      const response = await fetch(`${hop.url}/api/external`, { headers: { authorization: 'Bearer the-token' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ message: 'ok' });
      expect(seen.at(-1)?.authorization).toBe('Bearer the-token');
    });

    it('50 requests → one kept-alive connection to the API, as the BFF keeps', async () => {
      const before = seen.length;
      for (let i = 0; i < 50; i += 1) await (await fetch(`${hop.url}/api/external`, { headers: { authorization: 'Bearer t' } })).text();
      expect(new Set(seen.slice(before).map((s) => s.port)).size).toBe(1);
    });

    it('1,100 requests on one client connection → all on it (nginx closes after 1,000 by default; Node and Caddy never)', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const sockets = new Set<number>();
      for (let i = 0; i < 1100; i += 1) {
        await new Promise<void>((resolve, reject) => {
          http.get(`${hop.url}/api/external`, { agent, headers: { authorization: 'Bearer t' } }, (res) => {
            sockets.add(res.socket.localPort ?? 0);
            res.resume().on('end', resolve);
          }).on('error', reject);
        });
      }
      agent.destroy();
      expect(sockets.size).toBe(1);
    });

    it(`its processes (${peer.processes}) → found, and their CPU time read from /proc`, () => {
      expect(hop.pids()).toHaveLength(peer.processes);
      expect(cpuMicrosecondsOf(hop.pids())).toBeGreaterThan(0);
    });

    it.runIf(hasTaskset)('pinned → every thread of every process of it on that one CPU', () => {
      const threads = hop.pids().flatMap((pid) =>
        spawnSync('sh', ['-c', `cat /proc/${pid}/task/*/status`], { encoding: 'utf8' }).stdout.match(/Cpus_allowed_list:\s*\S+/g) ?? []);
      expect(threads.length).toBeGreaterThanOrEqual(peer.processes);
      expect(new Set(threads.map((line) => line.split(/\s+/)[1]))).toEqual(new Set(['0']));
    });

    if (peer.name === 'caddy') {
      it('Caddy → GOMAXPROCS=1 in its environment (its Go code on one core)', () => {
        const environ = readFileSync(`/proc/${hop.pids()[0]}/environ`, 'utf8').split('\0');
        expect(environ).toContain('GOMAXPROCS=1');
      });
    }
  });
}

describe('a peer that is not installed', () => {
  it.each([
    ['nginx', startNginxHop, 'nginx is not installed (apt-get install -y nginx-light)'],
    ['caddy', startCaddyHop, 'caddy is not installed (apt-get install -y caddy)'],
  ])('%s missing → the reason to print, naming the package; nothing started', async (_name, start, reason) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-missing-'));
    try {
      expect(await start({ dir, port: await freePort(), api: 'http://127.0.0.1:9', pinning: cpuPinning('off'), candidates: ['/nonexistent/bin'] })).toBe(reason);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
