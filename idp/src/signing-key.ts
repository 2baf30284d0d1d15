import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type SigningJwk = JsonWebKey & { kty: 'RSA'; kid: string; alg: 'RS256'; use: 'sig'; n: string; e: string; d: string };

export const SIGNING_KEY_FILE = 'signing-key.json';

/**
 * Loads the RS256 private key from `<dataDir>/signing-key.json`, generating it on first start.
 * Persisted so tokens issued before a restart stay verifiable against the JWKS (PITFALLS.md).
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningJwk> {
  const file = join(dataDir, SIGNING_KEY_FILE);
  const existing = await readKey(file);
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const jwk = generateSigningKey();
  try {
    // 'wx' fails if another process created the file meanwhile; 0600: a private key, owner-only.
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = await readKey(file);
    if (!raced) throw new Error(`${file} appeared while generating the signing key but cannot be read`);
    return raced;
  }
}

function generateSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e || !jwk.d) throw new Error('RSA key export did not produce a private JWK');
  return { ...jwk, kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d, kid: thumbprint(jwk.e, jwk.n), alg: 'RS256', use: 'sig' };
}

/** RFC 7638 thumbprint: a stable kid derived from the public key itself. */
function thumbprint(e: string, n: string): string {
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
}

async function readKey(file: string): Promise<SigningJwk | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const fix = `delete ${file} to generate a new key (tokens signed with the old one stop verifying)`;
  let jwk: Partial<SigningJwk>;
  try {
    jwk = JSON.parse(text) as Partial<SigningJwk>;
    createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw new Error(`${file} is not a valid private JWK: ${fix}`);
  }
  if (jwk.kty !== 'RSA' || !jwk.d || !jwk.n || !jwk.e || !jwk.kid) {
    throw new Error(`${file} must hold an RSA private key with a kid: ${fix}`);
  }
  return { ...jwk, kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d, kid: jwk.kid, alg: 'RS256', use: 'sig' };
}
