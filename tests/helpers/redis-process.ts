import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type RedisProcess = { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };

export type RedisProcessOptions = {
  /** An append-only file in this directory keeps the data across stop/start, as a deployed Redis does. */
  persistIn?: string;
  /** TLS only (no plain-text port), with these PEM files: as a managed Redis offers it. */
  tls?: { cert: string; key: string; ca: string };
  /** ACL users, each a `user` directive's rules (`['on', '>password', '~bff:*', '+@all']`). */
  users?: Record<string, string[]>;
  /** Who the readiness check (redis-cli PING) logs in as, when the default user cannot. */
  login?: { user: string; password: string };
  /** More redis-server arguments, e.g. ['--requirepass', 'secret']. */
  args?: string[];
};

/** A throw-away redis-server of the test's own on a free loopback port: it may be stopped and started again. */
export async function startRedisServer(options: RedisProcessOptions = {}): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const persistence = options.persistIn
    ? ['--dir', options.persistIn, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const { tls } = options;
  const listening = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const users = Object.entries(options.users ?? {}).flatMap(([name, rules]) => ['--user', name, ...rules]);
  const cli = [
    '-p', String(port),
    ...(tls ? ['--tls', '--cacert', tls.ca] : []),
    ...(options.login ? ['--user', options.login.user, '--pass', options.login.password, '--no-auth-warning'] : []),
  ];
  const start = async () => {
    child = spawn('redis-server', [...listening, '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'yes', ...users, ...(options.args ?? [])], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (spawnSync('redis-cli', [...cli, 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return { url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`, port, stop, start };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
