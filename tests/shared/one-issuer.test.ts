import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../api/src/config.js';
import { loadBffConfig } from '../../bff/src/config.js';
import { loadIdpConfig } from '../../idp/src/config.js';
import { launchSettings } from '../../scripts/start/launch-settings.js';

// Four places used to derive the issuer and disagreed on the trailing slash; now one rule decides,
// so the BFF discovers, the dev IdP announces and the API expects the very same string.

const BFF_ENV = { APP_BASE_URL: 'http://localhost:3000', API_BASE_URL: 'http://localhost:3001', CLIENT_SECRET: 'secret', SESSION_SECRET: 'x'.repeat(40) };
const FILE = { clientId: 'bff-demo', audience: 'https://api.bff-demo.local', appBaseURL: 'http://localhost:3000' };

function issuers(env: Record<string, string>, file: Record<string, unknown>) {
  return [
    loadBffConfig({ ...BFF_ENV, ...env }, { ...FILE, ...file }).issuerBaseUrl,
    loadApiConfig(env, { ...FILE, ...file }).issuer,
    loadIdpConfig(env, { ...FILE, ...file }).issuer,
    launchSettings({ ...env, CLIENT_SECRET: 'secret', SESSION_SECRET: 'x'.repeat(40) }, { ...FILE, ...file }, false).issuer,
  ];
}

describe('bff, api, idp and npm start', () => {
  it.each([
    ['an Auth0 domain only', {}, { domain: 'localhost:4000' }, 'https://localhost:4000/'],
    ['ISSUER_BASE_URL with a trailing slash', { ISSUER_BASE_URL: 'http://localhost:4000/' }, {}, 'http://localhost:4000/'],
    ['ISSUER_BASE_URL without one', { ISSUER_BASE_URL: 'http://localhost:4000' }, {}, 'http://localhost:4000'],
    ['"issuerBaseURL" beside "domain" (the repository file)', {}, { domain: 'localhost:4000', issuerBaseURL: 'http://localhost:4000' }, 'http://localhost:4000'],
  ])('%s → the same issuer everywhere', (_situation, env, file, issuer) => {
    expect(issuers(env, file)).toEqual([issuer, issuer, issuer, issuer]);
  });
});
