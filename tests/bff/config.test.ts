import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadBffConfig } from '../../bff/src/config.js';
import { GOOD_BFF_SETTINGS, configProblems } from '../helpers/bff-config.js';

const GOOD = GOOD_BFF_SETTINGS;
// `openssl rand -base64 48`, as the README says to make one.
const RANDOM_SECRET = 'YkYTnGcH0rwwPMSzKaQevzovaVjy/YOYRajewSo8//oTv8QFChO90CH67JnzQk6U';
const PROD = { ...GOOD, NODE_ENV: 'production', APP_BASE_URL: 'https://app.example', SESSION_STORE_URL: 'redis://redis:6379', SESSION_SECRET: RANDOM_SECRET };

const problemsOf = (env: Record<string, string | undefined>, file: Record<string, unknown> = {}) => configProblems(env, file);

describe('loadBffConfig', () => {
  it('complete settings → a frozen config with the default SQLite store', () => {
    const config = loadBffConfig(GOOD, {}, '/srv');
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.sessionStore).toEqual({ kind: 'sqlite', file: '/srv/data/sessions.db' });
    expect(config.cookieName).toBe('bff_session');
  });

  it('auth_config.json with only an Auth0 domain → issuer https://<domain>/, with Auth0\'s slash (the shared issuer rule)', () => {
    const config = loadBffConfig({ ...GOOD, ISSUER_BASE_URL: undefined }, { domain: 'tenant.eu.auth0.com' });
    expect(config.issuerBaseUrl).toBe('https://tenant.eu.auth0.com/');
  });

  it('no CLIENT_SECRET → names CLIENT_SECRET and how to set it', () => {
    expect(problemsOf({ ...GOOD, CLIENT_SECRET: undefined })).toMatch(/CLIENT_SECRET is missing: set it in the environment/);
  });

  it('a short SESSION_SECRET → names it and how to generate one', () => {
    expect(problemsOf({ ...GOOD, SESSION_SECRET: 'short' })).toMatch(/SESSION_SECRET must be at least 32 characters: generate one with `openssl rand -base64 48`/);
  });

  it('several bad settings → one error listing each', () => {
    const message = problemsOf({ ...GOOD, API_BASE_URL: 'ftp://x', SESSION_STORE_URL: 'mongo://x', PORT: 'eighty' });
    expect(message).toContain('API_BASE_URL must be an http(s) URL, got "ftp://x"');
    expect(message).toContain('SESSION_STORE_URL must be sqlite:<file>, redis://host:6379 or memory:, got "mongo://x"');
    expect(message).toContain('PORT must be a whole number of port between 0 and 65535, got "eighty"');
  });

  it('https APP_BASE_URL → a __Host- cookie, Secure', () => {
    const config = loadBffConfig({ ...GOOD, APP_BASE_URL: 'https://app.example' }, {});
    expect(config.cookieName).toBe('__Host-bff_session');
    expect(config.secure).toBe(true);
  });

  it('production with an http APP_BASE_URL → refused, naming APP_BASE_URL', () => {
    expect(problemsOf({ ...PROD, APP_BASE_URL: 'http://app.example' })).toContain('APP_BASE_URL must be https in production');
  });

  it('production with a weak SESSION_SECRET → refused, saying why and how to generate one', () => {
    expect(problemsOf({ ...PROD, SESSION_SECRET: 'a'.repeat(64) })).toMatch(/SESSION_SECRET does not look like 32 random bytes: .*; generate one with `openssl rand -base64 48`/);
  });

  it('production with the memory store → refused', () => {
    expect(problemsOf({ ...PROD, SESSION_STORE_URL: 'memory:' })).toContain('SESSION_STORE_URL=memory: loses every session');
  });

  it('COOKIE_SAMESITE=None → refused (the cookie must not travel cross-site)', () => {
    expect(problemsOf({ ...GOOD, COOKIE_SAMESITE: 'None' })).toContain('COOKIE_SAMESITE must be Lax or Strict, got "None"');
  });

  it('an API path prefix outside /api/ → refused', () => {
    expect(problemsOf({ ...GOOD, API_PATH_PREFIXES: '/admin/' })).toContain('API_PATH_PREFIXES entries must look like /api/');
  });

  it('production with the development secrets → refused, naming both', async () => {
    const { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } = await import('../../idp/src/dev-defaults.js');
    const message = problemsOf({ ...PROD, CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET });
    expect(message).toContain('CLIENT_SECRET contains a public development value');
    expect(message).toContain('SESSION_SECRET contains a public development value');
  });

  it('production with complete, strong settings → accepted', () => {
    expect(problemsOf(PROD)).toBe('');
  });
});

describe('bff/src/server.ts', () => {
  it('started without CLIENT_SECRET → exits 1 with the message naming it, no stack trace', () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...GOOD, CLIENT_SECRET: '', SESSION_STORE_URL: 'memory:' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CLIENT_SECRET is missing');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
