import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ALICE, refresh, startIdp, tokensFor, type IdpFixture } from './support/idp-fixture.js';

let idp: IdpFixture;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(() => idp.close());

/** Signs alice in, then opens the RP-initiated logout page as the BFF's /auth/logout would. */
async function openLogout() {
  const login = await tokensFor(idp, ALICE);
  const params = new URLSearchParams({
    id_token_hint: login.tokens.id_token ?? '',
    post_logout_redirect_uri: `${idp.appUrl}/`,
    state: 'after-logout',
  });
  const page = await login.browser.get(`${idp.issuer}/session/end?${params}`);
  return { ...login, page };
}

async function verifyLogoutToken(token: string) {
  const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, { issuer: idp.issuer, audience: idp.config.client.clientId, typ: 'logout+jwt' });
}

describe('RP-initiated logout (GET /session/end)', () => {
  it('a signed-in user → a confirm page: op.logoutForm with a hidden xsrf, a logout=yes button', async () => {
    const { page } = await openLogout();

    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<form id="op.logoutForm" method="post" action="[^"]*\/session\/end\/confirm">/);
    expect(page.body).toMatch(/<input type="hidden" name="xsrf" value="[^"]+"\/>/);
    expect(page.body).toContain('<button type="submit" form="op.logoutForm" name="logout" value="yes"');
  });

  it('confirming → 303 to the post_logout_redirect_uri with state, and the back-channel logout delivered first', async () => {
    const { page, browser, tokens } = await openLogout();
    const before = idp.logoutTokens.length;
    const done = await browser.submitForm(page, { logout: 'yes' });

    expect(done.redirects.at(-1)).toContain('/session/end/confirm');
    expect(done.url).toBe(`${idp.appUrl}/?state=after-logout`);
    const logoutToken = idp.logoutTokens[before] ?? '';
    const { payload } = await verifyLogoutToken(logoutToken);
    expect(payload).toMatchObject({
      sub: 'user-alice',
      sid: decodeJwt(tokens.id_token ?? '').sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
  });

  it('after logout → the session\'s refresh token is refused with invalid_grant', async () => {
    const { page, browser, tokens } = await openLogout();
    await browser.submitForm(page, { logout: 'yes' });
    const refused = await refresh(idp, tokens.refresh_token ?? '');

    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('an unregistered post_logout_redirect_uri → 400 at the IdP, no redirect', async () => {
    const login = await tokensFor(idp, ALICE);
    const params = new URLSearchParams({ id_token_hint: login.tokens.id_token ?? '', post_logout_redirect_uri: 'https://evil.example/' });
    const page = await login.browser.get(`${idp.issuer}/session/end?${params}`);

    expect(page.status).toBe(400);
    expect(page.url.startsWith(idp.issuer)).toBe(true);
  });
});

describe('back-channel logout triggered by a test', () => {
  it('Client.backchannelLogout(sub, sid) → a signed logout token POSTed to the app\'s back-channel URI', async () => {
    const client = await idp.provider.Client.find(idp.config.client.clientId);
    const before = idp.logoutTokens.length;
    await client?.backchannelLogout('user-bob', 'some-sid');
    const { payload } = await verifyLogoutToken(idp.logoutTokens[before] ?? '');

    expect(payload).toMatchObject({ sub: 'user-bob', sid: 'some-sid' });
    expect(payload.nonce).toBeUndefined();
  });
});
