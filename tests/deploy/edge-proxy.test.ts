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
    expect(directive('server').map((server) => server.split(/\s+/).slice(0, 2).join(' '))).toEqual([`bff:${environmentOf('bff').PORT} resolve`]);
  });

  it('upstream → a replica set aside for a few seconds after a failed connection (max_fails, fail_timeout)', () => {
    const parameters = directive('server')[0]?.split(/\s+/).slice(2) ?? [];
    expect(parameters.sort()).toEqual(['fail_timeout=5s', 'max_fails=1']);
  });

  it('retries → only connection failures, never an HTTP answer (a BFF 503 or 502 marks no replica down, reaches the browser)', () => {
    expect(directive('proxy_next_upstream')).toEqual(['error timeout']);
  });

  it('retries → never a POST, PATCH or LOCK already sent (no non_idempotent)', () => {
    expect(conf).not.toMatch(/non_idempotent/);
  });

  it('retries → bounded: three replicas at most, within 3 s of the start, so a slow answer is never replayed', () => {
    expect([directive('proxy_next_upstream_tries'), directive('proxy_next_upstream_timeout')]).toEqual([['3'], ['3s']]);
  });

  it('connect timeout → 1 s: a stopped replica costs a request at most that long', () => {
    expect(directive('proxy_connect_timeout')).toEqual(['1s']);
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
