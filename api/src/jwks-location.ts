import { FetchError, fetchJson } from './fetch-json.js';

// Where the provider's keys are. Not every provider serves them at <issuer>/.well-known/jwks.json
// (Keycloak: /protocol/openid-connect/certs, Entra: /discovery/v2.0/keys, LemonLDAP::NG: /oauth2/jwks
// while /.well-known/jwks.json is an HTML page), so by default the API reads `jwks_uri` from the
// discovery document (OpenID Connect Discovery 1.0 section 4). JWKS_URI overrides it and skips
// discovery. The key store calls resolve() only when it fetches keys, so discovery runs at most
// once per key-store fetch and is rate-limited with it.

export type JwksLocation = Readonly<{
  resolve: () => Promise<string>;
  /** The key set failed to load: the next resolve() reads the discovery document again, as the keys may have moved. */
  forget: () => void;
}>;

export function fixedJwksLocation(jwksUri: string): JwksLocation {
  return Object.freeze({ resolve: () => Promise.resolve(jwksUri), forget: () => {} });
}

export function discoveredJwksLocation(options: Readonly<{ issuer: string; discoveryUrl: string; timeoutMs: number }>): JwksLocation {
  const { issuer, discoveryUrl, timeoutMs } = options;
  let jwksUri: string | undefined;

  async function discover(): Promise<string> {
    const document = await fetchJson(discoveryUrl, timeoutMs);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new FetchError(discoveryUrl, 'the discovery document is not a JSON object');
    }
    const { issuer: documentIssuer, jwks_uri: found } = document as { issuer?: unknown; jwks_uri?: unknown };
    // Section 4.3: the issuer in the document must be identical to the one the document was
    // fetched for; otherwise its keys are another provider's (a mix-up or a misconfiguration).
    if (documentIssuer !== issuer) {
      throw new FetchError(discoveryUrl, `the document's issuer ${JSON.stringify(documentIssuer)} is not the configured issuer "${issuer}"; `
        + 'set ISSUER_BASE_URL to exactly the provider\'s issuer (mind the trailing slash)');
    }
    if (typeof found !== 'string' || !isHttpUrl(found)) {
      throw new FetchError(discoveryUrl, `the document has no http(s) jwks_uri (got ${JSON.stringify(found)}); set JWKS_URI to the provider's key set`);
    }
    return found;
  }

  return Object.freeze({
    resolve: async () => {
      jwksUri ??= await discover();
      return jwksUri;
    },
    forget: () => {
      jwksUri = undefined;
    },
  });
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:');
}
