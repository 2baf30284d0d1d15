import { providerLogout, type IdpLogoutMode } from '../auth/end-session-url.js';
import type { IssuerMetadata } from './issuer-metadata.js';

/**
 * What the provider's discovery document says it cannot do for this BFF, each with its consequence:
 * said once, when the document is first read, never a crash (a provider may lack any of these).
 */
export function providerWarnings(metadata: IssuerMetadata, settings: { clientAuthMethod: string; idTokenSigningAlg: string; idpLogout: IdpLogoutMode; scope: string }): string[] {
  const warnings: string[] = [];
  if (!metadata.revocation_endpoint) {
    warnings.push('the provider has no revocation_endpoint: logout and ended sessions cannot revoke their refresh tokens, which stay valid at the provider until they expire');
  }
  if (metadata.backchannel_logout_supported !== true) {
    warnings.push('the provider does not announce back-channel logout (backchannel_logout_supported): a logout at the provider will not end BFF sessions until their refresh token fails or they expire');
  }
  if (settings.idpLogout !== 'false' && !providerLogout(metadata, settings.idpLogout)) {
    warnings.push('the provider has no end_session_endpoint: /auth/logout ends the BFF session only and the user stays signed in at the provider (an Auth0 custom domain: set IDP_LOGOUT=auth0)');
  }
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes(settings.clientAuthMethod)) {
    warnings.push(`the provider lists token_endpoint_auth_methods_supported ${methods.join(', ')}, not CLIENT_AUTH_METHOD=${settings.clientAuthMethod}: logins will fail with invalid_client; set CLIENT_AUTH_METHOD to one of those`);
  }
  const algs = metadata.id_token_signing_alg_values_supported;
  if (algs && !algs.includes(settings.idTokenSigningAlg)) {
    warnings.push(`the provider signs ID tokens with ${algs.join(', ')}, not ID_TOKEN_SIGNING_ALG=${settings.idTokenSigningAlg}: set ID_TOKEN_SIGNING_ALG to one of those`);
  }
  if (/(^| )offline_access( |$)/.test(settings.scope) && metadata.scopes_supported && !metadata.scopes_supported.includes('offline_access')) {
    warnings.push('the provider does not list offline_access in scopes_supported: it may issue no refresh token, and sessions then end when the access token expires');
  }
  return warnings;
}
