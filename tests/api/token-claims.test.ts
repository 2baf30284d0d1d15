import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, CLIENT_ID, EXTERNAL_OK, ISSUER, refused, startApi, type ApiFixture } from './api-fixture.js';

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
  it('an ID token (aud = client id, typ JWT, nonce) → 401 not intended for this API', async () => {
    const idToken = await api.token({
      audience: CLIENT_ID,
      scope: undefined,
      header: { typ: 'JWT' },
      claims: { nonce: 'n-0S6_WzA2Mj', auth_time: now(), azp: CLIENT_ID, client_id: undefined, email: 'alice@example.com' },
    });
    expect(await api.call(idToken)).toEqual(refused.invalidToken('The access token is not intended for this API'));
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
