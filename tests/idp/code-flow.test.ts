import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ALICE, authorizationRequest, BOB, clientPost, exchangeCode, refresh, signIn, startIdp, tokensFor, type IdpFixture,
} from './support/idp-fixture.js';

let idp: IdpFixture;
beforeAll(async () => {
  idp = await startIdp({ IDP_ACCESS_TOKEN_TTL: '120' });
});
afterAll(() => idp.close());

describe('authorization code flow with PKCE and the audience parameter', () => {
  it('alice signs in → an RS256 at+jwt for the API audience with read:messages only', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const { payload, protectedHeader } = await idp.verifyAccessToken(tokens.access_token ?? '');

    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: idp.issuer, aud: 'https://api.bff-demo.local', sub: 'user-alice', client_id: 'bff-demo', scope: 'read:messages',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'read:messages' });
  });

  it('bob signs in → his access token carries read:messages and admin:messages', async () => {
    const { tokens } = await tokensFor(idp, BOB);
    const { payload } = await idp.verifyAccessToken(tokens.access_token ?? '');

    expect(payload.sub).toBe('user-bob');
    expect(String(payload.scope).split(' ').sort()).toEqual(['admin:messages', 'read:messages']);
  });

  it('the token response → an ID token with profile and email claims and a sid, and a refresh token', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const { payload } = await idp.verifyIdToken(tokens.id_token ?? '');

    expect(payload).toMatchObject({
      sub: 'user-alice', name: 'Alice Liddell', given_name: 'Alice', family_name: 'Liddell',
      email: 'alice@example.com', email_verified: true,
    });
    expect(String(payload.picture)).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(payload.sid).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('no audience parameter → the access token is still a JWT for the configured API', async () => {
    const { tokens } = await tokensFor(idp, ALICE, { audience: null });
    const { payload } = await idp.verifyAccessToken(tokens.access_token ?? '');

    expect(payload.aud).toBe(idp.config.audience);
  });

  it('an unknown audience → the client gets error=invalid_target at its redirect URI', async () => {
    const { browser } = await signIn(idp, ALICE);
    const again = await browser.get(authorizationRequest(idp, { audience: 'https://other.example' }).url);
    const url = new URL(again.url);

    expect(url.pathname).toBe('/auth/callback');
    expect(url.searchParams.get('error')).toBe('invalid_target');
  });

  it('the code redeemed twice → invalid_grant', async () => {
    const login = await signIn(idp, ALICE);
    await exchangeCode(idp, login.code, login.authorization.verifier);
    const second = await exchangeCode(idp, login.code, login.authorization.verifier);

    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('refresh tokens: rotation and reuse detection', () => {
  it('refresh → a new JWT access token for the audience and a new refresh token', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const refreshed = await refresh(idp, tokens.refresh_token ?? '');

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(decodeProtectedHeader(refreshed.body.access_token ?? '').typ).toBe('at+jwt');
    const { payload } = await idp.verifyAccessToken(refreshed.body.access_token ?? '');
    expect(payload).toMatchObject({ sub: 'user-alice', scope: 'read:messages', aud: idp.config.audience });
  });

  it('the rotated refresh token also refreshes, again and again', async () => {
    const { tokens } = await tokensFor(idp, BOB);
    const first = await refresh(idp, tokens.refresh_token ?? '');
    const second = await refresh(idp, first.body.refresh_token ?? '');

    expect(second.status).toBe(200);
    expect(decodeJwt(second.body.access_token ?? '').scope).toBe('read:messages admin:messages');
  });

  it('each refresh → one grant.success event whose ctx.oidc.params.grant_type is refresh_token', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const grantTypes: unknown[] = [];
    const count = (ctx: { oidc: { params: Record<string, unknown> } }) => grantTypes.push(ctx.oidc.params.grant_type);
    idp.provider.on('grant.success', count);
    await refresh(idp, tokens.refresh_token ?? '');
    idp.provider.off('grant.success', count);

    expect(grantTypes).toEqual(['refresh_token']);
  });

  it('reusing a consumed refresh token → invalid_grant', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    await refresh(idp, tokens.refresh_token ?? '');
    const reused = await refresh(idp, tokens.refresh_token ?? '');

    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('reuse of a consumed refresh token → the newest refresh token is revoked too (whole grant)', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const rotated = await refresh(idp, tokens.refresh_token ?? '');
    await refresh(idp, tokens.refresh_token ?? '');
    const afterReuse = await refresh(idp, rotated.body.refresh_token ?? '');

    expect(afterReuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('restart on the same data dir', () => {
  it('the IdP restarted → a refresh token issued before it still refreshes, and rotation goes on', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    await idp.restart();
    const refreshed = await refresh(idp, tokens.refresh_token ?? '');

    expect(refreshed.status).toBe(200);
    expect((await refresh(idp, refreshed.body.refresh_token ?? '')).status).toBe(200);
  });

  it('a refresh token consumed before the restart → reuse still detected after it (invalid_grant)', async () => {
    const { tokens } = await tokensFor(idp, BOB);
    await refresh(idp, tokens.refresh_token ?? '');
    await idp.restart();

    expect(await refresh(idp, tokens.refresh_token ?? '')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('POST /token/revocation', () => {
  it('revoking the refresh token → 200, grant.revoked emitted, and the token then refused', async () => {
    const { tokens } = await tokensFor(idp, ALICE);
    const routes: unknown[] = [];
    const record = (ctx: { oidc: { route: string } }) => routes.push(ctx.oidc.route);
    idp.provider.on('grant.revoked', record);
    const revoked = await clientPost(idp, '/token/revocation', { token: tokens.refresh_token ?? '', token_type_hint: 'refresh_token' });
    idp.provider.off('grant.revoked', record);

    expect(revoked.status).toBe(200);
    expect(routes).toEqual(['revocation']);
    expect(await refresh(idp, tokens.refresh_token ?? '')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
