import type { IssuerMetadata } from '../oidc/issuer-metadata.js';

/**
 * Where the browser goes after /auth/logout: the IdP's end-session endpoint (RP-Initiated Logout
 * 1.0) with `client_id` instead of `id_token_hint` — an ID token in that URL would land in the
 * browser's address bar and history — and back to the app. Without an end-session endpoint the
 * logout is local: straight back to the app.
 */
export function endSessionUrl(metadata: IssuerMetadata | undefined, options: { clientId: string; returnTo: string }): string {
  if (!metadata?.end_session_endpoint) return options.returnTo;
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('post_logout_redirect_uri', options.returnTo);
  return url.toString();
}
