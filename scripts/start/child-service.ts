import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { styleText } from 'node:util';
import { isLauncherReport } from '@vue-bff/shared';
import type { ServicePlan } from './launch-settings.js';
import { prefixLines } from './prefix-lines.js';

// One service of `npm start` as a child process: TypeScript through tsx, output prefixed with its
// name, and an IPC channel over which it reports where it listens (shared/src/dev-launcher.ts).

export type StartOutcome = Readonly<
  | { kind: 'listening'; port: number; host: string }
  | { kind: 'listen-failed'; code: string }
  | { kind: 'exited'; code: number | null }
>;

export type RunningService = Readonly<{
  plan: ServicePlan;
  child: ChildProcess;
  /** Settles once: the service listens, could not listen, or ended first. */
  started: Promise<StartOutcome>;
  exited: Promise<number | null>;
}>;

const COLOURS = { idp: 'magenta', api: 'cyan', bff: 'green' } as const;

export function startService(plan: ServicePlan, env: NodeJS.ProcessEnv, options: { root: string; colour: boolean }): RunningService {
  const child = spawn(process.execPath, ['--import', 'tsx', plan.file], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = options.colour ? styleText(COLOURS[plan.name], `[${plan.name}]`) : `[${plan.name}]`;
  const out = prefixLines(prefix, (text) => process.stdout.write(text));
  const err = prefixLines(prefix, (text) => process.stderr.write(text));
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  // 'close', not 'exit': the last lines may still be in the pipes when the process has exited.
  const exited = once(child, 'close').then(([code]) => {
    out.end();
    err.end();
    return code as number | null;
  });
  const started = new Promise<StartOutcome>((resolve) => {
    child.on('message', (message: unknown) => {
      if (!isLauncherReport(message)) return;
      resolve(message.type === 'listening' ? { kind: 'listening', port: message.port, host: message.host } : { kind: 'listen-failed', code: message.code });
    });
    void exited.then((code) => resolve({ kind: 'exited', code }));
  });
  return { plan, child, started, exited };
}
