import { idpUnavailable } from '../http-error.js';

export type IssuerMetadata = Readonly<{
  issuer: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  end_session_endpoint?: string;
  jwks_uri: string;
  backchannel_logout_supported?: boolean;
  token_endpoint_auth_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
  scopes_supported?: string[];
}>;

export type IssuerDiscovery = Readonly<{
  /** Resolves the metadata, fetching it at most once at a time; throws a 503 HttpError while the IdP is down. */
  get(): Promise<IssuerMetadata>;
  /** The metadata if already known: readiness never waits on the IdP. */
  current(): IssuerMetadata | undefined;
}>;

/**
 * OpenID Provider metadata for the BFF's own calls (refresh, revocation). Fetched once and kept;
 * a failure is retried on the next need, so the BFF recovers by itself when the IdP comes back.
 */
export function createIssuerDiscovery(issuerBaseUrl: string, options: { timeoutMs?: number; onFirstMetadata?: (metadata: IssuerMetadata) => void } = {}): IssuerDiscovery {
  const { timeoutMs = 5000, onFirstMetadata } = options;
  const url = `${issuerBaseUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let metadata: IssuerMetadata | undefined;
  let pending: Promise<IssuerMetadata> | undefined;

  async function fetchMetadata(): Promise<IssuerMetadata> {
    let body: Partial<IssuerMetadata>;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      body = (await response.json()) as Partial<IssuerMetadata>;
    } catch (error) {
      throw idpUnavailable(error);
    }
    if (typeof body.issuer !== 'string' || typeof body.token_endpoint !== 'string' || typeof body.jwks_uri !== 'string') {
      throw idpUnavailable(new Error(`${url} lacks issuer, token_endpoint or jwks_uri`));
    }
    // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was asked for, exactly.
    if (body.issuer !== issuerBaseUrl) throw idpUnavailable(new Error(`${url} names the issuer "${body.issuer}", not "${issuerBaseUrl}": set ISSUER_BASE_URL to the provider's issuer exactly`));
    const first = metadata === undefined;
    metadata = Object.freeze(body as IssuerMetadata);
    if (first) onFirstMetadata?.(metadata);
    return metadata;
  }

  return Object.freeze({
    get() {
      if (metadata) return Promise.resolve(metadata);
      pending ??= fetchMetadata().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    current: () => metadata,
  });
}
