import { IDP_LOGOUT_MODES, type IdpLogoutMode } from '../auth/end-session-url.js';

type Env = Record<string, string | undefined>;

// Parameters the BFF itself sets for the code flow: neither a link nor the configuration may change them.
const PROTOCOL_PARAMS = new Set([
  'response_type', 'response_mode', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method',
  'request', 'request_uri', 'audience',
]);
const ID_TOKEN_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export type ProviderSettings = Readonly<{
  /** IDP_LOGOUT (end-session-url.ts). */
  idpLogout: IdpLogoutMode;
  /** LOGOUT_ID_TOKEN_HINT: send id_token_hint at logout (the ID token then passes through the browser's URL). */
  logoutIdTokenHint: boolean;
  /** ID_TOKEN_SIGNING_ALG: the algorithm the provider signs ID tokens (and logout tokens) with. */
  idTokenSigningAlg: string;
  /** AUTHORIZE_PARAMS: static extras for every authorization request (acr_values, resource…). */
  authorizeParams: Readonly<Record<string, string>>;
  /** ORGANIZATION: Auth0 Organizations; sent at login and required in the ID token. */
  organization: string | undefined;
}>;

/** The provider-facing settings of the BFF, each refused with a message that names it and the fix. */
export function readProviderSettings(env: Env, problems: string[]): ProviderSettings {
  const idpLogout = env.IDP_LOGOUT?.trim() || 'auto';
  if (!(IDP_LOGOUT_MODES as readonly string[]).includes(idpLogout)) problems.push(`IDP_LOGOUT must be one of ${IDP_LOGOUT_MODES.join(', ')}, got "${idpLogout}"`);
  const hint = env.LOGOUT_ID_TOKEN_HINT?.trim() || 'false';
  if (hint !== 'true' && hint !== 'false') problems.push(`LOGOUT_ID_TOKEN_HINT must be true or false, got "${hint}"`);
  const idTokenSigningAlg = env.ID_TOKEN_SIGNING_ALG?.trim() || 'RS256';
  if (!ID_TOKEN_ALGS.includes(idTokenSigningAlg)) problems.push(`ID_TOKEN_SIGNING_ALG must be one of ${ID_TOKEN_ALGS.join(', ')} (asymmetric only), got "${idTokenSigningAlg}"`);

  const authorizeParams: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(env.AUTHORIZE_PARAMS?.trim() ?? '')) {
    if (PROTOCOL_PARAMS.has(name)) problems.push(`AUTHORIZE_PARAMS may not set "${name}": the BFF sets it (use SCOPE and AUDIENCE for scope and audience)`);
    else authorizeParams[name] = value;
  }
  const organization = env.ORGANIZATION?.trim() || undefined;
  if (organization && !/^org_[A-Za-z0-9]+$|^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/.test(organization)) {
    problems.push(`ORGANIZATION must be an Auth0 organization id (org_…) or name (letters, digits, - and _), got "${organization}"`);
  }
  return Object.freeze({
    idpLogout: idpLogout as IdpLogoutMode,
    logoutIdTokenHint: hint === 'true',
    idTokenSigningAlg,
    authorizeParams: Object.freeze(authorizeParams),
    organization,
  });
}
