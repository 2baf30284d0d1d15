import { HttpError, idpUnavailable } from '../http-error.js';
import type { IssuerDiscovery } from '../oidc/issuer-metadata.js';

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

/** The BFF's back-channel calls to the token and revocation endpoints, as a confidential client. */
export function createTokenClient(options: { discovery: IssuerDiscovery; clientId: string; clientSecret: string; timeoutMs?: number }) {
  const { discovery, clientId, clientSecret, timeoutMs = 10_000 } = options;
  // RFC 6749 §2.3.1: client_secret_basic form-encodes id and secret before base64.
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

  async function post(endpoint: string, form: Record<string, string>): Promise<Response> {
    try {
      return await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw idpUnavailable(error);
    }
  }

  return {
    async refresh(refreshToken: string): Promise<TokenResponse> {
      const { token_endpoint } = await discovery.get();
      const response = await post(token_endpoint, { grant_type: 'refresh_token', refresh_token: refreshToken });
      const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string };
      if (response.ok && typeof body.access_token === 'string') return body as TokenResponse;
      if (response.status === 400 || response.status === 401) throw new GrantRevokedError(body.error ?? `status ${response.status}`);
      throw idpUnavailable(new HttpError(response.status, body.error ?? 'token_endpoint_error', 'refresh failed'));
    },
    /** RFC 7009; best effort: logout goes on even when the IdP cannot be reached. */
    async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
      const metadata = discovery.current() ?? (await discovery.get().catch(() => undefined));
      if (!metadata?.revocation_endpoint) return false;
      const response = await post(metadata.revocation_endpoint, { token, token_type_hint: hint }).catch(() => undefined);
      return response?.ok ?? false;
    },
  };
}
