import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../ops/support/wait.js';

// `tsx scripts/start.ts` as a user runs it (npm start without the web build), on ports the test
// chose, in its own process group so that cleanup ends the launcher and every service it started.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type Launcher = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches; fails if the launcher ends first. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Ends the launcher's whole process group (the launcher and its services) and its data dir. */
  kill(): Promise<void>;
};

export function startLauncher(env: Record<string, string>, args: string[] = []): Launcher {
  const dataDir = mkdtempSync(join(tmpdir(), 'start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', SESSION_STORE_URL: 'memory:', IDP_DATA_DIR: join(dataDir, 'idp'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async printed(pattern, timeoutMs = 90_000) {
      await waitFor(() => pattern.test(stdout) || pattern.test(stderr) || child.exitCode !== null, timeoutMs, `output matching ${pattern}`);
      if (!pattern.test(stdout) && !pattern.test(stderr)) throw new Error(`npm start exited (${child.exitCode}) before printing ${pattern}:\n${stdout}\n${stderr}`);
    },
    async kill() {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      if (child.exitCode === null && child.signalCode === null) await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Ports that were free a moment ago, distinct. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether a port can be bound on 127.0.0.1 right now (nothing holds it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** This machine's first non-loopback IPv4 address, to show a service is not reachable there. */
export function networkAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

/** Resolves with the socket error code, or 'connected'. */
export function connectTo(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}
