import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerLifecycle, type ServerLifecycle } from '@vue-bff/shared';
import type { Browser } from '../helpers/http-client.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { waitFor } from './support/wait.js';

/** A new TCP connection to the port: resolves when accepted, rejects with the socket error. */
function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

describe('graceful shutdown', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  /** A logged-in user with a proxied call the API holds for `delayMs`, already received upstream. */
  async function inFlightCall(graceMs: number, delayMs: number) {
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: 'sqlite:sessions.db' } });
    const { browser }: { browser: Browser } = await stack.loggedIn(ALICE);
    const lifecycle: ServerLifecycle = createServerLifecycle(stack.servers.bff.server, { graceMs, onClosed: () => stack.bff.close() });
    const seen = stack.apiRequests.length;
    const call = callApi(browser, stack.urls.bff, '/api/external', { 'x-csrf': '1', 'x-test-delay-ms': String(delayMs) });
    await waitFor(() => stack.apiRequests.length > seen, 5000, 'the call to reach the API');
    return { call, lifecycle };
  }

  it('shutdown while a proxied call is in flight → that call completes with 200', async () => {
    const { call, lifecycle } = await inFlightCall(10_000, 1000);
    const stopped = lifecycle.shutdown('SIGTERM');
    const page = await call;
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body)).toEqual({ message: 'Your Access Token was successfully validated!' });
    await stopped;
  });

  it('shutdown started → a new connection is refused at once', async () => {
    const { call, lifecycle } = await inFlightCall(10_000, 1000);
    const stopped = lifecycle.shutdown('SIGTERM');
    await expect(connect(stack.servers.bff.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await call;
    await stopped;
  });

  it('the session store → still open while the call runs, closed once shutdown completes', async () => {
    const { call, lifecycle } = await inFlightCall(10_000, 1000);
    const stopped = lifecycle.shutdown('SIGTERM');
    expect(stack.bff.backend.available()).toBe(true);
    await call;
    await stopped;
    expect(stack.bff.backend.available()).toBe(false);
  });

  it('the last call answered → shutdown completes without waiting out the grace period', async () => {
    const { call, lifecycle } = await inFlightCall(20_000, 500);
    const started = Date.now();
    await Promise.all([lifecycle.shutdown('SIGTERM'), call]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a call still running when the grace period ends → its connection is cut and shutdown completes', async () => {
    const { call, lifecycle } = await inFlightCall(300, 5000);
    const started = Date.now();
    await lifecycle.shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(call).rejects.toThrow();
    expect(stack.bff.backend.available()).toBe(false);
  });

  it('shutdown called twice (SIGTERM then SIGINT) → one shutdown, the same promise', async () => {
    const { call, lifecycle } = await inFlightCall(10_000, 200);
    expect(lifecycle.shutdown('SIGTERM')).toBe(lifecycle.shutdown('SIGINT'));
    await call;
    await lifecycle.shutdown('SIGTERM');
  });
});
