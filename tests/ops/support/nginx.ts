import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { waitFor } from './wait.js';

// deploy/nginx.conf run for real with Debian's nginx (nginx-light), as the current user.

const NGINX = ['/usr/sbin/nginx', 'nginx'].find((candidate) => spawnSync(candidate, ['-v']).status === 0);

/** nginx on this machine, or a printed reason why not. With CI=true a missing nginx fails the run. */
export function nginxAvailable(): boolean {
  if (!NGINX && process.env.CI === 'true') throw new Error('nginx is not installed, and CI=true requires the edge tests to run (apt-get install -y nginx-light)');
  if (!NGINX) console.warn('Skipping the edge tests: nginx is not installed (apt-get install -y nginx-light).');
  return NGINX !== undefined;
}

/** `describe` that skips, with the printed reason, where no nginx exists. */
export const describeWithNginx = (nginxAvailable() ? describe : describe.skip) as typeof describe;

/**
 * The shipped edge config for a run on the host, changed only where the host differs from the
 * compose network: it listens on a loopback port, and its `server bff:PORT resolve …` line
 * (Docker's DNS; `resolve` needs nginx >= 1.27.3, bookworm has 1.22) becomes one line per BFF
 * port, every parameter after `resolve` (max_fails, fail_timeout…) kept as shipped. Everything
 * else (timeouts, retries, headers, keepalive, the resolver and zone lines) is the file itself.
 */
export function adaptEdgeConfig(shipped: string, options: { listenPort: number; upstreamPorts: number[] }): string {
  const once = (text: string, pattern: RegExp, replace: (...groups: string[]) => string) => {
    const found = text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
    if (found !== 1) throw new Error(`deploy/nginx.conf: expected one line matching ${pattern}, found ${found}: adapt tests/ops/support/nginx.ts`);
    return text.replace(new RegExp(pattern.source, 'm'), (_all, ...groups: string[]) => replace(...groups));
  };
  const listening = once(shipped, /^(\s*)listen\s+8080\s*;/, (indent = '') => `${indent}listen 127.0.0.1:${options.listenPort};`);
  return once(listening, /^(\s*)server\s+bff:\d+\s+resolve\b([^;]*);/, (indent = '', parameters = '') =>
    options.upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port}${parameters};`).join('\n'));
}

export type Edge = {
  url: string;
  /** Access log lines: status, upstream addresses (comma-separated when retried), upstream statuses, seconds. */
  accessLog(): Array<{ status: number; upstreams: string[]; upstreamStatus: string; seconds: number; uri: string }>;
  errorLog(): string;
  stop(): Promise<void>;
};

/** nginx in the foreground, its prefix, pid, logs and temp files in `dir`, serving `serverConfig` in its http block. */
export async function startEdge(dir: string, serverConfig: string, port: number): Promise<Edge> {
  if (!NGINX) throw new Error('nginx is not installed');
  const version = spawnSync(NGINX, ['-V'], { encoding: 'utf8' }).stderr;
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub), { recursive: true });
  // Debian's build has absolute temp paths under /var/lib/nginx: each module's own, in the prefix.
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .filter((module) => module === 'client_body' || !version.includes(`--without-http_${module}_module`))
    .map((module) => `    ${module}_temp_path ${join(dir, 'temp', module)};`);
  writeFileSync(join(dir, 'edge.conf'), serverConfig);
  writeFileSync(join(dir, 'nginx.conf'), [
    // As root (a CI container) the workers would become `nobody`, who cannot enter this private
    // temporary directory: they run as the current user, as they do for anyone else.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs', 'error.log')} warn;`,
    'worker_processes 1;',
    'events { worker_connections 512; }',
    'http {',
    ...temps,
    "    log_format edge '$status|$upstream_addr|$upstream_status|$request_time|$request_uri';",
    `    access_log ${join(dir, 'logs', 'access.log')} edge;`,
    // As in the image's nginx.conf (nginxinc/nginx-unprivileged).
    '    keepalive_timeout 65;',
    `    include ${join(dir, 'edge.conf')};`,
    '}',
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs', 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const read = (file: string) => (existsSync(join(dir, 'logs', file)) ? readFileSync(join(dir, 'logs', file), 'utf8') : '');
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}${read('error.log')}`);
    return fetch(`${url}/edge-healthz`).then((response) => response.ok, () => false);
  }, 10_000, 'nginx to answer /edge-healthz');
  return {
    url,
    accessLog: () =>
      read('access.log').split('\n').filter(Boolean).map((line) => {
        const [status = '', upstreams = '', upstreamStatus = '', seconds = '', uri = ''] = line.split('|');
        return { status: Number(status), upstreams: upstreams.split(/,\s*/).filter((address) => address !== '-'), upstreamStatus, seconds: Number(seconds), uri };
      }),
    errorLog: () => read('error.log'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    },
  };
}
