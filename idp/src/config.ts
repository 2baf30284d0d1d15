import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkIssuerUrl, ConfigError, resolveIssuer } from '@vue-bff/shared';

import { readClientJwks, type ClientJwks } from './client-jwks.js';
import { DEV_CLIENT_SECRET } from './dev-defaults.js';

export { ConfigError };

/** How the client authenticates at the token, revocation and introspection endpoints (RFC 7591 2). */
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export type IdpConfig = Readonly<{
  /** Issuer identifier exactly as configured (the shared issuer rule), e.g. http://localhost:4000. */
  issuer: string;
  port: number;
  /** Listen address; unset: every interface (containers). `npm start` passes 127.0.0.1. */
  host?: string;
  /** Holds the generated signing key; git-ignored (data/). */
  dataDir: string;
  /** The API identifier: the `audience` authorization parameter and the access tokens' `aud`. */
  audience: string;
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token, and of the IdP login (session and grant) it belongs to. */
  refreshTokenTtlSeconds: number;
  client: Readonly<{
    clientId: string;
    clientSecret: string;
    redirectUris: readonly string[];
    postLogoutRedirectUris: readonly string[];
    backchannelLogoutUri: string;
    /** The only method the IdP accepts from this client; client_secret_basic when unset. */
    authMethod?: ClientAuthMethod;
    /** The client's public keys, for private_key_jwt. */
    jwks?: ClientJwks;
  }>;
  /** Signs the IdP's cookies; createIdp falls back to DEV_COOKIE_KEYS. */
  cookieKeys?: readonly string[];
}>;

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DEFAULT_ACCESS_TOKEN_TTL = 600;
const DEFAULT_REFRESH_TOKEN_TTL = 14 * 24 * 60 * 60;
const MAX_TTL = 365 * 24 * 60 * 60;

type Env = Record<string, string | undefined>;

/**
 * Reads environment + auth_config.json (and the file IDP_CLIENT_JWKS_FILE names, through
 * `readFile`); throws one ConfigError naming every bad setting and its fix.
 */
