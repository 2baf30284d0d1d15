import * as client from 'openid-client';
import { idpUnavailable } from '../http-error.js';
import { openidClientAuthentication, type ClientAuthentication } from '../oidc/client-authentication.js';
import type { IssuerDiscovery, IssuerMetadata } from '../oidc/issuer-metadata.js';

export type TokenResponse = Readonly<{
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  token_type?: string;
  scope?: string;
}>;

/** The grant is dead (revoked, expired, reused): the session must end. */
export class GrantRevokedError extends Error {
  constructor(readonly reason: string) {
    super(`refresh refused: ${reason}`);
    this.name = 'GrantRevokedError';
  }
}

export type TokenClient = ReturnType<typeof createTokenClient>;

/**
 * The BFF's back-channel calls to the token and revocation endpoints, through openid-client — the
 * library express-openid-connect uses for the login — with the same client authentication
 * (CLIENT_AUTH_METHOD): one implementation of every call that presents the client's credentials.
 */
export function createTokenClient(options: {
  discovery: IssuerDiscovery;
  clientId: string;
  auth: ClientAuthentication;
  idTokenSigningAlg?: string;
  timeoutMs?: number;
}) {
  const { discovery, clientId, auth, idTokenSigningAlg = 'RS256', timeoutMs = 10_000 } = options;
  const configurations = new WeakMap<IssuerMetadata, Promise<client.Configuration>>();

  async function build(metadata: IssuerMetadata): Promise<client.Configuration> {
    const configuration = new client.Configuration(metadata as client.ServerMetadata, clientId, { id_token_signed_response_alg: idTokenSigningAlg }, await openidClientAuthentication(auth));
    configuration.timeout = timeoutMs / 1000;
    // The development IdP runs on plain http; a provider on the internet never does.
    if (new URL(metadata.issuer).protocol === 'http:') client.allowInsecureRequests(configuration);
    return configuration;
  }
  const configurationFor = (metadata: IssuerMetadata) => {
    let found = configurations.get(metadata);
    if (!found) {
      found = build(metadata);
      configurations.set(metadata, found);
    }
    return found;
  };

  return {
    async refresh(refreshToken: string): Promise<TokenResponse> {
      const configuration = await configurationFor(await discovery.get());
      try {
        const tokens = await client.refreshTokenGrant(configuration, refreshToken);
        return { ...tokens, access_token: tokens.access_token } as TokenResponse;
      } catch (error) {
        // RFC 6749 §5.2: the provider refused the grant (invalid_grant…): the session cannot go on.
        if (error instanceof client.ResponseBodyError && (error.status === 400 || error.status === 401)) throw new GrantRevokedError(error.error);
        throw idpUnavailable(error);
      }
    },
    /** RFC 7009; best effort: logout goes on even when the IdP cannot be reached. False without an endpoint. */
    async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
      const metadata = discovery.current() ?? (await discovery.get().catch(() => undefined));
      if (!metadata?.revocation_endpoint) return false;
      try {
        await client.tokenRevocation(await configurationFor(metadata), token, { token_type_hint: hint });
        return true;
      } catch {
        return false;
      }
    },
  };
}
