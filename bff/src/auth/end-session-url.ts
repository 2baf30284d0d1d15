import type { IssuerMetadata } from '../oidc/issuer-metadata.js';

/**
 * IDP_LOGOUT: where /auth/logout sends the browser once the BFF session has ended.
 * - `auto`: the provider's end_session_endpoint (RP-Initiated Logout 1.0) when it announces one;
 *   Auth0's /v2/logout for an issuer on *.auth0.com that does not; else no provider logout;
 * - `oidc`: the end_session_endpoint, or no provider logout when there is none;
 * - `auth0`: Auth0's /v2/logout on the issuer's host (an Auth0 custom domain looks like any host);
 * - `false`: no provider logout: the user stays signed in at the provider.
 */
export const IDP_LOGOUT_MODES = ['auto', 'oidc', 'auth0', 'false'] as const;
export type IdpLogoutMode = (typeof IDP_LOGOUT_MODES)[number];

export type EndSessionOptions = Readonly<{
  mode: IdpLogoutMode;
  clientId: string;
  returnTo: string;
  /** LOGOUT_ID_TOKEN_HINT: the ID token in the logout URL (some providers require it; it lands in the browser's history). */
  idTokenHint?: string;
}>;

/** Where the provider logout would go, or undefined for a logout that stays local. */
export function providerLogout(metadata: IssuerMetadata | undefined, mode: IdpLogoutMode): 'oidc' | 'auth0' | undefined {
  if (mode === 'false' || !metadata) return undefined;
  if (mode === 'auth0') return 'auth0';
  if (metadata.end_session_endpoint) return 'oidc';
  return mode === 'auto' && new URL(metadata.issuer).hostname.endsWith('.auth0.com') ? 'auth0' : undefined;
}

/**
 * The URL: `client_id` always (RP-Initiated Logout 1.0 §2 lets it identify the client), the ID
 * token only when asked for, and the way back to the app. A local logout goes straight back.
 */
export function endSessionUrl(metadata: IssuerMetadata | undefined, options: EndSessionOptions): string {
  const target = providerLogout(metadata, options.mode);
  if (!target || !metadata) return options.returnTo;
  if (target === 'auth0') {
    const url = new URL('/v2/logout', metadata.issuer);
    url.searchParams.set('client_id', options.clientId);
    url.searchParams.set('returnTo', options.returnTo);
    return url.toString();
  }
  const url = new URL(metadata.end_session_endpoint as string);
  url.searchParams.set('client_id', options.clientId);
  if (options.idTokenHint) url.searchParams.set('id_token_hint', options.idTokenHint);
  url.searchParams.set('post_logout_redirect_uri', options.returnTo);
  return url.toString();
}
