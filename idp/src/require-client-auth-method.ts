import type { NextFunction, Request, RequestHandler, Response } from 'express';

import type { ClientAuthMethod } from './config.js';

// oidc-provider 8 accepts a client_secret_basic client's secret in the form body and a
// client_secret_post client's secret in an Authorization header: to it the two are one method.
// Providers are not that lenient (LemonLDAP::NG and oauth2-mock-server read only the method they
// expect), and the tests must prove which method the BFF really sends, so the dev IdP holds the
// client to its one method. Decided on the Authorization header alone, before oidc-provider reads
// the body: basic needs it, the other two never send it. private_key_jwt's other refusals (a
// secret instead of an assertion, a wrong signature) are oidc-provider's.

/** The endpoints where the client authenticates (oidc-provider's default routes). */
export const CLIENT_AUTH_PATHS = ['/token', '/token/revocation', '/token/introspection'];

export function requireClientAuthMethod(method: ClientAuthMethod): RequestHandler {
  const wantsBasic = method === 'client_secret_basic';
  const refusal = wantsBasic
    ? `this client authenticates with client_secret_basic (IDP_CLIENT_AUTH_METHOD): send its id and secret in an Authorization: Basic header`
    : `this client authenticates with ${method} (IDP_CLIENT_AUTH_METHOD): send no Authorization header`;

  return function requireClientAuthMethodMiddleware(req: Request, res: Response, next: NextFunction): void {
    const basic = /^basic /i.test(req.headers.authorization ?? '');
    if (basic === wantsBasic) return next();
    // RFC 6749 5.2: invalid_client, with a Basic challenge when the client tried Basic.
    if (req.headers.authorization !== undefined) res.setHeader('WWW-Authenticate', 'Basic realm="dev-idp", error="invalid_client"');
    res.status(401).json({ error: 'invalid_client', error_description: refusal });
  };
}
