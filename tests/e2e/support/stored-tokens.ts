import type { BrowserContext } from 'playwright-core';
import { createSessionCrypto } from '../../../bff/src/session/session-crypto.js';
import { createSessionStore } from '../../../bff/src/session/session-store.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * The tokens the BFF keeps for this browser's session, opened server-side with the id from the
 * browser's cookie: the exact strings that must never show up in the browser.
 */
export async function storedTokens(stack: Stack, context: BrowserContext) {
  const cookie = (await context.cookies(stack.urls.bff)).find((c) => c.name === stack.bffConfig.cookieName);
  if (!cookie) throw new Error(`no ${stack.bffConfig.cookieName} cookie in the browser`);
  const sessionId = cookie.value.split('.')[0] ?? '';
  const store = createSessionStore(stack.bff.backend, createSessionCrypto(stack.bffConfig.sessionSecrets));
  const data = (await store.load(sessionId, 0))?.data;
  if (!data) throw new Error('the browser\'s session is not in the store');
  const tokens = { access_token: data.access_token, refresh_token: data.refresh_token, id_token: data.id_token };
  for (const [name, value] of Object.entries(tokens)) {
    if (typeof value !== 'string' || value.length < 20) throw new Error(`the stored session has no ${name}`);
  }
  return tokens as Record<keyof typeof tokens, string>;
}
