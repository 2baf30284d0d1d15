import { describe, expect, it } from 'vitest';
import { environmentOf, healthcheckCommand, publishedPorts, service } from './compose-file.js';
import { repoText } from './repo.js';

// deploy/nginx.conf, the edge in front of every BFF replica, against the compose file that mounts it.

const conf = repoText('deploy/nginx.conf').replace(/#.*$/gm, '');
const directive = (name: string) => [...conf.matchAll(new RegExp(`^\\s*${name}\\s+([^;{]+)[;{]`, 'gm'))].map((match) => (match[1] ?? '').trim());

describe('edge proxy', () => {
  it('compose → mounts this file as the image\'s server config, read-only', () => {
    expect(service('edge').volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
  });

  it('upstream → the bff service on its PORT, re-resolved so scaled replicas join without a restart', () => {
    expect(directive('server')).toEqual([`bff:${environmentOf('bff').PORT} resolve`]);
  });

  it('resolver → Docker\'s embedded DNS with a short validity', () => {
    expect(directive('resolver')).toEqual(['127.0.0.11 valid=5s ipv6=off']);
  });

  it('upstream with `resolve` → has the shared-memory zone nginx requires for it', () => {
    expect(directive('zone')).toEqual(['bff 64k']);
  });

  it('listen → the container port compose publishes', () => {
    expect(directive('listen')).toEqual([publishedPorts('edge')[0]?.[1]]);
  });

  it('every request → proxied to the upstream, with the client\'s scheme forwarded', () => {
    expect([directive('proxy_pass'), directive('proxy_set_header').includes('X-Forwarded-Proto $forwarded_proto')]).toEqual([['http://bff'], true]);
  });

  it('the compose healthcheck → asks a location the edge answers itself', () => {
    const path = new URL(healthcheckCommand('edge').at(-1) ?? '').pathname;
    expect(directive('location')).toContain(`= ${path}`);
  });
});
