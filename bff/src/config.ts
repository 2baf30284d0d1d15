import { isAbsolute, resolve } from 'node:path';
import { ConfigError, resolveIssuer } from '@vue-bff/shared';
import { readClientAuthentication, type ClientAuthentication } from './oidc/client-authentication.js';
import { readProviderSettings, type ProviderSettings } from './oidc/provider-settings.js';
import { readCaFile } from './security/ca-file.js';
import { secretProblems } from './security/secret-problems.js';

export { ConfigError };

export type SessionStoreUrl =
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string }
  /** caFile: SESSION_STORE_CA_FILE, the CA that signed a rediss:// server's certificate. */
  | { kind: 'redis'; url: string; caFile?: string };

export type BffConfig = Readonly<{
  production: boolean;
  port: number;
  /** Listen address of the app and metrics ports; undefined: every interface (containers). */
  host: string | undefined;
  /** Public origin of the app, e.g. http://localhost:3000; the callback and cookies derive from it. */
  appBaseUrl: string;
  secure: boolean;
  /** The issuer exactly as configured, trailing slash or not (the shared issuer rule, @vue-bff/shared). */
  issuerBaseUrl: string;
  clientId: string;
  /** CLIENT_AUTH_METHOD with its secret or key: the login's code exchange, refresh and revocation alike. */
  clientAuth: ClientAuthentication;
  /** IDP_LOGOUT, LOGOUT_ID_TOKEN_HINT, ID_TOKEN_SIGNING_ALG, AUTHORIZE_PARAMS, ORGANIZATION (provider-settings.ts). */
  provider: ProviderSettings;
  audience: string;
  scope: string;
  /** Upstream resource API origin; `/api/...` paths are forwarded to it unchanged. */
  apiBaseUrl: string;
  /** Only these path prefixes are proxied. */
  apiPathPrefixes: readonly string[];
  apiTimeoutMs: number;
  /** API_CA_FILE's PEM: the CA that signed an https API's certificate (a private CA); undefined: the system's CAs. */
  apiCa: string | undefined;
  /** SESSION_SECRET, comma-separated, newest first: new cookies and rows use the first, older ones are still read. */
  sessionSecrets: readonly string[];
  sessionStore: SessionStoreUrl;
  cookieName: string;
  /** SameSite=Lax: the login callback and links from mail land logged in; CSRF is stopped by X-CSRF, Fetch Metadata and Origin. */
  cookieSameSite: 'Lax' | 'Strict';
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  /** Stored `uat` is refreshed at most this often: a read-only request writes nothing. */
  touchIntervalSeconds: number;
  refreshMarginSeconds: number;
  trustProxy: boolean;
  /** Sessions kept opened in memory (their tokens in clear) so an unchanged row is not decrypted again; 0: none. */
  sessionDataCache: number;
  /** At most this many sessions per user: a login beyond it ends the least recently used one. */
  sessionsPerUser: number;
  /** Requests to /auth/login and /auth/callback per minute from one client address; 0: no limit. */
  loginRateLimit: number;
  /** Prometheus metrics on their own port (never on the app's origin); undefined: metrics off. */
  metricsPort: number | undefined;
  logLevel: LogLevel;
  /** `auto`: human-readable when not in production and stdout is a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** After SIGTERM/SIGINT, in-flight requests get this long before their connections are cut. */
  shutdownGraceMs: number;
  /** After SIGTERM/SIGINT, /readyz answers 503 this long while requests are still served, before the listener closes. */
  shutdownDelayMs: number;
  /** At start-up, how long the BFF waits for its session store before it listens anyway and says what is wrong. */
  storeStartupWaitMs: number;
  /** Larger /api request bodies (by Content-Length) are refused with 413 before reaching the API. */
  maxBodyBytes: number;
}>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

