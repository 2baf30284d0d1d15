import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createIdp } from '../../idp/src/app.js';
import { loadIdpConfig } from '../../idp/src/config.js';
import { SIGNING_KEY_FILE } from '../../idp/src/signing-key.js';
import { listen } from '../helpers/listen.js';
import { AUTH_CONFIG } from './support/idp-fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'idp-key-'));
  dirs.push(dir);
  return dir;
}

/** The JWKS an IdP built on `dataDir` publishes. */
async function publishedKeys(dataDir: string) {
  const { handler } = await createIdp(loadIdpConfig({ NODE_ENV: 'test', IDP_DATA_DIR: dataDir }, AUTH_CONFIG));
  const server = await listen(handler);
  try {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    return ((await response.json()) as { keys: Array<Record<string, unknown>> }).keys;
  } finally {
    await server.close();
  }
}

describe('signing key in config.dataDir', () => {
  it('first createIdp → an RS256 private JWK written with mode 0600; the JWKS publishes only its public part', async () => {
    const dataDir = join(tempDir(), 'nested', 'idp');
    const [key] = await publishedKeys(dataDir);
    const file = join(dataDir, SIGNING_KEY_FILE);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(stored).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key?.kid });
    expect(stored.d).toEqual(expect.any(String));
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
  });

  it('a second createIdp on the same dataDir → the same key, the file untouched', async () => {
    const dataDir = tempDir();
    const [first] = await publishedKeys(dataDir);
    const before = readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8');
    const [second] = await publishedKeys(dataDir);

    expect(second).toEqual(first);
    expect(readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8')).toBe(before);
  });

  it('another dataDir → another key', async () => {
    const [a] = await publishedKeys(tempDir());
    const [b] = await publishedKeys(tempDir());

    expect(a?.kid).not.toBe(b?.kid);
  });

  it('a corrupt key file → createIdp rejects with an error naming the file and the fix', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, SIGNING_KEY_FILE), '{"kty":"RSA"');

    await expect(publishedKeys(dataDir)).rejects.toThrow(/signing-key\.json is not a valid private JWK: delete/);
  });
});
