import type { RequestHandler } from 'express';
import { notAuthenticated } from '../http-error.js';

/** /api needs a logged-in session: anonymous calls get 401 JSON, never a redirect to the IdP. */
export const requireSession: RequestHandler = function requireSession(req, _res, next) {
  next(req.oidc.isAuthenticated() ? undefined : notAuthenticated());
};
