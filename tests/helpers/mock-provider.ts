import type { IncomingMessage, ServerResponse } from 'node:http';

import type { CryptoKey, JSONWebKeySet } from 'jose';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

import { listen } from './listen.js';
import { authenticateClient, clientCredentials, type ClientAuthMethod, type SeenMethod } from './mock-provider-client-auth.js';
import { createMockGrants } from './mock-provider-grants.js';
import { shapeTokens } from './mock-provider-hooks.js';
import { discoveryDocument, PATHS, type ProviderShape } from './mock-provider-shapes.js';

// A third-party OpenID provider for tests: oauth2-mock-server (npm, not written here) on a loopback
// port, shaped like Auth0, Microsoft Entra ID, Keycloak, Okta or LemonLDAP::NG. oauth2-mock-server
// does the protocol — the authorization redirect with code and state, PKCE, signing, the JWKS, the
// nonce in the ID token — and its hooks (beforeAuthorizeRedirect, beforeTokenSigning,
// beforeResponse, beforeUserinfo) shape tokens. A small listener in front gives each shape its
// URLs and discovery document and adds what the library leaves out: it authenticates no client,
// accepts any code (again and again) and any refresh token, advertises only `none` as the client
// authentication method, always lists end_session and revocation endpoints, and serves everything
// under the issuer's origin root. See mock-provider-shapes.ts and -claims.ts for each provider.

export { type ClientAuthMethod } from './mock-provider-client-auth.js';
export { type ProviderShape } from './mock-provider-shapes.js';

export type MockProviderOptions = Readonly<{
  /** Default `bff-demo-client` (with a `-`, which form-encoding changes). */
  clientId?: string;
  /** Default a secret with `-`, `_`, `.` and `~`. */
  clientSecret?: string;
  /** The API's audience, default https://api.bff-demo.local. */
  audience?: string;
  /** The one client authentication method accepted at the token and revocation endpoints; default client_secret_basic. */
  clientAuth?: ClientAuthMethod;
  /** The client's public keys, for private_key_jwt. */
  clientJwks?: JSONWebKeySet;
  /** Advertise and serve end_session_endpoint; default true except Auth0 (which has /v2/logout). */
  endSession?: boolean;
  /** Advertise and serve revocation_endpoint; default true where the provider has one. */
  revocation?: boolean;
  /** What discovery says about back-channel logout (the mock never sends it); default per provider. */
  backchannelLogout?: boolean;
  /** The token endpoint answers a random string as access_token. */
  opaqueAccessTokens?: boolean;
  /** Default true: every refresh returns a new refresh token and the old one is spent; false: no new one, the old one stays. */
  refreshRotation?: boolean;
  /** Default true: a refresh token when offline_access was asked for (Keycloak: always). */
  refreshTokens?: boolean;
  accessTokenTtlSeconds?: number;
  /** The API scopes the signed-in user has; default ['read:messages']. */
  userScopes?: readonly string[];
  /** Auth0 Organizations: the organization the user signs in to (org_id, org_name in both tokens). */
  organization?: Readonly<{ id: string; name?: string }>;
  /** Keycloak's behaviour: a logout without id_token_hint shows a confirmation page instead of redirecting. */
  confirmLogoutWithoutHint?: boolean;
}>;

export type MockProviderCounts = {
  discovery: number; jwks: number; authorizations: number; tokenRequests: number; codeExchanges: number;
  refreshes: number; revocations: number; endSessions: number; userinfo: number; clientAuthFailures: number;
};

export type TokenResponse = Readonly<Record<string, unknown> & {
  access_token?: string; id_token?: string; refresh_token?: string; expires_in?: number; scope?: string; error?: string;
}>;

export type MockProvider = Readonly<{
  shape: ProviderShape;
  issuer: string;
  origin: string;
  discoveryUrl: string;
  jwksUri: string;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  audience: string;
  counts: Readonly<MockProviderCounts>;
  /** How the client authenticated at each token and revocation request, in order. */
  authMethodsSeen: readonly SeenMethod[];
  /** The query of each logout request (end_session_endpoint or Auth0's /v2/logout), in order. */
  logouts: readonly URLSearchParams[];
  /** The front channel as a browser would go through it: the authorization redirect, with a fresh PKCE verifier, state and nonce. */
  authorize: (options?: SignInOptions) => Promise<{ code: string; verifier: string; nonce: string; redirectUri: string }>;
  /** A token endpoint request with the configured client authentication (or `clientAuth`). */
  tokenRequest: (params: Readonly<Record<string, string>>, options?: TokenRequestOptions) => Promise<{ status: number; tokens: TokenResponse }>;
  /** authorize, then the code exchange: the tokens a relying party gets. */
  signIn: (options?: SignInOptions & TokenRequestOptions) => Promise<{ status: number; tokens: TokenResponse; nonce: string }>;
  refresh: (refreshToken: string, options?: TokenRequestOptions) => Promise<{ status: number; tokens: TokenResponse }>;
  close: () => Promise<void>;
}>;

