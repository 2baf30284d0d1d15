// The one issuer rule of the idp, the api, the bff and `npm start`.
//
// An issuer is an identifier, not just a URL: OpenID Connect compares it as an exact string (Core
// §3.1.3.7: the `iss` claim MUST exactly match; Discovery §4.3: the discovered `issuer` MUST be
// identical to the one used to fetch it). `http://localhost:4000` and `http://localhost:4000/` are
// the same URL but different issuers, and providers differ: Auth0's issuer is `https://<domain>/`,
// with the slash; the dev IdP's and Keycloak's have none. So:
//
// 1. A configured issuer (ISSUER_BASE_URL, auth_config.json "issuerBaseURL") is kept exactly as
//    written, trailing slash or not; the API compares it verbatim with each token's `iss`, and the
//    dev IdP announces exactly that string, so the two always agree.
// 2. From a bare Auth0 domain (AUTH0_DOMAIN, "domain") the issuer is `https://<domain>/`, with
//    Auth0's slash, because that is what Auth0 writes into `iss`.
// 3. URLs under the issuer are built with `issuerUrl`, which drops the trailing slash before
//    appending (Discovery §4.1 says the same for /.well-known/openid-configuration).
//
// The environment wins over the file (ISSUER_BASE_URL, AUTH0_DOMAIN, then "issuerBaseURL",
// "domain"): a variable set for one run must beat the file in the repository. Empty means unset
// (compose passes empty values).

type Env = Readonly<Record<string, string | undefined>>;

export type IssuerSetting =
  | Readonly<{ kind: 'found'; issuer: string; source: string }>
  | Readonly<{ kind: 'missing' | 'invalid'; problem: string }>;

const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i;
const EXAMPLE = 'such as https://YOUR_TENANT.auth0.com/ or http://localhost:4000';

export function resolveIssuer(env: Env, authConfig: Readonly<Record<string, unknown>>): IssuerSetting {
  const candidates: ReadonlyArray<readonly [source: string, value: unknown, fromDomain: boolean]> = [
    ['ISSUER_BASE_URL', env.ISSUER_BASE_URL, false],
    ['AUTH0_DOMAIN', env.AUTH0_DOMAIN, true],
    ['auth_config.json "issuerBaseURL"', authConfig.issuerBaseURL, false],
    ['auth_config.json "domain"', authConfig.domain, true],
  ];
  for (const [source, raw, fromDomain] of candidates) {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') continue;
    if (!fromDomain) return checkIssuerUrl(value, source);
    if (DOMAIN.test(value)) return { kind: 'found', issuer: `https://${value}/`, source };
    return { kind: 'invalid', problem: `${source} must be a bare host name such as YOUR_TENANT.auth0.com (no scheme, no path), got "${value}"` };
  }
  return {
    kind: 'missing',
    problem: 'ISSUER_BASE_URL is missing: set it (or "issuerBaseURL" or "domain" in auth_config.json) to your OpenID provider\'s issuer, '
      + 'e.g. https://YOUR_TENANT.auth0.com/',
  };
}

/** An issuer written as a URL: http(s), absolute, no credentials, query or fragment (Discovery §3), kept verbatim. */
export function checkIssuerUrl(value: string, source: string): IssuerSetting {
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { kind: 'invalid', problem: `${source} must be an absolute http(s) URL ${EXAMPLE}, got "${value}"` };
  }
  if (url.username || url.password || url.search || url.hash || value.endsWith('?') || value.endsWith('#')) {
    return { kind: 'invalid', problem: `${source} must have no user, query or fragment (an issuer is a plain URL ${EXAMPLE}), got "${value}"` };
  }
  return { kind: 'found', issuer: value, source };
}

/** A URL under the issuer: `issuerUrl('https://t.auth0.com/', '/.well-known/jwks.json')` has one slash. */
export function issuerUrl(issuer: string, path: string): string {
  return `${issuer.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

export const discoveryUrl = (issuer: string): string => issuerUrl(issuer, '/.well-known/openid-configuration');
