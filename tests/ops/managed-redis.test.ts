import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConfigError } from '../../bff/src/config.js';
import { createRedisBackend } from '../../bff/src/session/redis-backend.js';
import { storeProblemOf } from '../../bff/src/session/store-problem.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, callApi, startStack } from '../helpers/stack.js';
import { makeTestCa, type TlsFiles } from './support/test-ca.js';

// A managed Redis as providers offer it: TLS only, a private CA, the default user off and an ACL
// user with a password, restricted by the rule deploy/README.md gives ("Managed Redis").

const README = readFileSync(new URL('../../deploy/README.md', import.meta.url), 'utf8');
const ACL_RULE = /^ACL SETUSER bff on >\S+ (.+)$/m.exec(README)?.[1]?.split(' ') ?? [];
// Characters that must be percent-encoded in a URL: the README says so, this proves it works.
const PASSWORD = 'p@ss:w/rd#bff-test-1';
const userUrl = (port: number, user = 'bff', password = PASSWORD) => `rediss://${user}:${encodeURIComponent(password)}@localhost:${port}`;

describeWithRedis('managed Redis: rediss://, a private CA, an ACL user', () => {
  let dir: string;
  let tls: TlsFiles;
  let redis: RedisProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bff-managed-redis-'));
    tls = makeTestCa(dir);
    redis = await startRedisServer({
      tls,
      users: { default: ['off'], bff: ['on', `>${PASSWORD}`, ...ACL_RULE], reader: ['on', '>reader-pass', '~bff:*', '-@all', '+@connection', '+@read'] },
      login: { user: 'bff', password: PASSWORD },
    });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploy/README.md gives an ACL rule limited to the bff: keys (guards the extraction)', () => {
    expect([ACL_RULE.includes('~bff:*'), ACL_RULE.includes('-@dangerous')]).toEqual([true, true]);
  });

  it('SESSION_STORE_CA_FILE + ACL user in the URL → login on one BFF, API call through another, /readyz ready', async () => {
    const stack = await startStack({ bffEnv: { SESSION_STORE_URL: userUrl(redis.port), SESSION_STORE_CA_FILE: tls.ca } });
    try {
      const other = await stack.addInstance();
      const { browser } = await stack.loggedIn(ALICE);
      expect((await callApi(browser, other.url)).status).toBe(200);
      const ready = await fetch(`${stack.urls.bff}/readyz`);
      expect([ready.status, ((await ready.json()) as { checks: unknown }).checks]).toEqual([200, { store: 'ok', issuer: 'ok', api: 'ok' }]);
    } finally {
      await stack.close();
    }
  });

  it('an ACL user without write access → NOPERM, told with deploy/README.md\'s rule as the fix', async () => {
    const backend = await createRedisBackend({ url: userUrl(redis.port, 'reader', 'reader-pass'), caFile: tls.ca });
    try {
      const problem = storeProblemOf(await backend.create('k', { data: 'x', iat: 1, uat: 1, exp: 2_000_000_000 }, []).catch((error: unknown) => error));
      expect([problem?.reason, problem?.message]).toEqual(['no_permission', expect.stringContaining('the Redis user "reader" may not run a command or key the BFF needs (NOPERM): grant it the ACL rule in deploy/README.md')]);
    } finally {
      await backend.close();
    }
  });

  it('SESSION_STORE_CA_FILE that does not exist → a ConfigError naming the setting and the fix', async () => {
    const missing = join(dir, 'no-such-ca.pem');
    await expect(createRedisBackend({ url: userUrl(redis.port), caFile: missing })).rejects.toThrow(ConfigError);
    await expect(createRedisBackend({ url: userUrl(redis.port), caFile: missing })).rejects.toThrow(`SESSION_STORE_CA_FILE: cannot read ${missing} (ENOENT): point it at the PEM file of the CA`);
  });

  it('SESSION_STORE_CA_FILE that holds no PEM certificate → refused, naming the setting', async () => {
    const notPem = join(dir, 'ca.der');
    writeFileSync(notPem, 'not a certificate');
    await expect(createRedisBackend({ url: userUrl(redis.port), caFile: notPem })).rejects.toThrow(`SESSION_STORE_CA_FILE: ${notPem} holds no PEM certificate`);
  });
});