/** Reads environment + auth_config.json once; throws one ConfigError naming every bad setting. */
export function loadBffConfig(env: Env, authConfig: Record<string, unknown>, cwd = process.cwd()): BffConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const pick = (envName: string, key: string): string | undefined => {
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const fromFile = authConfig[key];
    return typeof fromFile === 'string' && fromFile !== '' ? fromFile : undefined;
  };

  const url = (name: string, value: string | undefined, hint: string): string => {
    if (!value) {
      problems.push(`${name} is missing: ${hint}`);
      return '';
    }
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
      return value.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an http(s) URL, got "${value}": ${hint}`);
      return '';
    }
  };
  const integer = (name: string, fallback: number, min: number, max: number, unit = 'seconds'): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number of ${unit} between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const issuer = resolveIssuer(env, authConfig);
  if (issuer.kind !== 'found') problems.push(issuer.problem);
  const issuerBaseUrl = issuer.kind === 'found' ? issuer.issuer : '';
  const appBaseUrl = url('APP_BASE_URL', pick('APP_BASE_URL', 'appBaseURL'), 'the public origin of the app, e.g. http://localhost:3000');
  const apiBaseUrl = url('API_BASE_URL', pick('API_BASE_URL', 'apiBaseURL'), 'the origin of the resource API, e.g. http://localhost:3001');
  const secure = appBaseUrl.startsWith('https:');

  const clientId = pick('CLIENT_ID', 'clientId');
  if (!clientId) problems.push('CLIENT_ID is missing: set "clientId" in auth_config.json or the CLIENT_ID variable');
  const audience = pick('AUDIENCE', 'audience');
  if (!audience) problems.push('AUDIENCE is missing: set "audience" in auth_config.json to the API identifier');
  const scope = pick('SCOPE', 'scope') ?? 'openid profile email offline_access';
  if (!/(^| )openid( |$)/.test(scope)) problems.push(`SCOPE must include "openid", got "${scope}"`);

  const clientAuth = readClientAuthentication(env, problems);
  const provider = readProviderSettings(env, problems);
  const clientSecret = clientAuth.method === 'private_key_jwt' ? undefined : clientAuth.secret;
  const sessionSecrets = (env.SESSION_SECRET ?? '').split(',').map((secret) => secret.trim());
  problems.push(...secretProblems({ clientSecret, sessionSecrets, production }));

  const sessionStore = withCaFile(parseStoreUrl(env.SESSION_STORE_URL ?? 'sqlite:data/sessions.db', cwd, problems), env.SESSION_STORE_CA_FILE, cwd, problems);
  const port = integer('PORT', 3000, 0, 65535, 'port');
  const sameSite = env.COOKIE_SAMESITE ?? 'Lax';
  if (sameSite !== 'Lax' && sameSite !== 'Strict') problems.push(`COOKIE_SAMESITE must be Lax or Strict, got "${sameSite}"`);

  const prefixes = (env.API_PATH_PREFIXES ?? '/api/').split(',').map((p) => p.trim()).filter(Boolean);
  for (const prefix of prefixes) {
    if (!/^\/api\/[A-Za-z0-9/_-]*$/.test(prefix) || !prefix.endsWith('/')) {
      problems.push(`API_PATH_PREFIXES entries must look like /api/ or /api/name/ (ending in "/"), got "${prefix}"`);
    }
  }

  if (production) {
    if (!secure) problems.push('APP_BASE_URL must be https in production: session cookies need the Secure flag');
    if (sessionStore.kind === 'memory') problems.push('SESSION_STORE_URL=memory: loses every session on restart: use sqlite: or redis:// in production');
  }

  const metricsPort = env.METRICS_PORT ? integer('METRICS_PORT', 0, 0, 65535, 'port') : undefined;
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) problems.push(`METRICS_PORT must differ from PORT (${port}): metrics stay off the app's port`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const logFormat = env.LOG_FORMAT || 'auto';
  if (logFormat !== 'auto' && logFormat !== 'json' && logFormat !== 'pretty') problems.push(`LOG_FORMAT must be auto, json or pretty, got "${logFormat}"`);

  const idleTimeoutSeconds = integer('SESSION_IDLE_TIMEOUT', 30 * 60, 60, 30 * 24 * 3600);
  const absoluteTimeoutSeconds = integer('SESSION_ABSOLUTE_TIMEOUT', 8 * 3600, 60, 90 * 24 * 3600);
  if (absoluteTimeoutSeconds < idleTimeoutSeconds) {
    problems.push('SESSION_ABSOLUTE_TIMEOUT must be at least SESSION_IDLE_TIMEOUT');
  }
  const config = {
    production,
    port,
    host: env.LISTEN_HOST || undefined,
    appBaseUrl,
    secure,
    issuerBaseUrl,
    clientId: clientId ?? '',
    clientAuth,
    provider,
    audience: audience ?? '',
    scope,
    apiBaseUrl,
    apiPathPrefixes: Object.freeze(prefixes),
    apiTimeoutMs: integer('API_TIMEOUT_MS', 15_000, 100, 300_000, 'milliseconds'),
    apiCa: readApiCa(env.API_CA_FILE, apiBaseUrl, cwd, problems),
    sessionSecrets: Object.freeze(sessionSecrets),
    sessionStore,
    // The __Host- prefix (RFC 6265bis) pins the cookie to this origin: Secure, Path=/, no Domain.
    cookieName: secure ? '__Host-bff_session' : 'bff_session',
    cookieSameSite: sameSite as 'Lax' | 'Strict',
    idleTimeoutSeconds,
    absoluteTimeoutSeconds,
    touchIntervalSeconds: integer('SESSION_TOUCH_INTERVAL', 60, 0, 3600),
    refreshMarginSeconds: integer('TOKEN_REFRESH_MARGIN', 30, 0, 600),
    trustProxy: env.TRUST_PROXY === 'true',
    sessionsPerUser: integer('SESSIONS_PER_USER', 10, 1, 1000, 'sessions'),
    sessionDataCache: integer('SESSION_DATA_CACHE', 10_000, 0, 1_000_000, 'sessions'),
    loginRateLimit: integer('LOGIN_RATE_LIMIT', 60, 0, 100_000, 'requests per minute'),
    metricsPort,
    logLevel: logLevel as LogLevel,
    logFormat: logFormat as BffConfig['logFormat'],
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 120_000, 'milliseconds'),
    shutdownDelayMs: integer('SHUTDOWN_DELAY_MS', 0, 0, 120_000, 'milliseconds'),
    storeStartupWaitMs: integer('SESSION_STORE_STARTUP_WAIT_MS', 10_000, 0, 300_000, 'milliseconds'),
    maxBodyBytes: integer('MAX_BODY_BYTES', 1_048_576, 1, 100 * 1_048_576, 'bytes'),
  } satisfies BffConfig;
  if (problems.length > 0) throw new ConfigError(problems, 'BFF configuration');
  return Object.freeze(config);
}

