import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { loadOrCreateSigningKey } from '../../idp/src/signing-key.js';
import type { Stack } from './stack.js';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * A logout token as the dev IdP would sign it (its own key, from its data dir), with claims the
 * test chooses: `undefined` leaves a claim out. Defaults: a fresh jti, iat now, the logout event.
 */
export async function mintLogoutToken(stack: Stack, claims: JWTPayload & { sid?: string } = {}): Promise<string> {
  const key = await loadOrCreateSigningKey(stack.dataDir);
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: stack.urls.idp,
    aud: 'bff-demo',
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    events: { [EVENT]: {} },
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'logout+jwt' }).sign(await importJWK(key, 'RS256'));
}

/** POSTs a logout token to the BFF's back-channel endpoint, as the IdP does. */
export async function sendLogoutToken(bffUrl: string, logoutToken: string) {
  const response = await fetch(`${bffUrl}/auth/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: logoutToken }),
  });
  return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) };
}
