import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config-error.js';
import { reportToLauncher } from './dev-launcher.js';

export type Listening = Readonly<{ port: number; host: string }>;

export class ListenError extends Error {
  constructor(readonly code: string, readonly port: number, readonly host: string, cause: unknown) {
    super(`cannot listen on ${host}:${port} (${code})`, { cause });
    this.name = 'ListenError';
  }
}

/**
 * `server.listen` as a promise: the address actually bound (port 0 → the chosen port), or a
 * ListenError with the system's code (EADDRINUSE, EACCES, EADDRNOTAVAIL). `host` undefined means
 * every interface, the container default; `npm start` passes LISTEN_HOST=127.0.0.1.
 */
export function listen(server: http.Server, port: number, host: string | undefined): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(new ListenError(error.code ?? 'EUNKNOWN', port, host ?? '0.0.0.0', error));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      const address = server.address() as AddressInfo;
      resolve({ port: address.port, host: address.address });
    });
  });
}

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'this machine has no such address',
};

/** What to say when a port cannot be had, naming the setting that changes it. */
export function cannotListen(error: ListenError, portSetting: string): string {
  const fix = error.code === 'EADDRNOTAVAIL' ? 'set LISTEN_HOST to an address of this machine' : `set ${portSetting} to a free port`;
  return `${portSetting}: cannot listen on ${error.host}:${error.port}: ${REASONS[error.code] ?? error.code}; ${fix}`;
}

/**
 * Listens on a service's main port and tells the launcher, if any. When the port cannot be had
 * the process ends with exit code 1: under the launcher after reporting (the launcher explains,
 * naming APP_BASE_URL, API_BASE_URL or ISSUER_BASE_URL), alone with the message naming `portSetting`.
 */
export async function listenOrExit(server: http.Server, port: number, host: string | undefined, options: { portSetting: string; subject: string }): Promise<Listening> {
  try {
    const bound = await listen(server, port, host);
    await reportToLauncher({ type: 'listening', ...bound });
    return bound;
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    const reported = await reportToLauncher({ type: 'listen-failed', port, host: error.host, code: error.code });
    if (!reported) console.error(new ConfigError([cannotListen(error, options.portSetting)], options.subject).message);
    process.exit(1);
  }
}
