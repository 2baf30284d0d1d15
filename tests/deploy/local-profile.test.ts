import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/src/config.js';
import { ConfigError, loadBffConfig } from '../../bff/src/config.js';
import { demoSecrets } from '../../deploy/demo-secrets.js';
import { loadIdpConfig } from '../../idp/src/config.js';
import { aliasesOf, environmentOf, publishedPorts } from './compose-file.js';
import { authConfig } from './repo.js';

// `docker compose --profile local up` with no .env: the browser and the containers must agree on
// one issuer URL and one app URL, and every service must accept the settings compose gives it.

const ISSUER = environmentOf('idp').IDP_ISSUER ?? '';
const issuer = new URL(ISSUER);
const app = new URL(environmentOf('bff').APP_BASE_URL ?? '');

// What README.md tells a production .env to set (besides CLIENT_ID, AUDIENCE and the secrets).
const PRODUCTION = { NODE_ENV: 'production', APP_BASE_URL: 'https://app.example.com', ISSUER_BASE_URL: 'https://tenant.eu.auth0.com/' };

function bffEnvironment(variables: Record<string, string> = {}): Record<string, string> {
  const environment = environmentOf('bff', variables);
  return { ...environment, ...demoSecrets(environment) };
}

describe('one issuer for the browser and the containers', () => {
  it('the BFF and the API → expect exactly the issuer the dev IdP announces', () => {
    expect([environmentOf('bff').ISSUER_BASE_URL, environmentOf('api').ISSUER_BASE_URL]).toEqual([ISSUER, ISSUER]);
  });

  it('the issuer host → a *.localhost name, which browsers resolve to 127.0.0.1', () => {
    expect(issuer.hostname).toMatch(/^[a-z0-9-]+\.localhost$/);
  });

  it('inside the compose network → the issuer host is an alias of the idp container', () => {
    expect(aliasesOf('idp')).toContain(issuer.hostname);
  });

  it('from the browser → the issuer port is published to the same port the IdP listens on', () => {
    expect(publishedPorts('idp')).toEqual([[issuer.port, environmentOf('idp').PORT]]);
  });
});

describe('one app origin', () => {
  it('the dev IdP → registers the callback under the BFF\'s APP_BASE_URL', () => {
    expect(environmentOf('idp').APP_BASE_URL).toBe(app.origin);
  });

  it('APP_BASE_URL → on the port the edge publishes', () => {
    expect(publishedPorts('edge')[0]?.[0]).toBe(app.port);
  });

  it('app.localhost → an alias of the edge, which listens on that same port inside the network', () => {
    expect([aliasesOf('edge'), publishedPorts('edge')[0]?.[1]]).toEqual([['app.localhost'], app.port]);
  });
});

describe('the settings compose passes → accepted by each config module', () => {
  it('bff, no .env → loads in development with the Redis store', () => {
    const config = loadBffConfig(bffEnvironment(), authConfig());
    expect([config.production, config.sessionStore, config.trustProxy]).toEqual([false, { kind: 'redis', url: 'redis://redis:6379' }, true]);
  });

  it('api, no .env → validates tokens from the dev IdP\'s issuer', () => {
    expect(loadApiConfig(environmentOf('api'), authConfig()).issuer).toBe(ISSUER);
  });

  it('idp, no .env → loads with the same issuer and client id as the BFF', () => {
    const config = loadIdpConfig(environmentOf('idp'), authConfig());
    expect([config.issuer, config.client.clientId]).toEqual([environmentOf('bff').ISSUER_BASE_URL, loadBffConfig(bffEnvironment(), authConfig()).clientId]);
  });

  it('bff, production .env with an https app and both secrets → loads in production with __Host- cookies', () => {
    const config = loadBffConfig(bffEnvironment({ ...PRODUCTION, CLIENT_SECRET: 'from-auth0', SESSION_SECRET: 'cNQdc00ZXRaBt+23DtSxxENsxz/JEhoD/im6h/2ErNkVLTNS2i+seQt9Q6mCzf5k' }), authConfig());
    expect([config.production, config.secure, config.cookieName]).toEqual([true, true, '__Host-bff_session']);
  });

  it('bff, production .env without secrets → refuses to start, naming both secrets', () => {
    let problems: readonly string[] = [];
    try {
      loadBffConfig(bffEnvironment(PRODUCTION), authConfig());
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(['CLIENT_SECRET', 'SESSION_SECRET'].map((name) => problems.some((problem) => problem.startsWith(name)))).toEqual([true, true]);
  });

  it('bff, production .env without secrets → the messages name the .env lines to fill, not `npm start`', () => {
    let message = '';
    try {
      loadBffConfig(bffEnvironment(PRODUCTION), authConfig());
    } catch (error) {
      if (error instanceof ConfigError) message = error.message;
    }
    expect([message.includes('the CLIENT_SECRET= line of .env'), message.includes('the SESSION_SECRET= line of .env'), message.includes('npm start')]).toEqual([true, true, false]);
  });
});
