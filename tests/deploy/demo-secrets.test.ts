import { describe, expect, it } from 'vitest';
import { demoSecrets, isLoopbackUrl } from '../../deploy/demo-secrets.js';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../../idp/src/dev-defaults.js';

// The local demo's secrets: the dev IdP's public values, and only where nobody else can reach the app.

const DEMO = { APP_BASE_URL: 'http://localhost:8080', ISSUER_BASE_URL: 'http://idp.localhost:4000' };

describe('demoSecrets', () => {
  it('local demo, secrets unset → both development values', () => {
    expect(demoSecrets(DEMO)).toEqual({ CLIENT_SECRET: DEV_CLIENT_SECRET, SESSION_SECRET: DEV_SESSION_SECRET });
  });

  it('local demo, secrets empty (an empty .env line) → both development values', () => {
    expect(Object.keys(demoSecrets({ ...DEMO, CLIENT_SECRET: '', SESSION_SECRET: '' }))).toEqual(['CLIENT_SECRET', 'SESSION_SECRET']);
  });

  it('NODE_ENV=production → nothing, even on localhost', () => {
    expect(demoSecrets({ ...DEMO, NODE_ENV: 'production' })).toEqual({});
  });

  it('an app on a public host → nothing', () => {
    expect(demoSecrets({ ...DEMO, APP_BASE_URL: 'https://app.example.com' })).toEqual({});
  });

  it('a real provider as issuer (Auth0) → nothing: the BFF then names the missing secret itself', () => {
    expect(demoSecrets({ ...DEMO, ISSUER_BASE_URL: 'https://tenant.eu.auth0.com/' })).toEqual({});
  });

  it('no ISSUER_BASE_URL at all → nothing', () => {
    expect(demoSecrets({ APP_BASE_URL: DEMO.APP_BASE_URL })).toEqual({});
  });

  it('a secret already set → kept; only the other one is added', () => {
    expect(demoSecrets({ ...DEMO, SESSION_SECRET: 'mine-mine-mine-mine-mine-mine-mine-mine' })).toEqual({ CLIENT_SECRET: DEV_CLIENT_SECRET });
  });
});

describe('isLoopbackUrl', () => {
  it.each(['http://localhost:8080', 'http://idp.localhost:4000', 'http://a.b.localhost', 'http://127.0.0.1:3000', 'http://[::1]:3000'])('%s → loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each(['http://localhost.example.com', 'http://evil-localhost', 'http://127.0.0.1.nip.io', 'ftp://localhost', 'localhost:8080', ''])('%s → not loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});
