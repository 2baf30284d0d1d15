// The API's settings: auth_config.json (public, shared with the BFF) overridden by the environment.
// Pure: no process.env, no file access; server.ts passes both in.
import { ConfigError, issuerUrl, resolveIssuer } from '@vue-bff/shared';

export { ConfigError };

// Asymmetric only: with HS* the verification key would also be a signing key, and `none` signs nothing.
export const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512',
] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

export type ApiConfig = Readonly<{
  port: number;
  /** Expected `iss`, compared verbatim (Auth0's issuer ends with a slash). */
  issuer: string;
  audience: string;
  /** JWKS_URI: the key set, skipping discovery. Unset: `jwks_uri` from the discovery document. */
  jwksUri: string | undefined;
  /** `<issuer without trailing slash>/.well-known/openid-configuration` (OpenID Connect Discovery 4.1). */
  discoveryUrl: string;
  /** REQUIRE_AT_JWT: only tokens typed `at+jwt` (RFC 9068 2.1); off because Auth0 and others send `typ: JWT`. */
  requireAtJwt: boolean;
  /** ORGANIZATION (Auth0 Organizations): an `org_…` id compared with `org_id`, or a name compared with `org_name`. */
  organization: string | undefined;
  algorithms: readonly AsymmetricAlgorithm[];
  clockToleranceSeconds: number;
  /** Keys older than this are refreshed in the background; the cached ones keep serving meanwhile. */
  jwksCacheMaxAgeMs: number;
  /** Minimum gap between two JWKS fetches: the rate limit for unknown `kid`s and failed fetches. */
  jwksCooldownMs: number;
  jwksTimeoutMs: number;
  /** Fully verified tokens remembered (per exact token) so a repeated token skips the RSA check; 0 turns it off. */
  verifiedTokenCacheSize: number;
}>;

type Env = Readonly<Record<string, string | undefined>>;

export function loadApiConfig(env: Env, authConfig: Record<string, unknown>): ApiConfig {
  const problems: string[] = [];
  const read = (name: string) => env[name]?.trim() || undefined;

  const found = resolveIssuer(env, authConfig);
  if (found.kind !== 'found') problems.push(found.problem);
  const issuer = found.kind === 'found' ? found.issuer : undefined;
  const audience = read('AUDIENCE') ?? stringIn(authConfig, 'audience');
  if (!audience) {
    problems.push('AUDIENCE (or "audience" in auth_config.json) is missing: set it to the API identifier the access tokens are issued for, e.g. https://api.example.com');
  }
  // The only place keys come from: a token's jku/x5u/jwk/x5c headers are never consulted.
  const jwksFromEnv = read('JWKS_URI');
  if (jwksFromEnv && !isHttpUrl(jwksFromEnv)) {
    problems.push(`JWKS_URI must be an http(s) URL such as https://tenant.auth0.com/.well-known/jwks.json; got "${jwksFromEnv}"`);
  }
  const organization = read('ORGANIZATION');
  // Auth0 organization ids are org_ + alphanumerics; names are lowercase letters, digits, - and _.
  if (organization && !/^org_[A-Za-z0-9]+$|^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/.test(organization)) {
    problems.push(`ORGANIZATION must be an Auth0 organization id (org_…) or name (letters, digits, - and _); got "${organization}". Unset it to accept tokens of any organization.`);
  }

  const config = {
    port: integer(read('PORT'), { name: 'PORT', fallback: 3001, min: 0, max: 65535 }, problems),
    issuer: issuer ?? '',
    audience: audience ?? '',
    jwksUri: jwksFromEnv,
    discoveryUrl: issuer ? issuerUrl(issuer, '/.well-known/openid-configuration') : '',
    requireAtJwt: boolean(read('REQUIRE_AT_JWT'), 'REQUIRE_AT_JWT', problems),
    organization,
    algorithms: readAlgorithms(read('API_ALGORITHMS'), problems),
    clockToleranceSeconds: integer(read('API_CLOCK_TOLERANCE'), { name: 'API_CLOCK_TOLERANCE', fallback: 5, min: 0, max: 300, unit: 'seconds' }, problems),
    jwksCacheMaxAgeMs: 1000 * integer(read('API_JWKS_CACHE_MAX_AGE'), { name: 'API_JWKS_CACHE_MAX_AGE', fallback: 600, min: 1, max: 86_400, unit: 'seconds' }, problems),
    jwksCooldownMs: 1000 * integer(read('API_JWKS_COOLDOWN'), { name: 'API_JWKS_COOLDOWN', fallback: 30, min: 1, max: 3600, unit: 'seconds' }, problems),
    jwksTimeoutMs: 1000 * integer(read('API_JWKS_TIMEOUT'), { name: 'API_JWKS_TIMEOUT', fallback: 5, min: 1, max: 60, unit: 'seconds' }, problems),
    verifiedTokenCacheSize: integer(read('API_VERIFIED_TOKEN_CACHE'), { name: 'API_VERIFIED_TOKEN_CACHE', fallback: 10_000, min: 0, max: 1_000_000, unit: 'tokens' }, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems, 'API configuration');
  return Object.freeze({ ...config, algorithms: Object.freeze(config.algorithms) });
}

function readAlgorithms(value: string | undefined, problems: string[]): AsymmetricAlgorithm[] {
  const names = (value ?? 'RS256').split(',').map((name) => name.trim()).filter(Boolean);
  const refused = names.filter((name) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(name));
  if (names.length === 0 || refused.length > 0) {
    problems.push(`API_ALGORITHMS may list only asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); `
      + (refused.length > 0 ? `refused: ${refused.join(', ')}` : 'it is empty') + '. Unset it for RS256.');
  }
  return names.filter((name): name is AsymmetricAlgorithm => !refused.includes(name));
}

function boolean(value: string | undefined, name: string, problems: string[]): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  problems.push(`${name} must be true or false; got "${value}". Unset it for false.`);
  return false;
}

type IntegerRule = { name: string; fallback: number; min: number; max: number; unit?: string };

function integer(value: string | undefined, rule: IntegerRule, problems: string[]): number {
  if (value === undefined) return rule.fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (parsed >= rule.min && parsed <= rule.max) return parsed;
  problems.push(`${rule.name} must be a whole number from ${rule.min} to ${rule.max}${rule.unit ? ` (${rule.unit})` : ''}; got "${value}". Unset it for the default ${rule.fallback}.`);
  return rule.fallback;
}

function stringIn(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isHttpUrl(value: string | undefined): boolean {
  if (!value || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash;
}
