import { expect, it } from 'vitest';
import { EXTERNAL_OK, refused, useApi } from './api-fixture.js';

// ORGANIZATION (Auth0 Organizations): the tenant signs tokens for every organization with the same
// key and audience; an API of one organization refuses the others' tokens.

const otherOrganization = refused.invalidToken('The access token was not issued for this API\'s organization');

it('ORGANIZATION=org_… and a token with that org_id → 200', async () => {
  const api = await useApi({ organization: 'org_Acme123' });
  expect(await api.call(await api.token({ claims: { org_id: 'org_Acme123' } }))).toEqual(EXTERNAL_OK);
});

it.each([
  ['another org_id', { org_id: 'org_Other456' }],
  ['the org_id in another case', { org_id: 'org_acme123' }],
  ['no org claim', {}],
  ['only a matching org_name', { org_name: 'org_acme123' }],
])('ORGANIZATION=org_… and a token with %s → 401 not for this organization', async (_name, claims) => {
  const api = await useApi({ organization: 'org_Acme123' });
  expect(await api.call(await api.token({ claims }))).toEqual(otherOrganization);
});

it('ORGANIZATION=a name and a token with that org_name (Auth0 lowercases it) → 200', async () => {
  const api = await useApi({ organization: 'Acme' });
  expect(await api.call(await api.token({ claims: { org_id: 'org_Acme123', org_name: 'acme' } }))).toEqual(EXTERNAL_OK);
});

it.each([
  ['another org_name', { org_name: 'globex' }],
  ['only an org_id', { org_id: 'org_Acme123' }],
])('ORGANIZATION=a name and a token with %s → 401 not for this organization', async (_name, claims) => {
  const api = await useApi({ organization: 'acme' });
  expect(await api.call(await api.token({ claims }))).toEqual(otherOrganization);
});

it('no ORGANIZATION and a token of some organization → 200 (the check is off)', async () => {
  const api = await useApi();
  expect(await api.call(await api.token({ claims: { org_id: 'org_Other456' } }))).toEqual(EXTERNAL_OK);
});
