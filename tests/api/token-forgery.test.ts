import { createPublicKey, KeyObject, sign } from 'node:crypto';
import { base64url, decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJwksServer } from '../helpers/jwks-server.js';
import { createSigningKey, mintAccessToken, type SigningKey } from '../helpers/tokens.js';
import { AUDIENCE, EXTERNAL_OK, ISSUER, refused, startApi, type ApiFixture } from './api-fixture.js';

// Forged tokens, crafted with jose and sent to the running API: each must be refused with a 401
// invalid_token challenge and JSON body, and never reach a route.

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
const segments = (token: string) => token.split('.') as [string, string, string];
// jose refuses to sign some of these headers (unknown `crit`), so sign by hand: RS256 over the raw bytes.
const signCompact = (key: SigningKey, header: object, payload: string) => {
  const input = `${encode(header)}.${payload}`;
  return `${input}.${base64url.encode(sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey)))}`;
};

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('algorithm', () => {
  it('a valid RS256 token (control) → 200', async () => {
    expect(await api.call(await api.token())).toEqual(EXTERNAL_OK);
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, no signature → 401 algorithm not accepted', async (alg) => {
    const [, payload] = segments(await api.token());
    const token = `${encode({ alg, typ: 'at+jwt', kid: api.key.kid })}.${payload}.`;
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token algorithm is not accepted'));
  });

  it('alg none keeping the original signature → 401 algorithm not accepted', async () => {
    const [, payload, signature] = segments(await api.token());
    const token = `${encode({ alg: 'none', kid: api.key.kid })}.${payload}.${signature}`;
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token algorithm is not accepted'));
  });

  it('HS256 signed with the public key as the HMAC secret → 401 algorithm not accepted', async () => {
    const publicPem = createPublicKey({ key: api.key.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const token = await new SignJWT({ scope: 'read:messages admin:messages', exp: Math.floor(Date.now() / 1000) + 300 })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: api.key.kid })
      .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('attacker')
      .sign(new TextEncoder().encode(publicPem.toString()));
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token algorithm is not accepted'));
  });

  it('RS256 header with the signature removed → 401 invalid', async () => {
    const [header, payload] = segments(await api.token());
    expect(await api.call(`${header}.${payload}.`)).toEqual(refused.invalidToken('The access token is invalid'));
  });
});

describe('key substitution', () => {
  it('a foreign key reusing the real kid → 401 signature invalid', async () => {
    const foreign = await createSigningKey(api.key.kid);
    const token = await mintAccessToken(foreign, { issuer: ISSUER, audience: AUDIENCE, scope: 'admin:messages' });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token signature is invalid'));
  });

  it.each(['jku', 'x5u'])('%s header pointing at the attacker\'s key server → 401, the attacker is never asked', async (param) => {
    const attacker = await createSigningKey('attacker-key');
    const attackerServer = await startJwksServer([attacker.publicJwk]);
    try {
      const token = await mintAccessToken(attacker, {
        issuer: ISSUER, audience: AUDIENCE, header: { [param]: attackerServer.jwksUri },
      });
      expect(await api.call(token)).toEqual(refused.invalidToken('The access token was signed by an unknown key'));
      expect(attackerServer.fetches).toBe(0);
    } finally {
      await attackerServer.close();
    }
  });

  it('jwk header embedding the attacker\'s key under the real kid → 401 signature invalid', async () => {
    const attacker = await createSigningKey(api.key.kid);
    const token = await mintAccessToken(attacker, { issuer: ISSUER, audience: AUDIENCE, header: { jwk: attacker.publicJwk } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token signature is invalid'));
  });

  it('jwk header embedding the attacker\'s key under its own kid → 401 unknown key', async () => {
    const attacker = await createSigningKey('attacker-key');
    const token = await mintAccessToken(attacker, { issuer: ISSUER, audience: AUDIENCE, header: { jwk: attacker.publicJwk } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token was signed by an unknown key'));
  });

  it('x5c header with the attacker\'s certificate chain → 401 signature invalid', async () => {
    const attacker = await createSigningKey(api.key.kid);
    const token = await mintAccessToken(attacker, { issuer: ISSUER, audience: AUDIENCE, header: { x5c: ['MIIBattackercert'] } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token signature is invalid'));
  });
});

describe('tampering', () => {
  it('payload changed after signing (scope raised) → 401 signature invalid', async () => {
    const [header, , signature] = segments(await api.token());
    const claims = { ...decodeJwt(await api.token()), scope: 'read:messages admin:messages' };
    expect(await api.call(`${header}.${encode(claims)}.${signature}`, '/api/admin'))
      .toEqual(refused.invalidToken('The access token signature is invalid'));
  });

  it('header changed after signing (kid swapped) → 401 unknown key', async () => {
    const [, payload, signature] = segments(await api.token());
    const token = `${encode({ alg: 'RS256', typ: 'at+jwt', kid: 'key-2' })}.${payload}.${signature}`;
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token was signed by an unknown key'));
  });

  it('crit header parameter → 401 unsupported critical parameters', async () => {
    const [, payload] = segments(await api.token());
    const token = signCompact(api.key, { alg: 'RS256', typ: 'at+jwt', kid: api.key.kid, crit: ['x-policy'], 'x-policy': 1 }, payload);
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token has unsupported critical header parameters'));
  });

  it.each([
    ['three segments of garbage', 'abc.def.ghi'],
    ['a JSON array as payload', `${encode({ alg: 'RS256', kid: 'key-1' })}.${encode([1])}.c2ln`],
  ])('%s → 401 malformed', async (_name, token) => {
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token is malformed'));
  });
});
