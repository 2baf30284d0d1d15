import { parse } from 'yaml';
import { repoText } from './repo.js';

// docker-compose.yml as data, and the part of Compose's variable interpolation it uses.

export type Healthcheck = { test?: string | string[]; disable?: boolean };
export type DependsOn = Record<string, { condition?: string }> | string[];
export type ComposeService = {
  image?: string;
  build?: { context?: string; target?: string } | string;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | { published?: string | number; target?: number }>;
  expose?: Array<string | number>;
  profiles?: string[];
  depends_on?: DependsOn;
  healthcheck?: Healthcheck;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  networks?: Record<string, { aliases?: string[] } | null> | string[];
};
export type ComposeFile = { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

export const COMPOSE_TEXT = repoText('docker-compose.yml');
// `merge: true` resolves the `<<: *node-service` keys as Compose does.
export const compose = parse(COMPOSE_TEXT, { merge: true }) as ComposeFile;

export function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The environment block as written (values still hold `${VAR:-default}`). */
export function rawEnvironment(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => {
      const [key = '', ...rest] = entry.split('=');
      return [key, rest.join('=')];
    }));
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g;

/** Every `${VAR…}` the file interpolates. */
export function interpolatedNames(text = COMPOSE_TEXT): Set<string> {
  return new Set([...text.replace(/\$\$/g, '').matchAll(VARIABLE)].map((match) => match[1] ?? ''));
}

/** Compose interpolation of one value: `${VAR}`, `${VAR:-default}`, `${VAR-default}`. */
export function interpolate(value: string, variables: Record<string, string> = {}): string {
  return value.replace(VARIABLE, (_all, name: string, operator: string | undefined, fallback: string | undefined) => {
    const set = variables[name];
    if (operator === ':-') return set ? set : (fallback ?? '');
    if (operator === '-') return set ?? (fallback ?? '');
    if (operator === undefined) return set ?? '';
    throw new Error(`interpolation ${operator} is not handled by this test helper`);
  });
}

/** A service's environment as the container would see it, for the given .env values (none: the demo). */
export function environmentOf(name: string, variables: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(rawEnvironment(name)).map(([key, value]) => [key, interpolate(value, variables)]));
}

/** Published host ports as [host, container] pairs, host port interpolated with the defaults. */
export function publishedPorts(name: string): Array<[string, string]> {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port !== 'string') return [String(port.published ?? ''), String(port.target ?? '')];
    const parts = interpolate(port).split(':');
    return [parts.at(-2) ?? '', parts.at(-1) ?? ''];
  });
}

export function aliasesOf(name: string): string[] {
  const networks = service(name).networks;
  if (!networks || Array.isArray(networks)) return [];
  return Object.values(networks).flatMap((network) => network?.aliases ?? []);
}

export function healthcheckCommand(name: string): string[] {
  const test = service(name).healthcheck?.test;
  if (test === undefined) return [];
  return typeof test === 'string' ? ['CMD-SHELL', test] : test;
}
