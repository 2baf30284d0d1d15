import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CpuPinning } from './cpu-pinning.js';

/** A reverse proxy users would deploy instead of the BFF, running as a child process of the bench. */
export type PeerHop = Readonly<{
  name: string;
  url: string;
  /** Its processes now (nginx: master and worker), for CPU time. */
  pids(): number[];
  stop(): Promise<void>;
}>;

/** The first of `candidates` that runs with `versionFlag`, or undefined. */
export function findBinary(candidates: readonly string[], versionFlag: string): string | undefined {
  return candidates.find((candidate) => {
    const ran = spawnSync(candidate, [versionFlag], { stdio: 'ignore' });
    return ran.error === undefined && ran.status === 0;
  });
}

type PeerProcess = {
  name: string;
  binary: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  url: string;
  pinning: CpuPinning;
  /** The file the proxy logs its errors to, shown when it does not start. */
  errorLog?: string;
  /** Its processes besides the one started (nginx's workers). */
  children?: (pid: number) => number[];
  /** The signal for a graceful stop. */
  stopSignal: NodeJS.Signals;
};

/**
 * Starts the proxy (under taskset when proxies are pinned) and waits until a request through it
 * reaches the API: any answer of the API (401 without a token) proves the hop is up.
 */
export async function startPeerProcess(options: PeerProcess): Promise<PeerHop> {
  const [file, args] = options.pinning.command(options.binary, options.args);
  const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return options.errorLog ? readFileSync(options.errorLog, 'utf8').slice(-2000) : '';
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${options.name} exited at start (${child.exitCode ?? child.signalCode}): ${output}${errorLog()}`);
    const answered = await fetch(`${options.url}/api/external`).then((response) => response.status === 401, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not pass a request to the API within 10 s: ${output}${errorLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = child.pid ?? 0;
  return Object.freeze({
    name: options.name,
    url: options.url,
    pids: () => [pid, ...(options.children?.(pid) ?? [])],
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(options.stopSignal);
      const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killed);
    },
  });
}
