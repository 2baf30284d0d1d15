import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';

// The dev IdP accepting one client authentication method only: the BFF must use CLIENT_AUTH_METHOD
// for every call that presents the client — the login's code exchange, refresh and revocation.

async function flow(stack: Stack) {
  const { browser, landing } = await stack.loggedIn(ALICE, '/profile');
  expect(landing.url).toBe(`${stack.urls.bff}/profile`);
  expect((await browser.get(`${stack.urls.bff}/auth/user`)).status).toBe(200);
  expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  stack.clock.advance(301);
  expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  expect(stack.counts.refreshGrants).toBe(1);
  const { logoutUrl } = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { logoutUrl: string };
  expect((await browser.request(`${stack.urls.bff}${logoutUrl}`, { follow: false })).status).toBe(302);
  expect(stack.counts.revocations).toBe(1);
}

describe('the dev IdP with one client authentication method', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('client_secret_post only, CLIENT_AUTH_METHOD=client_secret_post → login, refresh and revocation all succeed', async () => {
    stack = await startStack({ idpClient: { authMethod: 'client_secret_post' }, bffEnv: { CLIENT_AUTH_METHOD: 'client_secret_post' } });
    await flow(stack);
  });

  it('client_secret_post only, the BFF left on client_secret_basic → the login fails with invalid_client (the IdP really refuses the other method)', async () => {
    stack = await startStack({ idpClient: { authMethod: 'client_secret_post' } });
    const page = await stack.loggedIn(ALICE).then(({ landing }) => landing);
    expect(page.status).toBe(400);
  });

  it('private_key_jwt only, CLIENT_AUTH_METHOD=private_key_jwt with the client\'s key → login, refresh and revocation all succeed, no client secret needed', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bff-key-1', alg: 'RS256', use: 'sig' };
    stack = await startStack({
      idpClient: { authMethod: 'private_key_jwt', jwks: { keys: [jwk] } },
      bffEnv: { CLIENT_AUTH_METHOD: 'private_key_jwt', CLIENT_SECRET: '', CLIENT_PRIVATE_KEY: await exportPKCS8(privateKey) },
    });
    await flow(stack);
  });
});
