import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Docker does not run on this machine: the deploy tests read the files Docker would read.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function repoText(path: string): string {
  return readFileSync(`${ROOT}${path}`, 'utf8');
}

export function repoHas(path: string): boolean {
  return existsSync(`${ROOT}${path.replace(/^\.\//, '')}`);
}

export function authConfig(): Record<string, unknown> {
  return JSON.parse(repoText('auth_config.json')) as Record<string, unknown>;
}

export type Service = 'idp' | 'api' | 'bff';
export const SERVICES: readonly Service[] = ['idp', 'api', 'bff'];

// The files that read the environment: each service's config.ts and server.ts (STYLE.md rule 1),
// the shared issuer rule they all apply (@vue-bff/shared), plus the BFF's demo-secret preload that
// compose runs before it.
const SHARED_ENV_READERS = ['shared/src/issuer.ts'];
const ENV_READERS: Record<Service, readonly string[]> = {
  idp: ['idp/src/config.ts', 'idp/src/server.ts', ...SHARED_ENV_READERS],
  api: ['api/src/config.ts', 'api/src/server.ts', ...SHARED_ENV_READERS],
  bff: ['bff/src/config.ts', 'bff/src/server.ts', 'deploy/demo-secrets.ts', ...SHARED_ENV_READERS],
};

// `env.NAME`, `process.env.NAME`, `env['NAME']`, and the helpers the config modules read through:
// read('NAME') (api), pick('NAME', …) / integer('NAME', …) (bff), seconds('NAME', …) (idp).
const ENV_NAME = /\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)\b|\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]|\b(?:read|pick|integer|seconds)\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g;

/** The environment names a service's code reads, found in its source text. */
export function envNamesReadBy(service: Service): Set<string> {
  const names = new Set<string>();
  for (const file of ENV_READERS[service]) {
    for (const match of repoText(file).matchAll(ENV_NAME)) {
      const name = match[1] ?? match[2] ?? match[3];
      if (name) names.add(name);
    }
  }
  return names;
}
