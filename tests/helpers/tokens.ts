import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

// Test signing keys and access tokens, made with jose (an implementation independent of the
// API's express-jwt/jsonwebtoken). Shared by the API, BFF-proxy and benchmark tests.

export type SigningKey = Readonly<{
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  /** The public half as a JWK, with kid, alg and use: what a JWKS endpoint publishes. */
  publicJwk: JWK;
}>;

export async function createSigningKey(kid = `key-${randomUUID()}`, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export type AccessTokenOptions = Readonly<{
  issuer: string;
  audience: string | string[];
  scope?: string;
  subject?: string;
  expiresInSeconds?: number;
  /** Extra or replacing claims; a claim set to undefined is left out (e.g. `{ exp: undefined }`). */
  claims?: JWTPayload;
  /** Extra or replacing header parameters (e.g. `{ typ: 'JWT' }`, `{ kid: 'other' }`). */
  header?: Readonly<Record<string, unknown>>;
}>;

/** An RFC 9068 access token: RS256 (the key's alg), typ at+jwt, iss, aud, sub, client_id, iat, exp, jti, scope. */
export function mintAccessToken(key: SigningKey, options: AccessTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: options.issuer,
    sub: options.subject ?? 'auth0|test-user',
    aud: options.audience,
    client_id: 'test-client',
    iat: now,
    exp: now + (options.expiresInSeconds ?? 300),
    jti: randomUUID(),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    ...options.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...options.header })
    .sign(key.privateKey);
}
