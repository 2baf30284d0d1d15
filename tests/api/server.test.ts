import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// server.ts as a process: refuses a bad configuration with exit code 1, prints its URL, and
// shuts down cleanly on SIGTERM.

const SERVER = fileURLToPath(new URL('../../api/src/server.ts', import.meta.url));

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

it('API_ALGORITHMS=HS256 → exit code 1, the error names API_ALGORITHMS, nothing listens', async () => {
  const server = startServer({ API_ALGORITHMS: 'HS256' });
  expect(await server.exited).toBe(1);
  expect(server.output().stderr).toContain('API_ALGORITHMS may list only asymmetric JWS algorithms');
  expect(server.output().stdout).not.toContain('listening');
});

it('AUTH_CONFIG pointing at a missing file → exit code 1, the error names AUTH_CONFIG', async () => {
  const server = startServer({ AUTH_CONFIG: '/nonexistent/auth_config.json' });
  expect(await server.exited).toBe(1);
  expect(server.output().stderr).toContain('AUTH_CONFIG: cannot read /nonexistent/auth_config.json');
});

it('PORT=0 → prints its URL, answers /healthz, exits 0 on SIGTERM', async () => {
  const server = startServer({ PORT: '0' });
  await expect.poll(() => server.output().stdout, { timeout: 15_000 }).toMatch(/listening on http:\/\/localhost:\d+/);
  const port = /localhost:(\d+)/.exec(server.output().stdout)?.[1];
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
