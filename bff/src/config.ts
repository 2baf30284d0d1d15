import { isAbsolute, resolve } from 'node:path';
import { ConfigError, resolveIssuer } from '@vue-bff/shared';

export { ConfigError };

export type SessionStoreUrl =
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string }
  | { kind: 'redis'; url: string };

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
  clientSecret: string;
  audience: string;
  scope: string;
  /** Upstream resource API origin; `/api/...` paths are forwarded to it unchanged. */
  apiBaseUrl: string;
  /** Only these path prefixes are proxied. */
  apiPathPrefixes: readonly string[];
  apiTimeoutMs: number;
  sessionSecret: string;
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
  /** Prometheus metrics on their own port (never on the app's origin); undefined: metrics off. */
  metricsPort: number | undefined;
  logLevel: LogLevel;
  /** `auto`: human-readable when not in production and stdout is a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** After SIGTERM/SIGINT, in-flight requests get this long before their connections are cut. */
  shutdownGraceMs: number;
  /** Larger /api request bodies (by Content-Length) are refused with 413 before reaching the API. */
  maxBodyBytes: number;
}>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;

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

  const clientSecret = env.CLIENT_SECRET ?? '';
  if (!clientSecret) problems.push('CLIENT_SECRET is missing: set it in the environment to the client secret from your provider (npm start sets a development value)');
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters: generate one with \`openssl rand -base64 48\``);
  } else if (production && new Set(sessionSecret).size < 10) {
    problems.push('SESSION_SECRET is too weak (too few distinct characters): generate one with `openssl rand -base64 48`');
  }

  const sessionStore = parseStoreUrl(env.SESSION_STORE_URL ?? 'sqlite:data/sessions.db', cwd, problems);
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
    // The development values (idp/src/dev-defaults.ts) are public: never in production.
    if (clientSecret.startsWith('dev-only-')) problems.push('CLIENT_SECRET is the public development value: set the secret from your provider');
    if (sessionSecret.startsWith('dev-only-')) problems.push('SESSION_SECRET is the public development value: generate one with `openssl rand -base64 48`');
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
    clientSecret,
    audience: audience ?? '',
    scope,
    apiBaseUrl,
    apiPathPrefixes: Object.freeze(prefixes),
    apiTimeoutMs: integer('API_TIMEOUT_MS', 15_000, 100, 300_000, 'milliseconds'),
    sessionSecret,
    sessionStore,
    // The __Host- prefix (RFC 6265bis) pins the cookie to this origin: Secure, Path=/, no Domain.
    cookieName: secure ? '__Host-bff_session' : 'bff_session',
    cookieSameSite: sameSite as 'Lax' | 'Strict',
    idleTimeoutSeconds,
    absoluteTimeoutSeconds,
    touchIntervalSeconds: integer('SESSION_TOUCH_INTERVAL', 60, 0, 3600),
    refreshMarginSeconds: integer('TOKEN_REFRESH_MARGIN', 30, 0, 600),
    trustProxy: env.TRUST_PROXY === 'true',
    metricsPort,
    logLevel: logLevel as LogLevel,
    logFormat: logFormat as BffConfig['logFormat'],
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 120_000, 'milliseconds'),
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
  problems.push(`SESSION_STORE_URL must be sqlite:<file>, redis://host:6379 or memory:, got "${raw}"`);
  return { kind: 'memory' };
}
