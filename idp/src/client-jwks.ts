import { createPublicKey, type JsonWebKey } from 'node:crypto';

// The client's public keys for private_key_jwt (RFC 7523): the IdP checks the signature of each
// client assertion with them. Given as a JWK Set or a single JWK, in IDP_CLIENT_JWKS (the JSON) or
// in the file IDP_CLIENT_JWKS_FILE names. Only public keys: the private half belongs to the BFF,
// and a configuration that hands it to the IdP too is refused rather than used.

export type ClientJwks = Readonly<{ keys: readonly JsonWebKey[] }>;

// RFC 7518 6.2.2, 6.3.2, RFC 8037 2: the private members of EC, RSA and OKP keys; `k` is a shared secret.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const EXAMPLE = '{"keys": [{"kty": "RSA", "n": "…", "e": "AQAB", "kid": "…"}]}';

export function readClientJwks(
  sources: Readonly<{ json: string | undefined; file: string | undefined }>,
  readFile: (path: string) => string,
  problems: string[],
): ClientJwks | undefined {
  const json = sources.json?.trim();
  const file = sources.file?.trim();
  if (json && file) {
    problems.push('IDP_CLIENT_JWKS and IDP_CLIENT_JWKS_FILE are both set: keep one of them');
    return undefined;
  }
  if (!json && !file) return undefined;

  const name = json ? 'IDP_CLIENT_JWKS' : `IDP_CLIENT_JWKS_FILE (${file})`;
  let text = json ?? '';
  if (file) {
    try {
      text = readFile(file);
    } catch (err) {
      problems.push(`IDP_CLIENT_JWKS_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); `
        + `point it at a file holding the client's public keys, such as ${EXAMPLE}`);
      return undefined;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${name} is not JSON: give the client's public keys as a JWK Set, such as ${EXAMPLE}`);
    return undefined;
  }
  const keys = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys as unknown[] : [parsed];
  const before = problems.length;
  if (keys.length === 0) problems.push(`${name} holds no key: give at least one public key, such as ${EXAMPLE}`);
  keys.forEach((key, index) => checkPublicKey(key, `${name} key ${index + 1}`, problems));
  return problems.length === before ? Object.freeze({ keys: Object.freeze(keys as JsonWebKey[]) }) : undefined;
}

function checkPublicKey(key: unknown, name: string, problems: string[]): void {
  if (!isObject(key) || typeof key.kty !== 'string') {
    problems.push(`${name} is not a JWK (an object with "kty"): give the client's public keys, such as ${EXAMPLE}`);
    return;
  }
  const secret = PRIVATE_MEMBERS.filter((member) => member in key);
  if (secret.length > 0) {
    problems.push(`${name} holds private key material (${secret.map((member) => `"${member}"`).join(', ')}): `
      + 'give the IdP only the public key (e.g. jose\'s exportJWK(publicKey)); the private key stays with the BFF');
    return;
  }
  try {
    createPublicKey({ key: key as JsonWebKey, format: 'jwk' });
  } catch (err) {
    problems.push(`${name} is not a usable public key (${(err as Error).message}); use an RSA, EC or OKP public JWK`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
