import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseDevIdp } from '../../scripts/start/dev-idp.js';
import { freePorts, startLauncher, type Launcher } from './support/launcher.js';

// npm start used to start the dev IdP whenever the issuer was on localhost, so a provider of one's
// own there (Keycloak on localhost:8080) met a dev IdP failing on its port with "set PORT".

describe('the DEV_IDP rule', () => {
  it.each([
    ['unset, http://localhost:4000 (the dev IdP\'s shape)', undefined, 'http://localhost:4000', { start: true }],
    ['auto, http://idp.localhost:4000/', 'auto', 'http://idp.localhost:4000/', { start: true }],
    ['unset, Keycloak at http://localhost:8080/realms/demo', undefined, 'http://localhost:8080/realms/demo', { start: false, reason: 'not a plain http origin, so your own provider' }],
    ['unset, https://localhost:8443', undefined, 'https://localhost:8443', { start: false, reason: 'not a plain http origin, so your own provider' }],
    ['unset, Auth0', undefined, 'https://tenant.eu.auth0.com/', { start: false, reason: 'not on this machine' }],
    ['false, http://localhost:8080 (a provider of one\'s own on a bare origin)', 'false', 'http://localhost:8080', { start: false, reason: 'DEV_IDP=false' }],
    ['true, http://192.0.2.2:4000 (deliberately on the network)', 'true', 'http://192.0.2.2:4000', { start: true }],
  ])('%s → %j', (_situation, setting, issuer, choice) => {
    expect(chooseDevIdp(setting, issuer)).toEqual(choice);
  });

  it.each([
    ['maybe', 'http://localhost:4000', 'DEV_IDP must be true, false or auto (unset: auto, the dev IdP runs when the issuer is http://localhost:<port>), got "maybe"'],
    ['true', 'http://localhost:8080/realms/demo', 'DEV_IDP=true runs the development IdP at ISSUER_BASE_URL, which must then be a plain http origin such as http://localhost:4000, got "http://localhost:8080/realms/demo"'],
  ])('DEV_IDP=%s with %s → a problem naming DEV_IDP', (setting, issuer, problem) => {
    expect(chooseDevIdp(setting, issuer)).toEqual({ problem });
  });
});

describe('npm start with a provider of one\'s own', () => {
  const launchers: Launcher[] = [];
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(launchers.splice(0).map((launcher) => launcher.kill()));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A Keycloak-shaped provider: only its discovery document, under /realms/demo. */
  async function keycloak(port: number): Promise<string> {
    const issuer = `http://127.0.0.1:${port}/realms/demo`;
    const server = http.createServer((req, res) => {
      if (req.url !== '/realms/demo/.well-known/openid-configuration') return void res.writeHead(404).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/protocol/openid-connect/auth`, token_endpoint: `${issuer}/protocol/openid-connect/token`, jwks_uri: `${issuer}/protocol/openid-connect/certs` }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return issuer;
  }

  it('Keycloak on a loopback port → no dev IdP; the API and the BFF start and the banner names the issuer', async () => {
    const [app = 0, api = 0, provider = 0] = await freePorts(3);
    const issuer = await keycloak(provider);
    const launcher = startLauncher({
      APP_BASE_URL: `http://localhost:${app}`, API_BASE_URL: `http://localhost:${api}`, ISSUER_BASE_URL: issuer,
      CLIENT_SECRET: 'from-keycloak', SESSION_SECRET: 'Zx8vQ2mN5kL9pR3tW7yB1cF4hJ6gD0sA-npm-start-test',
    });
    launchers.push(launcher);
    await launcher.printed(/Ctrl-C stops them all/);
    const { stdout } = launcher.output();
    expect(stdout).toContain(`  Issuer       ${issuer}   (not started here: not a plain http origin, so your own provider)\n`);
    // The only warnings: what this bare provider lacks (revocation, back-channel and RP-initiated logout).
    const otherWarnings = stdout.split('\n').filter((line) => line.includes('WARN') && !line.includes('OpenID provider:'));
    expect([stdout.includes('[idp]'), otherWarnings, /set PORT/.test(stdout + launcher.output().stderr)]).toEqual([false, [], false]);
  }, 120_000);

  it('DEV_IDP=false with the dev IdP\'s issuer and no secrets → exit 1 naming CLIENT_SECRET and SESSION_SECRET', async () => {
    const launcher = startLauncher({ DEV_IDP: 'false', ISSUER_BASE_URL: 'http://localhost:4000' });
    launchers.push(launcher);
    expect(await launcher.exited).toBe(1);
    expect(launcher.output().stderr).toBe('Invalid npm start settings:\n  - the issuer http://localhost:4000 is not the development IdP (DEV_IDP=false): '
      + 'set CLIENT_SECRET (from your provider) and SESSION_SECRET (`openssl rand -base64 48`)\n');
  });

  it('DEV_IDP=yes → exit 1 naming DEV_IDP and its values', async () => {
    const launcher = startLauncher({ DEV_IDP: 'yes' });
    launchers.push(launcher);
    expect(await launcher.exited).toBe(1);
    expect(launcher.output().stderr).toContain('DEV_IDP must be true, false or auto');
  });
});
