import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type RedisProcess = { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };

/** A throw-away redis-server of the test's own on a free loopback port: it may be stopped and started again. */
export async function startRedisServer(options: { persistIn?: string } = {}): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  // With persistIn, an append-only file keeps the data across stop/start, as a deployed Redis does.
  const persistence = options.persistIn
    ? ['--dir', options.persistIn, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
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
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
