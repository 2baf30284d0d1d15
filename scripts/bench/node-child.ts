import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CpuPinning } from './cpu-pinning.js';

export type Message = Record<string, unknown>;

/**
 * A TypeScript file of the bench in its own Node process, with an IPC channel, under taskset when
 * `pinning` pins (spawn rather than fork: taskset execs node, which then finds its IPC channel).
 */
export function startNodeChild(file: URL, options: { args?: string[]; pinning?: CpuPinning; execArgv?: string[] } = {}): ChildProcess {
  const nodeArgs = ['--import', 'tsx', '--expose-gc', ...(options.execArgv ?? []), fileURLToPath(file), ...(options.args ?? [])];
  const [command, args] = options.pinning ? options.pinning.command(process.execPath, nodeArgs) : [process.execPath, nodeArgs];
  return spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next message of `proc` that carries `key`. */
export function nextMessage(proc: ChildProcess, key: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Message) => {
      if (!(key in message)) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      proc.off('message', onMessage);
      reject(new Error(`a bench process exited (${code}) before it sent "${key}"`));
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}
