import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../../idp/src/dev-defaults.js';
import { waitFor } from './wait.js';

const SERVER = fileURLToPath(new URL('../../../bff/src/server.ts', import.meta.url));
const GC_ON_SIGNAL = fileURLToPath(new URL('./gc-on-signal.ts', import.meta.url));
const BASE_ENV = { CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET, SESSION_STORE_URL: 'memory:', PORT: '0', LISTEN_HOST: '127.0.0.1', NODE_ENV: 'test' };

export type BffProcess = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** The number a log line matching `pattern` (one capture group) reports, once it appears. */
  reported(pattern: RegExp, timeoutMs?: number): Promise<number>;
  /** With `gcOnSignal`: a full garbage collection in the process, done when this resolves. */
  collectGarbage(): Promise<void>;
  /** SIGKILL if still running; waits for the exit. */
  kill(): Promise<void>;
};

/** bff/src/server.ts as its own process (the production entry point), with development secrets. */
export function startBffProcess(env: Record<string, string>, options: { keepStdout?: boolean; gcOnSignal?: boolean } = {}): BffProcess {
  const { keepStdout = true, gcOnSignal = false } = options;
  const gc = gcOnSignal ? ['--expose-gc', '--import', GC_ON_SIGNAL] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...gc, SERVER], {
    env: { PATH: process.env.PATH ?? '', ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // Always drained: a full pipe would block the server's logging, and so the server.
  child.stdout.on('data', (chunk: Buffer) => void (stdout += keepStdout ? chunk.toString() : ''));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const output = () => ({ stdout, stderr });
  return {
    child,
    exited,
    output,
    async reported(pattern, timeoutMs = 20_000) {
      await waitFor(() => pattern.test(stdout) || child.exitCode !== null, timeoutMs, `a line matching ${pattern}`);
      const value = pattern.exec(stdout)?.[1];
      if (value === undefined) throw new Error(`the BFF exited (${child.exitCode}) before logging ${pattern}:\n${stdout}\n${stderr}`);
      return Number(value);
    },
    async collectGarbage() {
      child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 500));
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
