import { describe, expect, it } from 'vitest';
import { compose, environmentOf, healthcheckCommand, interpolate, publishedPorts, service } from './compose-file.js';
import { repoHas } from './repo.js';

// docker-compose.yml: which services run, in which profile, how they are checked and wired.

const DEFAULT_SERVICES = ['redis', 'api', 'bff', 'edge'];
const NODE_SERVICES = ['idp', 'api', 'bff'];

describe('services and profiles', () => {
  it('`docker compose up` → redis, api, bff and the edge proxy start (no profile needed)', () => {
    const withoutProfile = Object.entries(compose.services).filter(([, definition]) => !definition.profiles?.length).map(([name]) => name);
    expect(withoutProfile.sort()).toEqual([...DEFAULT_SERVICES].sort());
  });

  it('the dev IdP → only with `--profile local`', () => {
    expect(service('idp').profiles).toEqual(['local']);
  });

  it('each Node service → built from its own target of the root Dockerfile', () => {
    const targets = NODE_SERVICES.map((name) => service(name).build);
    expect(targets).toEqual(NODE_SERVICES.map((name) => ({ context: '.', target: name })));
  });
});

describe('healthchecks', () => {
  it.each(Object.keys(compose.services))('%s → has an enabled healthcheck', (name) => {
    expect([service(name).healthcheck?.disable ?? false, healthcheckCommand(name).length > 1]).toEqual([false, true]);
  });

  it.each(['idp', 'api'])('%s → probed by node itself (slim images have no curl) on its own PORT /healthz', (name) => {
    const port = environmentOf(name).PORT;
    const [kind, program, flag, script = ''] = healthcheckCommand(name);
    expect([kind, program, flag, script.includes(`'http://127.0.0.1:${port}/healthz'`)]).toEqual(['CMD', 'node', '-e', true]);
  });

  it('bff → probed by node on its own PORT /readyz, healthy only while the store check is ok (not the IdP, not the API)', () => {
    const [kind, program, flag, script = ''] = healthcheckCommand('bff');
    expect([kind, program, flag, script.includes(`'http://127.0.0.1:${environmentOf('bff').PORT}/readyz'`), script.includes("b.checks?.store==='ok'")])
      .toEqual(['CMD', 'node', '-e', true, true]);
  });

  it('redis → redis-cli ping must answer PONG', () => {
    expect(healthcheckCommand('redis')).toEqual(['CMD-SHELL', 'redis-cli ping | grep -q PONG']);
  });

  it('edge → busybox wget (in the alpine image) on its own /edge-healthz', () => {
    expect(healthcheckCommand('edge').slice(0, 2)).toEqual(['CMD', 'wget']);
  });
});

describe('wiring', () => {
  it('bff → starts only once Redis is healthy', () => {
    expect(service('bff').depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
  });

  it('edge → starts only once a BFF is healthy', () => {
    expect(service('edge').depends_on).toMatchObject({ bff: { condition: 'service_healthy' } });
  });

  it('edge → published on 127.0.0.1 unless EDGE_BIND opens it (the demo\'s secrets are public)', () => {
    const [port] = service('edge').ports ?? [];
    const bound = (variables: Record<string, string>) => interpolate(String(port), variables).split(':')[0];
    expect([bound({}), bound({ EDGE_BIND: '0.0.0.0' })]).toEqual(['127.0.0.1', '0.0.0.0']);
  });

  it('bff → no host port, so `--scale bff=3` cannot collide; the edge publishes the app', () => {
    expect([service('bff').ports, publishedPorts('edge').length]).toEqual([undefined, 1]);
  });

  it('host ports → only the edge and the dev IdP (which the browser must reach) publish any', () => {
    const publishing = Object.keys(compose.services).filter((name) => publishedPorts(name).length > 0);
    expect(publishing.sort()).toEqual(['edge', 'idp']);
  });

  it('the dev IdP → published on the loopback interface only (its demo passwords are public)', () => {
    expect(service('idp').ports?.every((port) => typeof port === 'string' && port.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('bff sessions → in the shared Redis by default, so any replica serves any session', () => {
    expect(environmentOf('bff').SESSION_STORE_URL).toBe('redis://redis:6379');
  });

  it('bff → calls the api service on the port the api listens on', () => {
    expect(environmentOf('bff').API_BASE_URL).toBe(`http://api:${environmentOf('api').PORT}`);
  });

  it('bff command → the compiled server, after the compiled demo-secret preload', () => {
    const command = service('bff').command;
    expect([command, repoHas('deploy/demo-secrets-preload.ts'), repoHas('bff/src/server.ts')])
      .toEqual([['node', '--import', './deploy/demo-secrets-preload.js', 'bff/src/server.js'], true, true]);
  });
});

describe('persistence', () => {
  it('redis → append-only file on, in a named volume at /data', () => {
    const redis = service('redis');
    expect([redis.command, redis.volumes, compose.volumes && 'redis-data' in compose.volumes])
      .toEqual([['redis-server', '--appendonly', 'yes', '--appendfsync', 'everysec'], ['redis-data:/data'], true]);
  });

  it('idp → its data directory (the signing key) in a named volume', () => {
    expect([service('idp').volumes, compose.volumes && 'idp-data' in compose.volumes]).toEqual([['idp-data:/app/data'], true]);
  });

  it('bind mounts → every host path exists in the repository', () => {
    const hostPaths = Object.values(compose.services)
      .flatMap((definition) => definition.volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] ?? '' : volume.source ?? ''))
      .filter((source) => source.startsWith('.') || source.startsWith('/'));
    expect(hostPaths.filter((path) => !repoHas(path))).toEqual([]);
  });
});
