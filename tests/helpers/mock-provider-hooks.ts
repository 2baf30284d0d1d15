import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { MutableRedirectUri, MutableResponse, MutableToken, OAuth2Service } from 'oauth2-mock-server';

import { accessTokenClaims, accessTokenType, idTokenClaims } from './mock-provider-claims.js';
import type { createMockGrants, TokenContext } from './mock-provider-grants.js';
import { ALICE, subjectOf, type ProviderShape } from './mock-provider-shapes.js';

// oauth2-mock-server's hooks, shaping what it builds: the grant of each authorization code, the
// claims and `typ` of the access and ID tokens, the token response (lifetime, scope, opaque access
// token, refresh token), the userinfo answer. Its own defaults (sub "johndoe", scope "dummy", an
// `amr`, one hour for every token, a new random refresh token on every response) are replaced.

type Settings = Readonly<{
  shape: ProviderShape;
  issuer: string;
  origin: string;
  ttl: number;
  grants: ReturnType<typeof createMockGrants>;
  clientId: string;
  opaqueAccessTokens: boolean;
  refreshTokens: boolean;
  onUserinfo: () => void;
}>;

export function shapeTokens(service: OAuth2Service, settings: Settings) {
  const { shape, issuer, ttl, grants } = settings;
  const requests = new WeakMap<IncomingMessage, TokenContext & { built: number }>();

  service.on('beforeAuthorizeRedirect', ({ url }: MutableRedirectUri, req: IncomingMessage) => {
    const code = url.searchParams.get('code');
    if (code) grants.authorized(code, new URL(req.url ?? '/', settings.origin).searchParams, settings.clientId);
  });

  // For one token request the library builds the access token first, then the ID token.
  service.on('beforeTokenSigning', (token: MutableToken, req: IncomingMessage) => {
    const context = requests.get(req);
    if (!context) return;
    const { payload } = token;
    for (const claim of ['sub', 'aud', 'scope', 'amr', 'nonce']) delete payload[claim];
    if (context.built++ === 0) {
      Object.assign(payload, accessTokenClaims(shape, context.grant, issuer), { exp: payload.iat + ttl });
      token.header.typ = accessTokenType(shape);
    } else {
      // OpenID Connect Core 12.2: no nonce in an ID token from a refresh.
      const nonce = context.grantType === 'authorization_code' ? context.grant.nonce : undefined;
      Object.assign(payload, idTokenClaims(shape, { ...context.grant, nonce }));
    }
  });

  service.on('beforeResponse', (response: MutableResponse, req: IncomingMessage) => {
    const context = requests.get(req);
    if (!context || response.statusCode !== 200 || typeof response.body !== 'object') return;
    const body = response.body;
    body.expires_in = ttl;
    body.scope = [...context.grant.oidcScopes, ...context.grant.apiScopes].join(' ');
    if (settings.opaqueAccessTokens || context.grant.opaque) body.access_token = randomBytes(32).toString('base64url');
    delete body.refresh_token;
    const next = grants.nextRefreshToken(context, settings.refreshTokens);
    if (next) body.refresh_token = next;
  });

  service.on('beforeUserinfo', (response: MutableResponse) => {
    settings.onUserinfo();
    response.body = { sub: subjectOf(shape), name: ALICE.name, email: ALICE.email, email_verified: true };
  });

  return {
    /** The token request about to be handed to the library, and what it redeems. */
    track: (req: IncomingMessage, context: TokenContext) => requests.set(req, { ...context, built: 0 }),
  };
}