export function loadIdpConfig(
  env: Env, authConfig: Record<string, unknown>, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): IdpConfig {
  const problems: string[] = [];

  if (env.NODE_ENV === 'production') {
    problems.push('NODE_ENV=production: the development IdP never runs in production; '
      + 'point ISSUER_BASE_URL at your provider (Auth0 or any OpenID provider) and do not start idp/');
  }

  // Each value names where it came from, so a problem names the setting the user actually set.
  const pick = (sources: ReadonlyArray<readonly [string, unknown]>): [string, string] | undefined => {
    for (const [name, value] of sources) {
      if (typeof value === 'string' && value.trim() !== '') return [name, value.trim()];
      if (value !== undefined && value !== '' && typeof value !== 'string') {
        problems.push(`${name} must be a string, got ${JSON.stringify(value)}`);
      }
    }
    return undefined;
  };

  const httpUrl = (found: [string, string] | undefined, missing: string): string => {
    if (!found) {
      problems.push(missing);
      return '';
    }
    const [name, value] = found;
    const parsed = URL.parse(value);
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      problems.push(`${name} must be an absolute http(s) URL such as http://localhost:4000, got "${value}"`);
      return '';
    }
    if (parsed.search || parsed.hash || value.endsWith('?') || value.endsWith('#')) {
      problems.push(`${name} must not have a query or fragment, got "${value}"`);
    }
    return value.replace(/\/+$/, '');
  };

  const seconds = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > MAX_TTL) {
      problems.push(`${name} must be a whole number of seconds between 1 and ${MAX_TTL}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  // IDP_ISSUER first (the compose demo's issuer differs from what the BFF's file says), then the
  // issuer rule every service shares. Kept verbatim: the BFF and the API expect exactly this string.
  const ownIssuer = env.IDP_ISSUER?.trim();
  const found = ownIssuer ? checkIssuerUrl(ownIssuer, 'IDP_ISSUER') : resolveIssuer(env, authConfig);
  let issuer = '';
  if (found.kind !== 'found') {
    problems.push(found.kind === 'missing'
      ? 'the issuer is missing: set IDP_ISSUER (e.g. http://localhost:4000), ISSUER_BASE_URL or "issuerBaseURL" in auth_config.json'
      : found.problem);
  } else if (new URL(found.issuer).pathname !== '/') {
    // The login pages and oidc-provider's routes are mounted at the root of the IdP's origin.
    problems.push(`${found.source} must be an origin without a path, such as http://localhost:4000, got "${found.issuer}"`);
  } else {
    issuer = found.issuer;
  }

  let port = 4000;
  if (env.PORT !== undefined && env.PORT.trim() !== '') {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT must be a TCP port between 0 and 65535, got "${env.PORT}"`);
    }
  }

  const audienceFound = pick([['AUDIENCE', env.AUDIENCE], ['auth_config.json "audience"', authConfig.audience]]);
  let audience = '';
  if (!audienceFound) {
    problems.push('the API audience is missing: set AUDIENCE or "audience" in auth_config.json (e.g. https://api.example.com)');
  } else if (!URL.canParse(audienceFound[1]) || audienceFound[1].includes('#')) {
    // oidc-provider uses the audience as an RFC 8707 resource indicator: an absolute URI without fragment.
    problems.push(`${audienceFound[0]} must be an absolute URI without a fragment, such as https://api.example.com, got "${audienceFound[1]}"`);
  } else {
    audience = audienceFound[1];
  }

  const clientId = pick([['CLIENT_ID', env.CLIENT_ID], ['auth_config.json "clientId"', authConfig.clientId]]);
  if (!clientId) problems.push('the client id is missing: set CLIENT_ID or "clientId" in auth_config.json');

  const appBaseUrl = httpUrl(
    pick([['APP_BASE_URL', env.APP_BASE_URL], ['auth_config.json "appBaseURL"', authConfig.appBaseURL]]),
    'the app origin is missing: set APP_BASE_URL or "appBaseURL" in auth_config.json (e.g. http://localhost:3000)',
  );

  const { authMethod, jwks } = readClientAuthentication(env, readFile, problems);

  const config: IdpConfig = {
    issuer,
    port,
    ...(env.LISTEN_HOST?.trim() ? { host: env.LISTEN_HOST.trim() } : {}),
    dataDir: resolve(env.IDP_DATA_DIR?.trim() || resolve(REPO_ROOT, 'data/idp')),
    audience,
    accessTokenTtlSeconds: seconds('IDP_ACCESS_TOKEN_TTL', DEFAULT_ACCESS_TOKEN_TTL),
    refreshTokenTtlSeconds: seconds('IDP_REFRESH_TOKEN_TTL', DEFAULT_REFRESH_TOKEN_TTL),
    client: Object.freeze({
      clientId: clientId?.[1] ?? '',
      // Outside production only (refused above): the BFF falls back to the same constant.
      clientSecret: env.CLIENT_SECRET?.trim() || DEV_CLIENT_SECRET,
      redirectUris: Object.freeze([`${appBaseUrl}/auth/callback`]),
      postLogoutRedirectUris: Object.freeze([`${appBaseUrl}/`]),
      backchannelLogoutUri: `${appBaseUrl}/auth/backchannel-logout`,
      authMethod,
      ...(jwks ? { jwks } : {}),
    }),
  };

  if (problems.length > 0) throw new ConfigError(problems, 'development IdP configuration');
  return Object.freeze(config);
}

// IDP_CLIENT_AUTH_METHOD, else the BFF's CLIENT_AUTH_METHOD (so one setting configures both ends in
// development). The IdP then accepts only that method: a test can prove which one the BFF used.
function readClientAuthentication(env: Env, readFile: (path: string) => string, problems: string[]) {
  const [name, raw] = env.IDP_CLIENT_AUTH_METHOD?.trim()
    ? ['IDP_CLIENT_AUTH_METHOD', env.IDP_CLIENT_AUTH_METHOD.trim()]
    : ['CLIENT_AUTH_METHOD', env.CLIENT_AUTH_METHOD?.trim() || 'client_secret_basic'];
  let authMethod: ClientAuthMethod = 'client_secret_basic';
  if ((CLIENT_AUTH_METHODS as readonly string[]).includes(raw)) authMethod = raw as ClientAuthMethod;
  else problems.push(`${name} must be one of ${CLIENT_AUTH_METHODS.join(', ')}, got "${raw}"`);

  const jwks = readClientJwks({ json: env.IDP_CLIENT_JWKS, file: env.IDP_CLIENT_JWKS_FILE }, readFile, problems);
  if (authMethod === 'private_key_jwt' && !jwks && !env.IDP_CLIENT_JWKS?.trim() && !env.IDP_CLIENT_JWKS_FILE?.trim()) {
    problems.push(`${name}=private_key_jwt needs the client's public key: set IDP_CLIENT_JWKS_FILE to a JWKS file, `
      + 'or IDP_CLIENT_JWKS to its JSON ({"keys": [{"kty": "RSA", "n": "…", "e": "AQAB", "kid": "…"}]})');
  }
  if (authMethod !== 'private_key_jwt' && jwks) {
    problems.push(`IDP_CLIENT_JWKS${env.IDP_CLIENT_JWKS?.trim() ? '' : '_FILE'} is set but ${name} is ${authMethod}: `
      + `set ${name}=private_key_jwt, or unset the key`);
  }
  return { authMethod, jwks };
}