export type SignInOptions = Readonly<{
  scope?: string;
  /** The `audience` parameter; null leaves it out; default the configured audience. */
  audience?: string | null;
  redirectUri?: string;
}>;

export type TokenRequestOptions = Readonly<{
  /** Authenticate another way than the provider expects (to test its refusal). */
  clientAuth?: ClientAuthMethod;
  /** The client's private key, for private_key_jwt. */
  clientKey?: Readonly<{ privateKey: CryptoKey; kid: string }>;
}>;

export async function startMockProvider(shape: ProviderShape, options: MockProviderOptions = {}): Promise<MockProvider> {
  const paths = PATHS[shape];
  const client = {
    clientId: options.clientId ?? 'bff-demo-client',
    clientSecret: options.clientSecret ?? 'mock-secret_with.all~the-RFC3986-unreserved',
    method: options.clientAuth ?? 'client_secret_basic',
    ...(options.clientJwks ? { jwks: options.clientJwks } : {}),
  } as const;
  const audience = options.audience ?? 'https://api.bff-demo.local';
  const endSession = options.endSession ?? shape !== 'auth0';
  const revocation = (options.revocation ?? true) && paths.revocation !== undefined;
  const ttl = options.accessTokenTtlSeconds ?? 300;

  const listening = await listen();
  const origin = listening.url;
  const issuer = `${origin}${paths.issuerPath}${paths.issuerTrailingSlash ? '/' : ''}`;
  const discoveryUrl = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const tokenEndpoint = `${origin}${paths.token}`;

  const oauth2Issuer = new OAuth2Issuer();
  oauth2Issuer.url = issuer; // the `iss` of every token; the library would use the listening origin
  await oauth2Issuer.keys.generate('RS256');
  const service = new OAuth2Service(oauth2Issuer);
  const grants = createMockGrants({ shape, audience, userScopes: options.userScopes ?? ['read:messages'], organization: options.organization, refreshRotation: options.refreshRotation ?? true });
  const counts: MockProviderCounts = {
    discovery: 0, jwks: 0, authorizations: 0, tokenRequests: 0, codeExchanges: 0, refreshes: 0, revocations: 0, endSessions: 0, userinfo: 0, clientAuthFailures: 0,
  };
  const authMethodsSeen: SeenMethod[] = [];
  const logouts: URLSearchParams[] = [];
  const usedJtis = new Set<string>();

  const hooks = shapeTokens(service, {
    shape, issuer, origin, ttl, grants, clientId: client.clientId,
    opaqueAccessTokens: options.opaqueAccessTokens ?? false, refreshTokens: options.refreshTokens ?? true,
    onUserinfo: () => { counts.userinfo += 1; },
  });

  const delegate = (req: IncomingMessage, res: ServerResponse, internalPath: string) => {
    req.url = internalPath;
    service.requestHandler(req, res);
  };

  async function token(req: IncomingMessage, res: ServerResponse, body: Record<string, string>) {
    counts.tokenRequests += 1;
    const auth = await authenticateClient(client, req.headers, body, [issuer, tokenEndpoint], usedJtis);
    authMethodsSeen.push(auth.seen);
    if (auth.error) {
      counts.clientAuthFailures += 1;
      return refuseClient(res, auth);
    }
    const context = grants.redeem(body);
    if ('error' in context) return sendJson(res, 400, { error: context.error, error_description: context.description });
    if (context.grantType === 'authorization_code') counts.codeExchanges += 1;
    else counts.refreshes += 1;
    hooks.track(req, context);
    // Parsed here already: body-parser (in the library) skips a request whose body was read.
    (req as IncomingMessage & { body: unknown }).body = body;
    delegate(req, res, '/token');
  }

  async function revoke(req: IncomingMessage, res: ServerResponse, body: Record<string, string>) {
    const auth = await authenticateClient(client, req.headers, body, [issuer, `${origin}${paths.revocation}`, tokenEndpoint], usedJtis);
    authMethodsSeen.push(auth.seen);
    if (auth.error) {
      counts.clientAuthFailures += 1;
      return refuseClient(res, auth);
    }
    counts.revocations += 1;
    grants.revoke(body.token ?? ''); // RFC 7009 2.2: 200 whether or not the token was known
    res.writeHead(200).end();
  }

  function logout(res: ServerResponse, query: URLSearchParams, returnTo: string | null) {
    counts.endSessions += 1;
    logouts.push(query);
    const wantsHint = options.confirmLogoutWithoutHint ?? shape === 'keycloak';
    if (returnTo && !(wantsHint && !query.has('id_token_hint'))) {
      const target = new URL(returnTo);
      if (query.get('state')) target.searchParams.set('state', query.get('state') ?? '');
      res.writeHead(302, { location: target.href }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(returnTo ? '<p>Do you want to log out?</p><form method="post"><button>Logout</button></form>' : '<p>You are signed out.</p>');
    }
  }

  listening.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const route = `${req.method} ${url.pathname}`;
      if (route === `GET ${new URL(discoveryUrl).pathname}`) {
        counts.discovery += 1;
        return sendJson(res, 200, discoveryDocument(shape, origin, issuer, { endSession, revocation, backchannelLogout: options.backchannelLogout }));
      }
      if (route === `GET ${paths.jwks}`) {
        counts.jwks += 1;
        return delegate(req, res, '/jwks');
      }
      if (route === `GET ${paths.authorize}`) {
        if (url.searchParams.get('client_id') !== client.clientId) return sendJson(res, 400, { error: 'invalid_client', error_description: 'unknown client_id' });
        counts.authorizations += 1;
        return delegate(req, res, `/authorize${url.search}`);
      }
      if (route === `GET ${paths.userinfo}`) return delegate(req, res, '/userinfo');
      if (route === `POST ${paths.token}`) return token(req, res, await readForm(req));
      if (revocation && route === `POST ${paths.revocation}`) return revoke(req, res, await readForm(req));
      if (endSession && route === `GET ${paths.endSession}`) return logout(res, url.searchParams, url.searchParams.get('post_logout_redirect_uri'));
      // Auth0's own logout, served for every Auth0 tenant whatever discovery says.
      if (shape === 'auth0' && route === 'GET /v2/logout') {
        const clientId = url.searchParams.get('client_id');
        if (clientId !== null && clientId !== client.clientId) return sendJson(res, 400, { error: 'invalid_request', error_description: 'unknown client_id' });
        return logout(res, url.searchParams, url.searchParams.get('returnTo'));
      }
      if (shape === 'lemonldap' && route === 'GET /.well-known/jwks.json') {
        return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><title>LemonLDAP::NG portal</title></html>');
      }
      sendJson(res, 404, { error: 'not_found' });
    })().catch((error: unknown) => sendJson(res, 400, { error: 'invalid_request', error_description: (error as Error).message }));
  });

  async function authorize(request: SignInOptions = {}) {
    const { verifier, params, nonce, state } = grants.authorizationRequest(client.clientId, audience, request);
    const redirect = await fetch(`${origin}${paths.authorize}?${params}`, { redirect: 'manual' });
    const location = new URL(redirect.headers.get('location') ?? '', origin);
    const code = location.searchParams.get('code');
    if (location.searchParams.get('state') !== state || !code) throw new Error(`no code: ${redirect.status} ${location.href}`);
    return { code, verifier, nonce, redirectUri: params.get('redirect_uri') ?? '' };
  }

  async function tokenRequest(params: Readonly<Record<string, string>>, request: TokenRequestOptions = {}) {
    const method = request.clientAuth ?? client.method;
    const { headers, body } = await clientCredentials(client, method, tokenEndpoint, request.clientKey);
    const response = await fetch(tokenEndpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ ...params, ...body }),
    });
    return { status: response.status, tokens: await response.json() as TokenResponse };
  }

  return Object.freeze({
    shape, issuer, origin, discoveryUrl, jwksUri: `${origin}${paths.jwks}`, tokenEndpoint,
    clientId: client.clientId, clientSecret: client.clientSecret, audience,
    counts, authMethodsSeen, logouts,
    authorize,
    tokenRequest,
    async signIn(request: SignInOptions & TokenRequestOptions = {}) {
      const { code, verifier, nonce, redirectUri } = await authorize(request);
      const result = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, request);
      return { ...result, nonce };
    },
    refresh: (refreshToken: string, request: TokenRequestOptions = {}) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, request),
    close: () => listening.close(),
  });
}

// RFC 6749 5.2: invalid_client, with a Basic challenge when the client tried Basic.
function refuseClient(res: ServerResponse, auth: { seen: SeenMethod; error?: string }) {
  if (auth.seen === 'client_secret_basic') res.setHeader('WWW-Authenticate', 'Basic realm="mock-provider"');
  sendJson(res, 401, { error: 'invalid_client', error_description: auth.error });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    throw new Error('the body must be application/x-www-form-urlencoded');
  }
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65_536) throw new Error('the body is too large');
  }
  return Object.fromEntries(new URLSearchParams(text));
}
