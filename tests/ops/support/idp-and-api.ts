import { pino } from 'pino';
import { createApi } from '../../../api/src/app.js';
import { loadApiConfig } from '../../../api/src/config.js';
import { createIdp } from '../../../idp/src/app.js';
import { DEV_CLIENT_SECRET } from '../../../idp/src/dev-defaults.js';
import { listen } from '../../helpers/listen.js';
import { AUDIENCE } from '../../helpers/stack.js';

/**
 * The dev IdP and the API in-process, for BFFs that run elsewhere (their own processes, behind
 * an edge): the IdP's client redirects to `appUrl`, the app's public origin. The environment
 * such a BFF needs comes with them.
 */
export async function startIdpAndApi(appUrl: string, dataDir: string) {
  const [idpServer, apiServer] = await Promise.all([listen(), listen()]);
  const idp = await createIdp(Object.freeze({
    issuer: idpServer.url,
    port: 0,
    dataDir,
    audience: AUDIENCE,
    accessTokenTtlSeconds: 300,
    refreshTokenTtlSeconds: 3600,
    client: Object.freeze({
      clientId: 'bff-demo',
      clientSecret: DEV_CLIENT_SECRET,
      redirectUris: [`${appUrl}/auth/callback`],
      postLogoutRedirectUris: [`${appUrl}/`],
      backchannelLogoutUri: `${appUrl}/auth/backchannel-logout`,
    }),
  }));
  idpServer.server.on('request', idp.handler);
  apiServer.server.on('request', createApi(loadApiConfig({ ISSUER_BASE_URL: idpServer.url, AUDIENCE }, {}), { logger: pino({ level: 'silent' }) }));
  return {
    bffEnv: {
      APP_BASE_URL: appUrl,
      ISSUER_BASE_URL: idpServer.url,
      API_BASE_URL: apiServer.url,
      CLIENT_ID: 'bff-demo',
      AUDIENCE,
      SCOPE: 'openid profile email offline_access read:messages',
    },
    async close() {
      await Promise.all([idpServer.close(), apiServer.close()]);
      idp.close();
    },
  };
}
