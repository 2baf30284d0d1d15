import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuPinning } from './cpu-pinning.js';
import { findBinary, startPeerProcess, type PeerHop } from './peer-hop.js';

/**
 * Caddy as a bare reverse-proxy hop (what `reverse_proxy <api>` in a Caddyfile makes, in its native
 * JSON): plain http on a loopback port, no admin endpoint, no automatic HTTPS, no config saved, no
 * access log (Caddy's default), and as many kept-alive connections to the API as nginx keeps (64).
 */
export function caddyHopConfig(options: { port: number; upstream: string }): Record<string, unknown> {
  return {
    admin: { disabled: true, config: { persist: false } },
    logging: { logs: { default: { level: 'WARN' } } },
    apps: {
      http: {
        servers: {
          hop: {
            listen: [`127.0.0.1:${options.port}`],
            automatic_https: { disable: true },
            routes: [{
              handle: [{
                handler: 'reverse_proxy',
                upstreams: [{ dial: options.upstream }],
                transport: { protocol: 'http', keep_alive: { enabled: true, max_idle_conns_per_host: 64, idle_timeout: '60s' } },
              }],
            }],
          },
        },
      },
    },
  };
}

const CADDY_CANDIDATES = ['/usr/bin/caddy', 'caddy'];

/** Caddy on `port` with GOMAXPROCS=1 (one core for its Go code), proxying to the API; or why not. */
export async function startCaddyHop(options: { dir: string; port: number; api: string; pinning: CpuPinning; candidates?: readonly string[] }): Promise<PeerHop | string> {
  const binary = findBinary(options.candidates ?? CADDY_CANDIDATES, 'version');
  if (!binary) return 'caddy is not installed (apt-get install -y caddy)';
  mkdirSync(options.dir, { recursive: true });
  const config = join(options.dir, 'caddy.json');
  writeFileSync(config, JSON.stringify(caddyHopConfig({ port: options.port, upstream: new URL(options.api).host }), null, 2));
  return startPeerProcess({
    name: 'caddy',
    binary,
    args: ['run', '--config', config],
    // Its data and config homes (certificates, autosave) in the temp dir, never the user's.
    env: { ...process.env, GOMAXPROCS: '1', XDG_DATA_HOME: join(options.dir, 'data'), XDG_CONFIG_HOME: join(options.dir, 'config'), HOME: options.dir },
    url: `http://127.0.0.1:${options.port}`,
    pinning: options.pinning,
    stopSignal: 'SIGTERM',
  });
}
