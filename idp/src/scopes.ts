// The scope vocabulary of the dev IdP, shared by the provider configuration and the login step.

/** OpenID Connect scopes and the claims each one releases (OIDC Core 5.4). */
export const OIDC_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'picture'],
  email: ['email', 'email_verified'],
} as const;

export const OIDC_SCOPES: ReadonlySet<string> = new Set([...Object.keys(OIDC_CLAIMS), 'offline_access']);

/** Scopes of the resource API (docs/contract.md); each user is allowed a subset (users.ts). */
export const API_SCOPES: readonly string[] = ['read:messages', 'admin:messages'];
