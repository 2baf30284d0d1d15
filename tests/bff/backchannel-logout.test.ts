import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from '../helpers/http-client.js';
import { mintLogoutToken, sendLogoutToken } from '../helpers/logout-token.js';
import { describeWithRedis, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { captureLogs } from '../ops/support/log-capture.js';

const REFUSED = { error: 'invalid_request', error_description: 'The logout token was refused' };

async function claimsOf(stack: Stack, browser: Browser) {
  const stored = await stack.storedSession(browser);
  return { sub: String(stored?.data.sub), sid: String(stored?.data.sid) };
}

describe('back-channel logout tokens: recent, once', () => {
  const logs = captureLogs();
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ bffDeps: { logger: logs.logger } });
  });
  afterEach(() => stack.close());

  it('a valid token → 204 and the session ends', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    expect((await sendLogoutToken(stack.urls.bff, await mintLogoutToken(stack, await claimsOf(stack, browser)))).status).toBe(204);
    expect((await callApi(browser, stack.urls.bff)).status).toBe(401);
  });

  it('the same token again (a replay) after the user logged in again → 400, the new session lives', async () => {
    const first = await stack.loggedIn(ALICE);
    const token = await mintLogoutToken(stack, { sub: (await claimsOf(stack, first.browser)).sub });
    expect((await sendLogoutToken(stack.urls.bff, token)).status).toBe(204);
    const again = await stack.loggedIn(ALICE);
    expect(await sendLogoutToken(stack.urls.bff, token)).toEqual({ status: 400, body: REFUSED });
    expect((await callApi(again.browser, stack.urls.bff)).status).toBe(200);
    expect(logs.audit('backchannel_logout_rejected').at(-1)).toMatchObject({ reason: 'replayed (jti already used)' });
  });

  it.each([
    ['no jti', { jti: undefined }, 'no jti'],
    ['no iat', { iat: undefined }, 'no iat'],
    ['an iat ten minutes old', { iat: Math.floor(Date.now() / 1000) - 600, exp: undefined }, 'iat too old'],
    ['an iat ten minutes ahead', { iat: Math.floor(Date.now() / 1000) + 600 }, 'iat in the future'],
  ])('a token with %s → 400 with the fixed description, nothing ends', async (_, claims, reason) => {
    const { browser } = await stack.loggedIn(ALICE);
    const token = await mintLogoutToken(stack, { ...(await claimsOf(stack, browser)), ...claims });
    expect(await sendLogoutToken(stack.urls.bff, token)).toEqual({ status: 400, body: REFUSED });
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
    expect(logs.audit('backchannel_logout_rejected').at(-1)).toMatchObject({ reason });
  });

  it('an expired token (exp in the past) → 400, nothing ends', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const now = Math.floor(Date.now() / 1000);
    const token = await mintLogoutToken(stack, { ...(await claimsOf(stack, browser)), iat: now - 200, exp: now - 100 });
    expect(await sendLogoutToken(stack.urls.bff, token)).toEqual({ status: 400, body: REFUSED });
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('a token the library refuses (another issuer) → 400 with the fixed description; the library\'s wording only in the log', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const token = await mintLogoutToken(stack, { ...(await claimsOf(stack, browser)), iss: 'https://other-issuer.example' });
    const answer = await sendLogoutToken(stack.urls.bff, token);
    expect(answer).toEqual({ status: 400, body: REFUSED });
    expect(JSON.stringify(answer.body)).not.toContain('iss');
    expect(logs.audit('backchannel_logout_rejected').at(-1)).toMatchObject({ reason: expect.stringContaining('"iss"') });
    expect((await callApi(browser, stack.urls.bff)).status).toBe(200);
  });

  it('the BFF\'s clock moved past the token\'s age → the token is refused even if never used', async () => {
    const { browser } = await stack.loggedIn(ALICE);
    const token = await mintLogoutToken(stack, { ...(await claimsOf(stack, browser)), exp: undefined });
    stack.clock.advance(301);
    expect((await sendLogoutToken(stack.urls.bff, token)).status).toBe(400);
  });
});

describeWithRedis('back-channel logout tokens across instances on Redis', () => {
  let redis: RedisProcess;
  let stack: Stack;
  beforeEach(async () => {
    redis = await startRedisServer();
    stack = await startStack({ bffEnv: { SESSION_STORE_URL: redis.url } });
  });
  afterEach(async () => {
    await stack.close();
    await redis.stop();
  });

  it('a token used at instance A, replayed at instance B → 400, the session started since lives on', async () => {
    const b = await stack.addInstance();
    const first = await stack.loggedIn(ALICE);
    const token = await mintLogoutToken(stack, { sub: (await claimsOf(stack, first.browser)).sub });
    expect((await sendLogoutToken(stack.urls.bff, token)).status).toBe(204);
    const again = await stack.loggedIn(ALICE);
    expect((await sendLogoutToken(b.url, token)).status).toBe(400);
    expect((await callApi(again.browser, b.url)).status).toBe(200);
  });
});