function parseStoreUrl(raw: string, cwd: string, problems: string[]): SessionStoreUrl {
  if (raw === 'memory:') return { kind: 'memory' };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length);
    if (file) return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(cwd, file) };
  }
  if (raw.startsWith('redis://') || raw.startsWith('rediss://')) {
    try {
      new URL(raw);
      return { kind: 'redis', url: raw };
    } catch {
      // reported below
    }
  }
  problems.push(`SESSION_STORE_URL must be sqlite:<file>, redis://host:6379 or memory:, got "${withoutCredentials(raw)}" (rediss://user:password@host:6380 for TLS; special characters in a password must be percent-encoded)`);
  return { kind: 'memory' };
}

// A private CA for a managed Redis over TLS; relative paths resolve like a sqlite: file.
function withCaFile(store: SessionStoreUrl, caFile: string | undefined, cwd: string, problems: string[]): SessionStoreUrl {
  if (!caFile) return store;
  if (store.kind === 'redis' && store.url.startsWith('rediss://')) return { ...store, caFile: isAbsolute(caFile) ? caFile : resolve(cwd, caFile) };
  problems.push('SESSION_STORE_CA_FILE is set, but SESSION_STORE_URL is not rediss://…: use rediss:// for a TLS connection to Redis, or remove SESSION_STORE_CA_FILE');
  return store;
}

// A private CA for an API served over TLS; a relative path resolves like a sqlite: file. Read at
// start, so a wrong file stops the start instead of failing every /api call.
function readApiCa(file: string | undefined, apiBaseUrl: string, cwd: string, problems: string[]): string | undefined {
  if (!file || !apiBaseUrl) return undefined;
  if (new URL(apiBaseUrl).protocol !== 'https:') {
    problems.push('API_CA_FILE is set, but API_BASE_URL is not https://…: use https:// for a TLS connection to the API, or remove API_CA_FILE');
    return undefined;
  }
  const read = readCaFile('API_CA_FILE', resolve(cwd, file), "your API's certificate");
  if ('pem' in read) return read.pem;
  problems.push(read.problem);
  return undefined;
}

// A rejected URL may still hold a password (an unencoded "@" or "/" in it is a common reason):
// never echo what precedes the last "@".
function withoutCredentials(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at < 0) return raw;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  return `${scheme}[redacted]${raw.slice(at)}`;
}
