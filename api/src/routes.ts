import { Router, type NextFunction, type Request, type Response } from 'express';
import { HttpError } from './http-error.js';
import { requireScope } from './require-scope.js';

// The protected routes. They are only reachable through the `/api` mount in app.ts, which puts
// requireBearerToken and verifyAccessToken in front of this router: protection by mounting.
export function createApiRouter(): Router {
  const router = Router();
  router.get('/external', (_req, res) => {
    res.json({ message: 'Your Access Token was successfully validated!' });
  });
  router.get('/messages', requireScope('read:messages'), (_req, res) => {
    res.json({
      messages: [
        { id: 1, text: 'Tokens stay on the server; the browser only holds a session cookie.' },
        { id: 2, text: 'This list needs the read:messages scope.' },
      ],
    });
  });
  router.get('/admin', requireScope('admin:messages'), (_req, res) => {
    res.json({ message: 'Your access token has the admin:messages scope.' });
  });
  return router;
}

/** Liveness only, no token: mounted outside `/api`. */
export function health(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, 'not_found', 'No such route'));
}
