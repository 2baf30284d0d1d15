import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectTo, networkAddress } from '../start/support/launcher.js';
import { waitFor } from './support/wait.js';

// The API and the dev IdP read LISTEN_HOST as the BFF does (npm start passes 127.0.0.1; containers
// leave it unset for every interface), and stop through the shared graceful shutdown.

const dataDir = mkdtempSync(join(tmpdir(), 'listen-host-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: new URL('../../', import.meta.url),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LISTEN_HOST: '127.0.0.1', IDP_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.resume();
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout };
}

it.for([
  ['the API', 'api/src/server.ts', /API listening on http:\/\/127\.0\.0\.1:(\d+)/],
  ['the dev IdP', 'idp/src/server.ts', /listening on port (\d+)/],
] as const)('%s with LISTEN_HOST=127.0.0.1 → answers on loopback only; SIGTERM → a graceful stop, exit 0', async ([, entry, listening], context) => {
  const service = start(entry, {});
  try {
    await waitFor(() => listening.test(service.stdout()) || service.child.exitCode !== null, 30_000, 'the listening line');
    const port = Number(listening.exec(service.stdout())?.[1]);
    const address = networkAddress();
    const answers = await Promise.all([connectTo('127.0.0.1', port), address ? connectTo(address, port) : 'ECONNREFUSED']);
    if (!address) context.annotate('no non-loopback IPv4 address on this machine: only loopback was tried');
    service.child.kill('SIGTERM');
    const code = await service.exited;
    const messages = service.stdout().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
    // pino writes JSON asynchronously: at exit the last two lines may land in either order.
    expect([answers, code, messages.slice(-2).sort()]).toEqual([['connected', 'ECONNREFUSED'], 0, ['shutting down: finishing in-flight requests', 'stopped']]);
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }
});
