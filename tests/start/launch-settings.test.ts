import { ConfigError } from '@vue-bff/shared';
import { describe, expect, it } from 'vitest';
import { launchSettings } from '../../scripts/start/launch-settings.js';
import { portsMessage } from '../../scripts/start/port-check.js';

// What npm start decides before anything runs; each refusal names the setting that fixes it.

const FILE = { issuerBaseURL: 'http://localhost:4000', clientId: 'bff-demo', audience: 'https://api.bff-demo.local', appBaseURL: 'http://localhost:3000', apiBaseURL: 'http://localhost:3001' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    launchSettings(env, FILE, false);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('launchSettings', () => {
  it('the repository settings → the dev IdP, the API and the BFF on their ports, bound to 127.0.0.1', () => {
    const settings = launchSettings({}, FILE, false);
    expect([settings.listenHost, settings.services.map((service) => `${service.name}:${service.port}:${service.setting}`)])
      .toEqual(['127.0.0.1', ['idp:4000:ISSUER_BASE_URL', 'api:3001:API_BASE_URL', 'bff:3000:APP_BASE_URL']]);
  });

  it('an app URL on the network while the services listen on 127.0.0.1 → refused, naming LISTEN_HOST', () => {
    expect(problemsOf({ APP_BASE_URL: 'http://192.0.2.2:3000' })).toEqual([
      'APP_BASE_URL http://192.0.2.2:3000 is not on a loopback name, but npm start binds the services to 127.0.0.1 only: use localhost, '
      + 'or set LISTEN_HOST=0.0.0.0 to open them to your network deliberately (the demo passwords are public)',
    ]);
  });

  it('LISTEN_HOST=0.0.0.0 → the network URL is accepted and passed on', () => {
    expect(launchSettings({ APP_BASE_URL: 'http://192.0.2.2:3000', LISTEN_HOST: '0.0.0.0' }, FILE, false).listenHost).toBe('0.0.0.0');
  });

  it('two services on one port → refused, naming both settings', () => {
    expect(problemsOf({ API_BASE_URL: 'http://localhost:4000' })).toEqual(['ISSUER_BASE_URL and API_BASE_URL use the same port 4000: give each service its own']);
  });

  it('an app URL with a path → refused, naming APP_BASE_URL', () => {
    expect(problemsOf({ APP_BASE_URL: 'http://localhost:3000/app' })).toEqual(['APP_BASE_URL must be an http(s) origin such as http://localhost:3000, got "http://localhost:3000/app"']);
  });

  it('NODE_ENV=production → refused: npm start runs development servers', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['NODE_ENV=production: npm start runs development servers and secrets; deploy with docker compose (README, Deploy)']);
  });
});

describe('portsMessage', () => {
  it('a port lost between the check and the start (reported by the service) → the same message, the URL setting, never PORT', () => {
    const [api] = launchSettings({}, FILE, true).services.filter((service) => service.name === 'api');
    expect(portsMessage(api ? [{ service: api, reason: 'in use' }] : [], 'npm run dev')).toBe([
      'Cannot start: a port is not free (is another npm run dev still running?)',
      '  3001  the API (API_BASE_URL=http://localhost:3001): in use',
      'Stop what runs there, or move it:',
      '  API_BASE_URL=http://localhost:3101 npm run dev',
    ].join('\n'));
  });
});
