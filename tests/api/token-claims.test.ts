import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, CLIENT_ID, EXTERNAL_OK, ISSUER, refused, startApi, useApi, type ApiFixture } from './api-fixture.js';

// Correctly signed tokens whose claims or type make them wrong for this API.

const now = () => Math.floor(Date.now() / 1000);

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi(); // clock tolerance: the default 5 s
});
afterAll(() => api.close());

describe('time', () => {
  it('expired a minute ago → 401 expired', async () => {
    const token = await api.token({ claims: { iat: now() - 360, exp: now() - 60 } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token expired'));
  });

  it('expired 2 s ago, within the 5 s clock tolerance → 200', async () => {
    expect(await api.call(await api.token({ claims: { exp: now() - 2 } }))).toEqual(EXTERNAL_OK);
  });

  it('not valid before a minute from now → 401 not valid yet', async () => {
    const token = await api.token({ claims: { nbf: now() + 60 } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token is not valid yet'));
  });

  it('no exp claim → 401 no expiry', async () => {
    const token = await api.token({ claims: { exp: undefined } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token has no expiry'));
  });

  it('exp as a string → 401 no expiry', async () => {
    const token = await api.token({ claims: { exp: String(now() + 300) as never } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token has no expiry'));
  });
});

describe('issuer and audience', () => {
  it.each([
    ['another issuer', 'https://evil.test/'],
    ['the issuer without its trailing slash', 'https://idp.test'],
  ])('%s → 401 issuer not trusted', async (_name, issuer) => {
    const token = await api.token({ issuer });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token issuer is not trusted'));
  });

  it('no iss claim → 401 issuer not trusted', async () => {
    const token = await api.token({ claims: { iss: undefined } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token issuer is not trusted'));
  });

  it.each([
    ['another API', 'https://other-api.test'],
    ['this API with a suffix', `${AUDIENCE}/admin`],
    ['this API in another case', AUDIENCE.toUpperCase()],
  ])('audience of %s → 401 not intended for this API', async (_name, audience) => {
    const token = await api.token({ audience });
    expect(await api.call(token)).toEqual(refused.invalidToken('The access token is not intended for this API'));
  });

  it('audience list holding this API and userinfo (Auth0) → 200', async () => {
    const token = await api.token({ audience: [AUDIENCE, `${ISSUER}userinfo`] });
    expect(await api.call(token)).toEqual(EXTERNAL_OK);
  });
});

describe('token type', () => {
  it('an ID token (aud = client id, typ JWT, nonce) → 401 an ID token', async () => {
    const idToken = await api.token({
      audience: CLIENT_ID,
      scope: undefined,
      header: { typ: 'JWT' },
      claims: { nonce: 'n-0S6_WzA2Mj', auth_time: now(), azp: CLIENT_ID, client_id: undefined, email: 'alice@example.com' },
    });
    expect(await api.call(idToken)).toEqual(refused.invalidToken('The token is an ID token, not an access token'));
  });

  // LemonLDAP::NG puts the API's audience into the ID token's aud: only its claims give it away.
  it.each([
    ['nonce', { nonce: 'n-0S6_WzA2Mj' }],
    ['at_hash', { at_hash: '77QmUPtjPfzWtF2AnpK9RQ' }],
    ['c_hash', { c_hash: 'LDktKdoQak3Pk0cnXxCltA' }],
  ])('an ID token whose aud holds this API too, with %s → 401 an ID token', async (_name, claims) => {
    const idToken = await api.token({ audience: [CLIENT_ID, AUDIENCE], header: { typ: 'JWT' }, claims: { ...claims, azp: CLIENT_ID } });
    expect(await api.call(idToken)).toEqual(refused.invalidToken('The token is an ID token, not an access token'));
  });

  it.each(['logout+jwt', 'dpop+jwt', 'id_token+jwt', 'at+jwt+extra'])('typ %s with the right audience → 401 not an access token', async (typ) => {
    const token = await api.token({ header: { typ } });
    expect(await api.call(token)).toEqual(refused.invalidToken('The token is not an access token'));
  });

  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt', 'JWT', 'jwt'])('typ %s → 200', async (typ) => {
    expect(await api.call(await api.token({ header: { typ } }))).toEqual(EXTERNAL_OK);
  });

  it('no typ header → 200', async () => {
    expect(await api.call(await api.token({ header: { typ: undefined } }))).toEqual(EXTERNAL_OK);
  });
});

describe('REQUIRE_AT_JWT=true', () => {
  const notAtJwt = refused.invalidToken('The access token is not of type at+jwt (RFC 9068), which this API requires');

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT'])('typ %s → 200', async (typ) => {
    const strict = await useApi({ requireAtJwt: true });
    expect(await strict.call(await strict.token({ header: { typ } }))).toEqual(EXTERNAL_OK);
  });

  it.each([['JWT (Auth0)', 'JWT'], ['no typ', undefined]])('typ %s → 401 not of type at+jwt', async (_name, typ) => {
    const strict = await useApi({ requireAtJwt: true });
    expect(await strict.call(await strict.token({ header: { typ } }))).toEqual(notAtJwt);
  });

  it('an ID token with this API in aud and no ID-token claims (typ JWT) → 401 with REQUIRE_AT_JWT, 200 without', async () => {
    const strict = await useApi({ requireAtJwt: true });
    const bare = { audience: [CLIENT_ID, AUDIENCE], header: { typ: 'JWT' }, claims: { azp: CLIENT_ID, auth_time: now() } };
    expect([(await strict.call(await strict.token(bare))).status, (await api.call(await api.token(bare))).status]).toEqual([401, 200]);
  });
});

describe('not a JWT', () => {
  const notJwt = refused.invalidToken('The access token is not a JWT; this API expects JWT access tokens (RFC 9068)');

  it.each([
    ['an opaque token (random base64url, as Okta or oidc-provider issue without an API audience)', 'cZ3b7pQ1yJ0eX4nT8kV2wL6sR9aM5hD1fG3jK7uP0oI'],
    ['a single word', 'not-a-jwt'],
    ['an encrypted token (five segments, as Auth0 issues without an audience)', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..a2V5.Y2lwaGVy.dGFn'],
    ['two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'],
  ])('%s → 401 not a JWT, with the JWT requirement in the description', async (_name, token) => {
    expect(await api.call(token)).toEqual(notJwt);
  });
});
