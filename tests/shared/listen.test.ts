import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { isLauncherReport, type LauncherReport } from '@vue-bff/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// listenOrExit: alone, a port that cannot be had is named with the service's own setting (PORT);
// under npm start it is reported over IPC and npm start names the URL setting that moves it.

const CHILD = fileURLToPath(new URL('./fixtures/listen-child.ts', import.meta.url));
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => busy.close(resolve)));

function underLauncher(port: number) {
  const child = fork(CHILD, [String(port)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const reports: LauncherReport[] = [];
  child.on('message', (message) => {
    if (isLauncherReport(message)) reports.push(message);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { exited, reports, stderr: () => stderr };
}

describe('listenOrExit', () => {
  it('alone, a port in use → exit 1 with the message naming the port setting, no stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(busyPort)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect([code, stderr]).toEqual([1, `Invalid test configuration:\n  - PORT: cannot listen on 127.0.0.1:${busyPort}: the port is in use; set PORT to a free port\n`]);
  });

  it('under npm start, a port in use → reported over IPC, nothing printed, exit 1', async () => {
    const child = underLauncher(busyPort);
    expect([await child.exited, child.reports, child.stderr()]).toEqual([1, [{ type: 'listen-failed', port: busyPort, host: '127.0.0.1', code: 'EADDRINUSE' }], '']);
  });

  it('under npm start, listening → reports the port and address it bound', async () => {
    const child = underLauncher(0);
    expect(await child.exited).toBe(0);
    expect(child.reports).toEqual([{ type: 'listening', port: expect.any(Number) as number, host: '127.0.0.1' }]);
  });
});
