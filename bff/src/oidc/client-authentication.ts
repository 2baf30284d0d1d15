import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import type { ConfigParams } from 'express-openid-connect';
import { importPKCS8 } from 'jose';

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
type AssertionAlg = (typeof ASSERTION_ALGS)[number];
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** How the BFF proves it is the client, at the token endpoint and the revocation endpoint alike. */
export type ClientAuthentication =
  | Readonly<{ method: 'client_secret_basic' | 'client_secret_post'; secret: string }>
  | Readonly<{ method: 'private_key_jwt'; pkcs8: string; alg: AssertionAlg; kid?: string }>;

type Env = Record<string, string | undefined>;

/**
 * CLIENT_AUTH_METHOD, CLIENT_SECRET and, for private_key_jwt, CLIENT_PRIVATE_KEY_FILE or
 * CLIENT_PRIVATE_KEY (PEM or a JWK) with CLIENT_ASSERTION_ALG (default from the key). The default
 * method is client_secret_basic: OpenID Connect's default `token_endpoint_auth_method`, the one
 * RFC 6749 §2.3.1 requires every server to support. It form-encodes the id and secret before
 * base64, as the RFC says and some providers do not undo: those set client_secret_post.
 */
export function readClientAuthentication(env: Env, problems: string[]): ClientAuthentication {
  const method = env.CLIENT_AUTH_METHOD?.trim() || 'client_secret_basic';
  const secret = env.CLIENT_SECRET ?? '';
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(method)) {
    problems.push(`CLIENT_AUTH_METHOD must be one of ${CLIENT_AUTH_METHODS.join(', ')}, got "${method}"`);
    return { method: 'client_secret_basic', secret };
  }
  if (method !== 'private_key_jwt') return { method: method as 'client_secret_basic' | 'client_secret_post', secret };

  const file = env.CLIENT_PRIVATE_KEY_FILE?.trim();
  const inline = env.CLIENT_PRIVATE_KEY?.trim();
  const source = file ? 'CLIENT_PRIVATE_KEY_FILE' : 'CLIENT_PRIVATE_KEY';
  let text = inline;
  if (file) {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (error) {
      problems.push(`CLIENT_PRIVATE_KEY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): point it at the PEM or JWK file of the client's private key`);
      return { method: 'private_key_jwt', pkcs8: '', alg: 'RS256' };
    }
  }
  if (!text) {
    problems.push('CLIENT_AUTH_METHOD=private_key_jwt needs the client\'s private key: set CLIENT_PRIVATE_KEY_FILE to its PEM or JWK file (or CLIENT_PRIVATE_KEY to its text)');
    return { method: 'private_key_jwt', pkcs8: '', alg: 'RS256' };
  }
  let key: KeyObject;
  let kid: string | undefined;
  try {
    const jwk = text.startsWith('{') ? (JSON.parse(text) as { kid?: unknown }) : undefined;
    key = jwk ? createPrivateKey({ key: jwk as never, format: 'jwk' }) : createPrivateKey(text);
    kid = typeof jwk?.kid === 'string' ? jwk.kid : undefined;
  } catch {
    // Never the key's text in a message: it is a secret.
    problems.push(`${source} is not a private key in PEM (PKCS#8 or PKCS#1) or JWK form`);
    return { method: 'private_key_jwt', pkcs8: '', alg: 'RS256' };
  }
  const alg = env.CLIENT_ASSERTION_ALG?.trim() || defaultAlg(key);
  if (!alg || !(ASSERTION_ALGS as readonly string[]).includes(alg)) {
    problems.push(`CLIENT_ASSERTION_ALG must be one of ${ASSERTION_ALGS.join(', ')} matching the ${key.asymmetricKeyType} key in ${source}, got "${alg ?? ''}"`);
  }
  return { method: 'private_key_jwt', pkcs8: key.export({ type: 'pkcs8', format: 'pem' }).toString(), alg: (alg ?? 'RS256') as AssertionAlg, ...(kid ? { kid } : {}) };
}

function defaultAlg(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') return { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[key.asymmetricKeyDetails?.namedCurve ?? ''];
  return undefined;
}

/** The same authentication, as express-openid-connect takes it (the code exchange at login). */
export function eocClientAuthentication(auth: ClientAuthentication): Pick<ConfigParams, 'clientAuthMethod' | 'clientSecret' | 'clientAssertionSigningKey' | 'clientAssertionSigningAlg'> {
  if (auth.method !== 'private_key_jwt') return { clientAuthMethod: auth.method, clientSecret: auth.secret };
  return { clientAuthMethod: auth.method, clientAssertionSigningKey: auth.pkcs8, clientAssertionSigningAlg: auth.alg };
}

/** The same authentication, as openid-client takes it (refresh and revocation): one implementation, one encoding. */
export async function openidClientAuthentication(auth: ClientAuthentication): Promise<client.ClientAuth> {
  if (auth.method === 'client_secret_basic') return client.ClientSecretBasic(auth.secret);
  if (auth.method === 'client_secret_post') return client.ClientSecretPost(auth.secret);
  if (auth.method !== 'private_key_jwt') throw new TypeError('unreachable');
  const key = await importPKCS8(auth.pkcs8, auth.alg);
  return client.PrivateKeyJwt(auth.kid ? { key, kid: auth.kid } : key);
}
