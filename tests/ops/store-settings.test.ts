import { describe, expect, it } from 'vitest';
import { loadBffConfig, type BffConfig } from '../../bff/src/config.js';
import { GOOD_BFF_SETTINGS, configProblems } from '../helpers/bff-config.js';

// The settings this project added for the store and the stop (README.md, Settings): each refused
// with a message naming the setting and the fix, and no message ever holding a Redis password.

const GOOD = GOOD_BFF_SETTINGS;

function load(env: Record<string, string>): BffConfig {
  return loadBffConfig({ ...GOOD, ...env }, {}, '/srv/bff');
}

const problems = (env: Record<string, string>) => configProblems({ ...GOOD, ...env }, {}, '/srv/bff');

describe('SESSION_STORE_CA_FILE', () => {
  it('with rediss:// → kept with the store, a relative path resolved like a sqlite: file', () => {
    const config = load({ SESSION_STORE_URL: 'rediss://bff:pw@redis.example.com:6380', SESSION_STORE_CA_FILE: 'certs/ca.pem' });
    expect(config.sessionStore).toEqual({ kind: 'redis', url: 'rediss://bff:pw@redis.example.com:6380', caFile: '/srv/bff/certs/ca.pem' });
  });

  it('with redis:// (no TLS) → refused: use rediss:// or remove the CA file', () => {
    expect(problems({ SESSION_STORE_URL: 'redis://redis:6379', SESSION_STORE_CA_FILE: '/ca.pem' }))
      .toContain('SESSION_STORE_CA_FILE is set, but SESSION_STORE_URL is not rediss://…: use rediss:// for a TLS connection to Redis, or remove SESSION_STORE_CA_FILE');
  });

  it('unset → no caFile (the system\'s CAs)', () => {
    expect(load({ SESSION_STORE_URL: 'rediss://redis.example.com:6380' }).sessionStore).toEqual({ kind: 'redis', url: 'rediss://redis.example.com:6380' });
  });
});

describe('SESSION_STORE_URL with credentials', () => {
  it('an unusable URL with an unencoded password → the message shows the host, never the password', () => {
    const message = problems({ SESSION_STORE_URL: 'redis://bff:sec/ret#1@redis.example.com:6379' });
    expect([message.includes('sec/ret#1'), message]).toEqual([false, expect.stringContaining('got "redis://[redacted]@redis.example.com:6379" (rediss://user:password@host:6380 for TLS; special characters in a password must be percent-encoded)')]);
  });
});

describe('start-up wait and graceful stop', () => {
  it('defaults → the store awaited 10 s at start-up, no not-ready delay before the listener closes', () => {
    const config = load({});
    expect([config.storeStartupWaitMs, config.shutdownDelayMs]).toEqual([10_000, 0]);
  });

  it.each([
    ['SESSION_STORE_STARTUP_WAIT_MS', 'soon', 'SESSION_STORE_STARTUP_WAIT_MS must be a whole number of milliseconds between 0 and 300000, got "soon"'],
    ['SHUTDOWN_DELAY_MS', '-1', 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds between 0 and 120000, got "-1"'],
  ])('%s=%s → refused, naming the setting and its range', (name, value, message) => {
    expect(problems({ [name]: value })).toContain(message);
  });
});
