import { randomUUID } from 'node:crypto';

import { SignJWT, type CryptoKey } from 'jose';

import { formEncode } from '../../helpers/mock-provider-client-auth.js';
import type { IdpFixture } from './idp-fixture.js';

// The three ways a confidential client authenticates at the token endpoint, built by hand so a
// test can send any of them to an IdP configured for another.

export type ClientAuth = (idp: IdpFixture, endpoint: string) => Promise<{ headers: Record<string, string>; params: Record<string, string> }>;

/** RFC 6749 2.3.1: id and secret form-encoded (`bff-demo` → `bff%2Ddemo`), then Basic; `raw` skips the form-encoding. */
export const basic = (raw = false): ClientAuth => async (idp) => {
  const { clientId, clientSecret } = idp.config.client;
  const encode = raw ? (value: string) => value : formEncode;
  return { headers: { authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}` }, params: {} };
};

export const post: ClientAuth = async (idp) => ({
  headers: {}, params: { client_id: idp.config.client.clientId, client_secret: idp.config.client.clientSecret },
});

/** RFC 7523 2.2: a fresh client assertion signed with `privateKey`, aud = the endpoint's URL unless given. */
export const privateKeyJwt = (privateKey: CryptoKey, kid: string, options: { audience?: string; jti?: string } = {}): ClientAuth => async (idp, endpoint) => {
  const clientId = idp.config.client.clientId;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(clientId).setSubject(clientId).setAudience(options.audience ?? `${idp.issuer}${endpoint}`)
    .setJti(options.jti ?? randomUUID()).setIssuedAt().setExpirationTime('60s')
    .sign(privateKey);
  return {
    headers: {},
    params: { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
  };
};

/** A form POST to `endpoint` (/token, /token/revocation…) authenticated with `auth`. */
export async function postWith(idp: IdpFixture, endpoint: string, params: Record<string, string>, auth: ClientAuth) {
  const credentials = await auth(idp, endpoint);
  const response = await fetch(`${idp.issuer}${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...credentials.headers },
    body: new URLSearchParams({ ...params, ...credentials.params }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
