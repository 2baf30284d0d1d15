import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createRemoteJWKSet, jwtVerify } from 'jose';

import { createIdp } from '../../../idp/src/app.js';
import { loadIdpConfig, type IdpConfig } from '../../../idp/src/config.js';
import { createBrowser, type Browser, type Page } from '../../helpers/http-client.js';
import { listen } from '../../helpers/listen.js';

export const AUTH_CONFIG = {
  domain: 'localhost:4000',
  issuerBaseURL: 'http://localhost:4000',
  clientId: 'bff-demo',
  audience: 'https://api.bff-demo.local',
  scope: 'openid profile email offline_access read:messages admin:messages',
  appBaseURL: 'http://localhost:3000',
} as const;
export const FULL_SCOPE = AUTH_CONFIG.scope;
export const ALICE = { email: 'alice@example.com', password: 'alice-demo-password' };
export const BOB = { email: 'bob@example.com', password: 'bob-demo-password' };

export type IdpFixture = Awaited<ReturnType<typeof startIdp>>;

/**
 * The real dev IdP on a loopback port plus a stand-in relying party (the "app" origin) that
 * answers the redirect URI and records back-channel logout tokens. Data dir in a temp dir.
 */
export async function startIdp(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-test-'));
  const [idpServer, rpServer] = await Promise.all([listen(), listen()]);
  const logoutTokens: string[] = [];
  rpServer.server.on('request', relyingParty(logoutTokens));
  const config: IdpConfig = loadIdpConfig(
    { NODE_ENV: 'test', IDP_ISSUER: idpServer.url, APP_BASE_URL: rpServer.url, IDP_DATA_DIR: dataDir, ...env },
    AUTH_CONFIG,
  );
  let idp = await createIdp(config);
  idpServer.server.on('request', idp.handler);
  const jwks = createRemoteJWKSet(new URL(`${config.issuer}/.well-known/jwks.json`));

  return {
    config,
    get provider() {
      return idp.provider;
    },
    issuer: config.issuer,
    appUrl: rpServer.url,
    dataDir,
    logoutTokens,
    /** Verifies an access token as the API would, with an independent library (jose). */
    verifyAccessToken: (token: string) => jwtVerify(token, jwks, {
      issuer: config.issuer, audience: config.audience, typ: 'at+jwt', algorithms: ['RS256'],
    }),
    verifyIdToken: (token: string) => jwtVerify(token, jwks, { issuer: config.issuer, audience: config.client.clientId }),
    /** Stops the IdP as its server does (pending storage written) and starts it again on the same data dir and port. */
    async restart() {
      idpServer.server.off('request', idp.handler);
      idp.close();
      idp = await createIdp(config);
      idpServer.server.on('request', idp.handler);
    },
    async close() {
      await Promise.all([idpServer.close(), rpServer.close()]);
      idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type AuthorizationOptions = {
  scope?: string;
  audience?: string | null;
  pkce?: boolean;
  extra?: Record<string, string>;
};

export type Authorization = { url: string; verifier: string; state: string };

/** An authorization request as the BFF sends it: code flow, S256 PKCE, state, nonce, audience. */
export function authorizationRequest(idp: IdpFixture, options: AuthorizationOptions = {}): Authorization {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const params = new URLSearchParams({
    client_id: idp.config.client.clientId,
    redirect_uri: idp.config.client.redirectUris[0] ?? '',
    response_type: 'code',
    scope: options.scope ?? FULL_SCOPE,
    state,
    nonce: randomBytes(16).toString('base64url'),
  });
  if (options.audience !== null) params.set('audience', options.audience ?? idp.config.audience);
  if (options.pkce !== false) {
    params.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    params.set('code_challenge_method', 'S256');
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) params.set(name, value);
  return { url: `${idp.issuer}/auth?${params}`, verifier, state };
}

/** Starts an authorization request and returns the IdP's login page. */
export async function openLoginPage(idp: IdpFixture, browser: Browser, options: AuthorizationOptions = {}) {
  const authorization = authorizationRequest(idp, options);
  const page = await browser.get(authorization.url);
  return { page, authorization };
}

/** Full front-channel login: authorization request, login form, back at the redirect URI. */
export async function signIn(idp: IdpFixture, user: { email: string; password: string },
  options: AuthorizationOptions = {}, browser: Browser = createBrowser()) {
  const { page, authorization } = await openLoginPage(idp, browser, options);
  const callback = await browser.submitForm(page, { email: user.email, password: user.password }, '/login');
  return { browser, authorization, callback, code: codeFrom(callback) };
}

export function codeFrom(callback: Page): string {
  const url = new URL(callback.url);
  const code = url.searchParams.get('code');
  if (!url.pathname.endsWith('/auth/callback') || !code) {
    throw new Error(`no code: ${callback.status} at ${callback.url}\n${callback.body.slice(0, 300)}`);
  }
  return code;
}

export type TokenResponse = {
  access_token?: string; id_token?: string; refresh_token?: string; token_type?: string;
  expires_in?: number; scope?: string; error?: string; error_description?: string;
};

/** POST /token with client_secret_basic, as a confidential client does. */
export async function tokenRequest(idp: IdpFixture, params: Record<string, string>) {
  const response = await clientPost(idp, '/token', params);
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

/** A form POST authenticated with client_secret_basic (token, revocation, introspection endpoints). */
export function clientPost(idp: IdpFixture, path: string, params: Record<string, string>) {
  const { clientId, clientSecret } = idp.config.client;
  return fetch(`${idp.issuer}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params),
  });
}

export function exchangeCode(idp: IdpFixture, code: string, verifier: string) {
  return tokenRequest(idp, {
    grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: idp.config.client.redirectUris[0] ?? '',
  });
}

export function refresh(idp: IdpFixture, refreshToken: string) {
  return tokenRequest(idp, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Signs in and redeems the code: the tokens the BFF would hold for this user. */
export async function tokensFor(idp: IdpFixture, user: { email: string; password: string }, options: AuthorizationOptions = {}) {
  const login = await signIn(idp, user, options);
  const { status, body } = await exchangeCode(idp, login.code, login.authorization.verifier);
  if (status !== 200) throw new Error(`token endpoint: ${status} ${JSON.stringify(body)}`);
  return { ...login, tokens: body };
}

/** The app origin: 200 on the redirect URI; records logout tokens posted to the back-channel URI. */
function relyingParty(logoutTokens: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/auth/backchannel-logout') {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) logoutTokens.push(token);
        res.writeHead(token ? 200 : 400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('relying party');
    });
  };
}
