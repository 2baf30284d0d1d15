import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTERNAL_OK, refused, startApi, type ApiFixture } from './api-fixture.js';

// Per-route scopes: the space-separated `scope` claim, Auth0's `permissions` array, or `scp`
// (Okta: an array; Microsoft Entra ID: a space-separated string).

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const MESSAGES_OK = { status: 200, wwwAuthenticate: null, body: { messages: expect.any(Array) } };
const ADMIN_OK = { status: 200, wwwAuthenticate: null, body: { message: 'Your access token has the admin:messages scope.' } };

it('GET /api/external with a token without scopes → 200 message', async () => {
  expect(await api.call(await api.token({ scope: undefined }))).toEqual(EXTERNAL_OK);
});

it('GET /api/messages with scope read:messages → 200 messages', async () => {
  expect(await api.call(await api.token({ scope: 'openid read:messages' }), '/api/messages')).toEqual(MESSAGES_OK);
});

it('GET /api/messages with read:messages only in permissions → 200 messages', async () => {
  const token = await api.token({ scope: undefined, claims: { permissions: ['read:messages'] } });
  expect(await api.call(token, '/api/messages')).toEqual(MESSAGES_OK);
});

it('GET /api/messages without any scope → 403 insufficient_scope read:messages', async () => {
  expect(await api.call(await api.token({ scope: undefined }), '/api/messages')).toEqual(refused.insufficientScope('read:messages'));
});

it('GET /api/admin with read:messages only (the demo user) → 403 insufficient_scope admin:messages', async () => {
  expect(await api.call(await api.token({ scope: 'read:messages' }), '/api/admin')).toEqual(refused.insufficientScope('admin:messages'));
});

it('GET /api/admin with scope admin:messages → 200', async () => {
  expect(await api.call(await api.token({ scope: 'read:messages admin:messages' }), '/api/admin')).toEqual(ADMIN_OK);
});

it('GET /api/admin with admin:messages in permissions → 200', async () => {
  const token = await api.token({ claims: { permissions: ['read:messages', 'admin:messages'] } });
  expect(await api.call(token, '/api/admin')).toEqual(ADMIN_OK);
});

it('GET /api/admin with admin:messages in scp as an array (Okta) → 200', async () => {
  const token = await api.token({ scope: undefined, claims: { scp: ['openid', 'read:messages', 'admin:messages'] } });
  expect(await api.call(token, '/api/admin')).toEqual(ADMIN_OK);
});

it('GET /api/admin with admin:messages in scp as a space-separated string (Entra) → 200', async () => {
  const token = await api.token({ scope: undefined, claims: { scp: 'read:messages admin:messages' } });
  expect(await api.call(token, '/api/admin')).toEqual(ADMIN_OK);
});

it('GET /api/admin with read:messages in scope and admin:messages in scp → 200 (the claims add up)', async () => {
  const token = await api.token({ scope: 'read:messages', claims: { scp: ['admin:messages'] } });
  expect(await api.call(token, '/api/admin')).toEqual(ADMIN_OK);
});

it.each([
  ['scp as a longer name', { scope: undefined, claims: { scp: 'admin:messages:extra' } }],
  ['scp as an object', { scope: undefined, claims: { scp: { 'admin:messages': true } } }],
  ['scp as an array of arrays', { scope: undefined, claims: { scp: [['admin:messages']] } }],
  ['a longer scope name', { scope: 'admin:messages:extra' }],
  ['the name as a substring', { scope: 'read:messagesadmin:messages' }],
  ['scope as an array', { scope: undefined, claims: { scope: ['admin:messages'] } }],
  ['permissions as a string', { scope: undefined, claims: { permissions: 'admin:messages' } }],
])('GET /api/admin with %s → 403 insufficient_scope', async (_name, options) => {
  expect(await api.call(await api.token(options), '/api/admin')).toEqual(refused.insufficientScope('admin:messages'));
});
