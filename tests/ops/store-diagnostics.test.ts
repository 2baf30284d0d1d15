import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { freePort } from '../helpers/redis-process.js';
import { startBffProcess, type BffProcess } from './support/bff-process.js';
import { startLoopbackRelay } from './support/loopback-relay.js';
import { makeTestCa, type TlsFiles } from './support/test-ca.js';
import { sleep, waitFor } from './support/wait.js';

// bff/src/server.ts against a Redis it cannot use: the log says exactly why (rate-limited, never
// the password), /readyz names the cause, and the BFF still starts after a bounded wait.

type Line = { msg: string; cause?: string; code?: string; level: number };
type Readiness = { status: string; checks: Record<string, string>; causes?: Record<string, string> };

const PASSWORD = 'Pa55-word-under-test';
const WAIT_MS = 1500;
const running: BffProcess[] = [];
// Shared by the tests of one describe block, stopped after the file.
const kept: BffProcess[] = [];

function linesOf(bff: BffProcess): Line[] {
  return bff.output().stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
}

/** A BFF process on `url`, once it listens: its /readyz answer and its log lines. */
async function bffOn(url: string, options: { keep?: 'true' } = {}) {
  const bff = startBffProcess({ SESSION_STORE_URL: url, SESSION_STORE_STARTUP_WAIT_MS: String(WAIT_MS) });
  (options.keep ? kept : running).push(bff);
  const port = await bff.reported(/BFF listening on port (\d+)/);
  const readyz = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };
  return { bff, port, ready: await readyz(), readyz, lines: () => linesOf(bff) };
}

const failures = (lines: Line[], cause: string) => lines.filter((line) => line.cause === cause && line.msg.startsWith('session store unavailable: '));

afterEach(async () => {
  for (const bff of running.splice(0)) await bff.kill();
});
afterAll(async () => {
  for (const bff of kept.splice(0)) await bff.kill();
});

describeWithRedis('a BFF whose Redis cannot be used', () => {
  let dir: string;
  let tls: TlsFiles;
  let withPassword: RedisProcess;
  let withTls: RedisProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-store-diagnostics-'));
    tls = makeTestCa(dir);
    [withPassword, withTls] = await Promise.all([
      startRedisServer({ args: ['--requirepass', PASSWORD], login: { user: 'default', password: PASSWORD } }),
      startRedisServer({ tls }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([withPassword?.stop(), withTls?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('nothing listening on the port', () => {
    let port: number;
    let started: number;
    let refused: Awaited<ReturnType<typeof bffOn>>;
    beforeAll(async () => {
      port = await freePort();
      started = Date.now();
      refused = await bffOn(`redis://127.0.0.1:${port}`, { keep: 'true' });
    });

    it('→ "connection refused by host:port" logged, /readyz 503 with cause refused', () => {
      expect(refused.ready).toMatchObject({ status: 503, body: { checks: { store: 'unavailable' }, causes: { store: 'refused' } } });
      expect(failures(refused.lines(), 'refused')[0]?.msg).toContain(`connection refused by 127.0.0.1:${port}: is Redis running there`);
    });

    it('at start-up → waits SESSION_STORE_STARTUP_WAIT_MS, says why, then listens anyway', () => {
      const messages = refused.lines().map((line) => line.msg);
      const summary = messages.findIndex((msg) => msg.startsWith(`session store not reachable after ${WAIT_MS} ms: connection refused`));
      expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS);
      expect([summary >= 0, summary < messages.findIndex((msg) => msg.startsWith('BFF listening'))]).toEqual([true, true]);
    });

    it('refused for seconds while the client retries → the cause logged once, not per retry', async () => {
      await sleep(2000);
      expect(failures(refused.lines(), 'refused')).toHaveLength(1);
    });
  });

  it('Redis back → "session store available again" logged at once (no request needed), /readyz reports the store ok', async () => {
    const redis = await startRedisServer();
    await redis.stop();
    try {
      const { readyz, lines } = await bffOn(redis.url);
      await redis.start();
      await waitFor(() => lines().some((line) => line.msg === 'session store available again'), 10_000, 'the recovery to be logged');
      expect((await readyz()).body.checks.store).toBe('ok');
    } finally {
      await redis.stop();
    }
  });

  it('a wrong password → WRONGPASS named with the fix, /readyz cause auth_failed, the password in no output', async () => {
    const wrong = 'Wrong-pa55word-in-url';
    const { bff, ready, lines } = await bffOn(`redis://default:${wrong}@127.0.0.1:${withPassword.port}`);
    expect(ready.body.causes).toEqual({ store: 'auth_failed' });
    expect(failures(lines(), 'auth_failed')[0]?.msg).toContain('refused the user "default" and its password (WRONGPASS): check the user name and password in SESSION_STORE_URL');
    const { stdout, stderr } = bff.output();
    expect([stdout.includes(wrong), stderr.includes(wrong)]).toEqual([false, false]);
  });

  it('no password where Redis requires one → NOAUTH: "requires a password", /readyz cause auth_failed', async () => {
    const { ready, lines } = await bffOn(`redis://127.0.0.1:${withPassword.port}`);
    expect(ready.body.causes).toEqual({ store: 'auth_failed' });
    expect(failures(lines(), 'auth_failed')[0]?.msg).toContain(`Redis at 127.0.0.1:${withPassword.port} requires a password (NOAUTH)`);
  });

  it('TLS Redis whose CA the BFF does not trust → names SESSION_STORE_CA_FILE, /readyz cause tls', async () => {
    const { ready, lines } = await bffOn(`rediss://localhost:${withTls.port}`);
    expect(ready.body.causes).toEqual({ store: 'tls' });
    const [logged] = failures(lines(), 'tls');
    expect([logged?.code, logged?.msg]).toEqual(['SELF_SIGNED_CERT_IN_CHAIN', expect.stringContaining('set SESSION_STORE_CA_FILE to your Redis provider\'s CA certificate')]);
  });

  it('redis:// to a TLS-only port → "closed the connection … if this port expects TLS, use rediss://"', async () => {
    const { ready, lines } = await bffOn(`redis://127.0.0.1:${withTls.port}`);
    expect(ready.body.causes).toEqual({ store: 'closed' });
    expect(failures(lines(), 'closed')[0]?.msg).toContain('if this port expects TLS, use rediss://');
  });

  it('Redis in protected mode (Debian\'s default) seen from another address → protected_mode, with the two fixes', async () => {
    const redis = await startRedisServer();
    const relay = await startLoopbackRelay(redis.port, '127.0.0.2');
    try {
      const { ready, lines } = await bffOn(`redis://127.0.0.1:${relay.port}`);
      expect(ready.body.causes).toEqual({ store: 'protected_mode' });
      expect(failures(lines(), 'protected_mode')[0]?.msg).toContain('is in protected mode and refuses clients from other hosts (DENIED): give it a password');
    } finally {
      await relay.close();
      await redis.stop();
    }
  });
});
