import { describe, expect, it } from 'vitest';
import { DEV_CLIENT_SECRET, DEV_COOKIE_KEYS, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';
import { COMPOSE_TEXT, interpolatedNames, rawEnvironment } from './compose-file.js';
import { envNamesReadBy, repoText, SERVICES } from './repo.js';

// Settings reach the containers through the environment only: every name is one the service's
// config reads, every variable is documented in .env.example, and no secret has a value anywhere.

const SECRETS = ['CLIENT_SECRET', 'SESSION_SECRET'];
const DEV_VALUES = [DEV_CLIENT_SECRET, DEV_SESSION_SECRET, ...DEV_COOKIE_KEYS];

function envExample(): Array<[string, string]> {
  return repoText('.env.example').split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name = '', ...value] = line.split('=');
      return [name.trim(), value.join('=').trim()];
    });
}

describe('environment names', () => {
  it.each(SERVICES)('%s → every name compose sets is one its config or server reads', (name) => {
    const read = envNamesReadBy(name);
    expect(Object.keys(rawEnvironment(name)).filter((key) => !read.has(key))).toEqual([]);
  });

  it('the name extraction → finds the settings every service shares (guards the regex itself)', () => {
    const everywhere = ['ISSUER_BASE_URL', 'AUDIENCE', 'PORT', 'AUTH_CONFIG'];
    expect(SERVICES.map((name) => everywhere.filter((key) => !envNamesReadBy(name).has(key)))).toEqual([[], [], []]);
  });
});

describe('.env.example', () => {
  it('every ${VAR} compose interpolates → listed', () => {
    const listed = new Set(envExample().map(([name]) => name));
    expect([...interpolatedNames()].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('every variable listed → used by compose (no stale entry)', () => {
    const used = interpolatedNames();
    expect(envExample().map(([name]) => name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('the secrets → listed with no value', () => {
    const entries = new Map(envExample());
    expect(SECRETS.map((name) => entries.get(name))).toEqual(['', '']);
  });

  it('every entry → empty (unset falls back to the documented default)', () => {
    expect(envExample().filter(([, value]) => value !== '')).toEqual([]);
  });
});

describe('secrets in docker-compose.yml', () => {
  it('CLIENT_SECRET and SESSION_SECRET → passed through with an empty default, never a value', () => {
    const bff = rawEnvironment('bff');
    expect(SECRETS.map((name) => bff[name])).toEqual(['${CLIENT_SECRET:-}', '${SESSION_SECRET:-}']);
  });

  it('no secret-looking setting → carries a literal value', () => {
    const literal = SERVICES.flatMap((name) => Object.entries(rawEnvironment(name)))
      .filter(([key, value]) => /SECRET|PASSWORD|TOKEN|KEY/i.test(key) && !/^\$\{[A-Z_]+:?-?\}$/.test(value));
    expect(literal).toEqual([]);
  });

  it('the development secrets → appear in no deploy file', () => {
    const files = ['docker-compose.yml', 'Dockerfile', '.env.example', 'deploy/nginx.conf'].map((file) => repoText(file));
    expect(DEV_VALUES.filter((secret) => files.some((text) => text.includes(secret)))).toEqual([]);
  });

  it('no variable → required with ${VAR:?}, which would break every command until .env exists', () => {
    expect(COMPOSE_TEXT).not.toMatch(/\$\{[A-Za-z_]+:?\?/);
  });
});
