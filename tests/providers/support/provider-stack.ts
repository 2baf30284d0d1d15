import { pino } from 'pino';
import { createApi } from '../../../api/src/app.js';
import { loadApiConfig } from '../../../api/src/config.js';
import { createBff, type Bff } from '../../../bff/src/app.js';
import { loadBffConfig, type BffConfig } from '../../../bff/src/config.js';
import { DEV_SESSION_SECRET } from '../../../idp/src/dev-defaults.js';
import { createTestClock } from '../../helpers/clock.js';
import { createBrowser, type Browser } from '../../helpers/http-client.js';
import { listen, type Listening } from '../../helpers/listen.js';
import { startMockProvider, type MockProviderOptions, type ProviderShape } from '../../helpers/mock-provider.js';
import { captureLogs } from '../../ops/support/log-capture.js';

/**
 * A provider this project did not write (oauth2-mock-server, shaped like Auth0, Entra ID, Keycloak…),
 * the real API trusting it through discovery, and the real BFF in front — each on its own port.
 */
export async function startProviderStack(shape: ProviderShape, options: { provider?: MockProviderOptions; bffEnv?: Record<string, string> } = {}) {
  const provider = await startMockProvider(shape, options.provider);
  const logs = captureLogs('warn');
  const api = await listen(createApi(loadApiConfig({ ISSUER_BASE_URL: provider.issuer, AUDIENCE: provider.audience }, {}), { logger: pino({ level: 'silent' }) }));
  const bffServer = await listen();
  const clock = createTestClock();
  const config: BffConfig = loadBffConfig(
    {
      ISSUER_BASE_URL: provider.issuer,
      APP_BASE_URL: bffServer.url,
      API_BASE_URL: api.url,
      CLIENT_ID: provider.clientId,
      CLIENT_SECRET: provider.clientSecret,
      SESSION_SECRET: DEV_SESSION_SECRET,
      AUDIENCE: provider.audience,
      SCOPE: 'openid profile email offline_access read:messages',
      SESSION_STORE_URL: 'memory:',
      LOGIN_RATE_LIMIT: '0',
      ...options.bffEnv,
    },
    {},
  );
  const bff: Bff = await createBff(config, { clock: clock.now, logger: logs.logger });
  bffServer.server.on('request', bff.app);
  const servers: Listening[] = [bffServer, api];

  const stack = {
    provider,
    clock,
    logs,
    urls: { bff: bffServer.url, api: api.url },
    /** Logs in through the provider (its authorization endpoint answers with a code at once). */
    async login(): Promise<{ browser: Browser; landing: string; status: number }> {
      const browser = createBrowser();
      const page = await browser.get(`${bffServer.url}/auth/login?returnTo=/profile`);
      return { browser, landing: page.url, status: page.status };
    },
    callApi: (browser: Browser, path = '/api/external') => browser.request(`${bffServer.url}${path}`, { headers: { 'x-csrf': '1', accept: 'application/json' } }),
    /** The logout link's first answer: where the BFF sends the browser. */
    async logout(browser: Browser) {
      const { logoutUrl } = JSON.parse((await browser.get(`${bffServer.url}/auth/user`)).body) as { logoutUrl: string };
      const page = await browser.request(`${bffServer.url}${logoutUrl}`, { follow: false });
      return { status: page.status, location: page.headers.get('location') ?? '' };
    },
    async close() {
      await Promise.all(servers.map((server) => server.close()));
      await bff.close();
      await provider.close();
    },
  };
  return stack;
}

export type ProviderStack = Awaited<ReturnType<typeof startProviderStack>>;
