import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startBffProcess, type BffProcess } from './support/bff-process.js';
import { waitFor } from './support/wait.js';

// bff/src/server.ts stopping for a rolling deploy: readiness fails first, the listener closes
// only after SHUTDOWN_DELAY_MS, so whoever polls /readyz moves on before anything is refused.

const running: BffProcess[] = [];
afterEach(async () => {
  for (const bff of running.splice(0)) await bff.kill();
});

/** Whether a new TCP connection to the port is accepted right now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stoppingBff(delayMs: number) {
  const bff = startBffProcess({ SHUTDOWN_DELAY_MS: String(delayMs) });
  running.push(bff);
  const port = await bff.reported(/BFF listening on port (\d+)/);
  bff.child.kill('SIGTERM');
  await waitFor(() => bff.output().stdout.includes('shutting down: not ready, still serving'), 10_000, 'the stop to begin');
  return { bff, port };
}

it('SIGTERM with SHUTDOWN_DELAY_MS → /readyz 503 {status: "stopping"} at once, while requests are still served', async () => {
  const { port } = await stoppingBff(5000);
  const [ready, live] = await Promise.all([fetch(`http://127.0.0.1:${port}/readyz`), fetch(`http://127.0.0.1:${port}/healthz`)]);
  expect([ready.status, await ready.json(), live.status]).toEqual([503, { status: 'stopping' }, 200]);
});

it('SIGTERM with SHUTDOWN_DELAY_MS → responses close their connection meanwhile, so an edge drops its kept-alive ones', async () => {
  const { port } = await stoppingBff(5000);
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(response.headers.get('connection')).toBe('close');
});

it('SIGTERM with SHUTDOWN_DELAY_MS → connections accepted during the delay, the listener closed only after it; exit 0', async () => {
  const { bff, port } = await stoppingBff(3000);
  expect(await accepts(port)).toBe(true);
  expect(await bff.exited).toBe(0);
  // The process's own clock: from "not ready" to closing the listener.
  const times = new Map(bff.output().stdout.split('\n').filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; time: string }).map((line) => [line.msg, Date.parse(line.time)]));
  const notReady = times.get('shutting down: not ready, still serving') ?? NaN;
  const closing = times.get('shutting down: finishing in-flight requests') ?? NaN;
  expect(closing - notReady).toBeGreaterThanOrEqual(3000);
  expect(await accepts(port)).toBe(false);
});
