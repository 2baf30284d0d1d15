import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { waitFor } from './support/wait.js';

// bff/src/server.ts as a process: JSON logs on stdout, metrics on their own port, SIGTERM ends it cleanly.

const SERVER = fileURLToPath(new URL('../../bff/src/server.ts', import.meta.url));
const BASE_ENV = { CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, SESSION_STORE_URL: 'memory:', PORT: '0', NODE_ENV: 'test' };
type ServerProcess = { child: ChildProcessByStdio<null, Readable, Readable>; exited: Promise<number | null>; output(): { stdout: string; stderr: string } };
const running: ServerProcess[] = [];

function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH ?? '', ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const server = { child, exited, output: () => ({ stdout, stderr }) };
  running.push(server);
  return server;
}

/** The port a "… port N …" log line reports. */
async function portFrom(server: ServerProcess, pattern: RegExp): Promise<number> {
  await waitFor(() => pattern.test(server.output().stdout), 20_000, `a line matching ${pattern}`);
  return Number(pattern.exec(server.output().stdout)?.[1]);
}

afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
});

it('SIGTERM → logs the shutdown as JSON and exits 0', async () => {
  const server = startServer({});
  await portFrom(server, /BFF listening on port (\d+)/);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  const lines = server.output().stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; service: string });
  expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight requests', 'stopped']));
  expect(lines.every((line) => line.service === 'bff')).toBe(true);
});

it('METRICS_PORT set → Prometheus text on that port, nothing on the app port', async () => {
  const server = startServer({ METRICS_PORT: '0' });
  const appPort = await portFrom(server, /BFF listening on port (\d+)/);
  const metricsPort = await portFrom(server, /metrics on port (\d+)/);
  const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(scrape.status).toBe(200);
  expect(await scrape.text()).toContain('bff_http_requests_total');
  const onApp = await fetch(`http://127.0.0.1:${appPort}/metrics`, { headers: { accept: 'application/json' } });
  expect(onApp.status).toBe(404);
});

it('LOG_LEVEL=loud → exit code 1, the error names LOG_LEVEL and its choices', async () => {
  const server = startServer({ LOG_LEVEL: 'loud' });
  expect(await server.exited).toBe(1);
  expect(server.output().stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
});

it('LOG_FORMAT=pretty (development) → human-readable lines instead of JSON', async () => {
  const server = startServer({ LOG_FORMAT: 'pretty' });
  await portFrom(server, /BFF listening on port (\d+)/);
  const first = server.output().stdout.split('\n')[0] ?? '';
  expect(first).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: BFF listening on port \d+/);
});
