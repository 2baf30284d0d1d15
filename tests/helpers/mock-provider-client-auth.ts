import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { createLocalJWKSet, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';

// Client authentication at the mock's token and revocation endpoints. oauth2-mock-server checks
// none (it takes any client and even uses the raw Basic user name as the ID token's `aud`), so the
// mock provider does it here, holding the client to one method as a real provider does.

export type ClientAuthMethod =
  | 'client_secret_basic'
  /** Basic without form-decoding (RFC 6749 2.3.1 says decode): LemonLDAP::NG 2.16 and oauth2-mock-server
   * compare the raw value, so a client that form-encodes `bff-demo` (as `bff%2Ddemo`) is refused. */
  | 'client_secret_basic_raw'
  | 'client_secret_post'
  | 'private_key_jwt';

export type ClientRegistration = Readonly<{
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
  /** The client's public keys, for private_key_jwt. */
  jwks?: JSONWebKeySet;
}>;

/** The method a request used, as far as one can tell from it. */
export type SeenMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export type ClientAuthResult = Readonly<{ seen: SeenMethod; error?: string }>;

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export async function authenticateClient(
  client: ClientRegistration,
  headers: IncomingHttpHeaders,
  body: Readonly<Record<string, string>>,
  audiences: readonly string[],
  usedJtis: Set<string>,
): Promise<ClientAuthResult> {
  const basic = /^basic (.*)$/i.exec(headers.authorization ?? '')?.[1];
  const seen: SeenMethod = basic !== undefined ? 'client_secret_basic'
    : body.client_assertion !== undefined ? 'private_key_jwt'
      : body.client_secret !== undefined ? 'client_secret_post' : 'none';
  const expected: SeenMethod = client.method === 'client_secret_basic_raw' ? 'client_secret_basic' : client.method;
  if (seen !== expected) return { seen, error: `the client must authenticate with ${client.method}, not ${seen}` };
  // RFC 6749 2.3: a client uses one authentication method per request.
  if (basic !== undefined && (body.client_secret !== undefined || body.client_assertion !== undefined)) {
    return { seen, error: 'the client authenticated twice (Basic and the body)' };
  }

  switch (client.method) {
    case 'client_secret_basic':
    case 'client_secret_basic_raw': {
      const decoded = Buffer.from(basic ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const raw = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      const [id, secret] = client.method === 'client_secret_basic' ? raw.map(formDecode) : raw;
      return colon >= 0 && id === client.clientId && secret === client.clientSecret ? { seen } : { seen, error: 'wrong client id or secret' };
    }
    case 'client_secret_post':
      return body.client_id === client.clientId && body.client_secret === client.clientSecret ? { seen } : { seen, error: 'wrong client id or secret' };
    case 'private_key_jwt':
      return { seen, ...(await checkAssertion(client, body, audiences, usedJtis)) };
  }
}

/**
 * RFC 6749 2.3.1 and appendix B, as openid-client (oauth4webapi) does it: every character but
 * letters and digits percent-encoded, a space as `+`. `bff-demo` becomes `bff%2Ddemo`.
 */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[-_.!~*'()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

// RFC 6749 appendix B: application/x-www-form-urlencoded, so `+` is a space.
function formDecode(value: string | undefined): string | undefined {
  try {
    return value === undefined ? undefined : decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

// RFC 7523 3: iss = sub = client id, aud = the issuer or the endpoint, exp, a jti used once.
async function checkAssertion(client: ClientRegistration, body: Readonly<Record<string, string>>, audiences: readonly string[], usedJtis: Set<string>) {
  if (body.client_assertion_type !== ASSERTION_TYPE) return { error: `client_assertion_type must be ${ASSERTION_TYPE}` };
  if (!client.jwks) return { error: 'no client keys registered for private_key_jwt' };
  try {
    const { payload } = await jwtVerify(body.client_assertion ?? '', createLocalJWKSet(client.jwks), {
      issuer: client.clientId, subject: client.clientId, audience: [...audiences], requiredClaims: ['exp', 'jti'],
    });
    if (usedJtis.has(String(payload.jti))) return { error: 'the client assertion was used before' };
    usedJtis.add(String(payload.jti));
    return {};
  } catch (error) {
    return { error: `invalid client assertion (${(error as Error).message})` };
  }
}

/** The credentials a well-behaved client sends with `method` (for the fixture's own signIn/refresh). */
export async function clientCredentials(
  client: Readonly<{ clientId: string; clientSecret: string }>,
  method: ClientAuthMethod,
  audience: string,
  key?: Readonly<{ privateKey: CryptoKey; kid: string }>,
): Promise<{ headers: Record<string, string>; body: Record<string, string> }> {
  switch (method) {
    case 'client_secret_basic':
    case 'client_secret_basic_raw': {
      const encode = method === 'client_secret_basic' ? formEncode : (value: string) => value;
      const credentials = Buffer.from(`${encode(client.clientId)}:${encode(client.clientSecret)}`).toString('base64');
      return { headers: { authorization: `Basic ${credentials}` }, body: {} };
    }
    case 'client_secret_post':
      return { headers: {}, body: { client_id: client.clientId, client_secret: client.clientSecret } };
    case 'private_key_jwt': {
      if (!key) throw new TypeError('private_key_jwt needs the client\'s private key: pass clientKey');
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(client.clientId).setSubject(client.clientId).setAudience(audience)
        .setJti(randomUUID()).setIssuedAt().setExpirationTime('60s')
        .sign(key.privateKey);
      return { headers: {}, body: { client_id: client.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion } };
    }
  }
}
