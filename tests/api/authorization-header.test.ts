import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTERNAL_OK, refused, startApi, type ApiFixture } from './api-fixture.js';

// The Authorization header is parsed strictly before any token check: every malformed form ends in
// a clean 400/401 with a Bearer challenge and JSON body, never a 500 or a stack trace.

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const ONE_TOKEN = 'The Authorization header must be Bearer followed by exactly one token';

it('no Authorization header → 401 challenge without error code', async () => {
  expect(await api.get('/api/external')).toEqual(refused.missingToken());
});

it('an empty Authorization header → 401 challenge without error code', async () => {
  expect(await api.get('/api/external', { authorization: '' })).toEqual(refused.missingToken());
});

it.each(['Basic YWxpY2U6cGFzc3dvcmQ=', 'Digest username="alice"', 'DPoP abc.def.ghi', 'Bearerabc.def.ghi'])(
  'another scheme (%s) → 401 challenge naming Bearer',
  async (authorization) => {
    expect(await api.get('/api/external', { authorization }))
      .toEqual(refused.missingToken('The Authorization header must use the Bearer scheme'));
  },
);

it.each([
  ['the scheme alone', 'Bearer'],
  ['two tokens', 'Bearer abc.def.ghi jkl.mno.pqr'],
  ['two comma-separated credentials', 'Bearer abc.def.ghi, Bearer jkl.mno.pqr'],
  ['characters outside token68', 'Bearer {"alg":"none"}'],
  ['padding in the middle', 'Bearer abc=def'],
  ['a tab instead of a space', 'Bearer\tabc.def.ghi'],
])('%s → 400 invalid_request', async (_name, authorization) => {
  expect(await api.get('/api/external', { authorization })).toEqual(refused.invalidRequest(ONE_TOKEN));
});

it('two Authorization headers, the first valid → 400 invalid_request', async () => {
  const authorization = [`Bearer ${await api.token()}`, 'Bearer abc.def.ghi'];
  expect(await api.get('/api/external', { authorization })).toEqual(refused.invalidRequest('Send exactly one Authorization header'));
});

it('a 9 KiB Authorization header → 400 too long', async () => {
  const authorization = `Bearer ${'a'.repeat(9 * 1024)}`;
  expect(await api.get('/api/external', { authorization })).toEqual(refused.invalidRequest('The Authorization header is too long'));
});

it('a 20 KiB Authorization header → Node\'s own 431, no stack trace', async () => {
  const reply = await api.get('/api/external', { authorization: `Bearer ${'a'.repeat(20 * 1024)}` });
  expect(reply).toEqual({ status: 431, wwwAuthenticate: null, body: '' });
});

it('scheme in lower case with a valid token → 200 (schemes are case-insensitive)', async () => {
  expect(await api.get('/api/external', { authorization: `bearer ${await api.token()}` })).toEqual(EXTERNAL_OK);
});

it('a token in the query string only → 401 challenge without error code', async () => {
  expect(await api.get(`/api/external?access_token=${await api.token()}`)).toEqual(refused.missingToken());
});
