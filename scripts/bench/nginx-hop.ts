import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuPinning } from './cpu-pinning.js';
import { childPidsOf } from './process-cpu.js';
import { findBinary, startPeerProcess, type PeerHop } from './peer-hop.js';

export type NginxHopConfig = {
  /** The prefix: pid, error log and temp files live here. */
  dir: string;
  port: number;
  /** host:port of the API. */
  upstream: string;
  /** As root, the workers would become `nobody`, who cannot enter a private temp dir: they stay root. */
  asRoot: boolean;
  /** The modules whose temp path must move out of Debian's /var/lib/nginx (client_body, proxy…). */
  tempModules: readonly string[];
};

/**
 * nginx as a bare reverse-proxy hop, as a user would put it in front of an API: one worker,
 * HTTP/1.1 with kept-alive connections to the API, no access log (no hop in the bench logs a
 * request: the BFF runs with a silent logger, Caddy logs none by default), and no limit on requests
 * per client connection (nginx closes a connection after 1000 by default, Node and Caddy never).
 */
export function nginxHopConfig(config: NginxHopConfig): string {
  return [
    ...(config.asRoot ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${join(config.dir, 'nginx.pid')};`,
    `error_log ${join(config.dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    ...config.tempModules.map((module) => `    ${module}_temp_path ${join(config.dir, 'temp', module)};`),
    '    access_log off;',
    '    keepalive_timeout 65;',
    '    keepalive_requests 1000000;',
    '    upstream api {',
    `        server ${config.upstream};`,
    '        keepalive 64;',
    '        keepalive_requests 1000000;',
    '    }',
    '    server {',
    `        listen 127.0.0.1:${config.port};`,
    '        location / {',
    '            proxy_pass http://api;',
    // Kept-alive upstream connections need HTTP/1.1 and no "Connection: close" from nginx.
    '            proxy_http_version 1.1;',
    '            proxy_set_header Connection "";',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

const NGINX_CANDIDATES = ['/usr/sbin/nginx', 'nginx'];

/** nginx in the foreground on `port`, proxying to the API; or why not (not installed). */
export async function startNginxHop(options: { dir: string; port: number; api: string; pinning: CpuPinning; candidates?: readonly string[] }): Promise<PeerHop | string> {
  const binary = findBinary(options.candidates ?? NGINX_CANDIDATES, '-v');
  if (!binary) return 'nginx is not installed (apt-get install -y nginx-light)';
  // Debian's build names absolute temp paths under /var/lib/nginx, one per module it has.
  const version = spawnSync(binary, ['-V'], { encoding: 'utf8' }).stderr;
  const tempModules = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].filter((module) => module === 'client_body' || !version.includes(`--without-http_${module}_module`));
  mkdirSync(join(options.dir, 'temp'), { recursive: true });
  const conf = join(options.dir, 'nginx.conf');
  writeFileSync(conf, nginxHopConfig({ dir: options.dir, port: options.port, upstream: new URL(options.api).host, asRoot: process.getuid?.() === 0, tempModules }));
  const errorLog = join(options.dir, 'error.log');
  return startPeerProcess({
    name: 'nginx',
    binary,
    // -e: where nginx logs before it has read the config.
    args: ['-p', options.dir, '-c', conf, '-e', errorLog, '-g', 'daemon off;'],
    url: `http://127.0.0.1:${options.port}`,
    pinning: options.pinning,
    errorLog,
    children: childPidsOf,
    stopSignal: 'SIGQUIT',
  });
}
